package dev.odoostack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.odoostack.testing.Cmd;
import dev.odoostack.testing.PulumiCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every `bin/odoo-stack ...` and `pulumi ...` command line of README.md and docs/ (code blocks and inline code)
 * goes through a parser: the command exists and each flag exists, against bin/odoo-stack --help and the real
 * Pulumi CLI's `pulumi <command> --help`. The offline ones run for real: `plan`, `--help`, and Pulumi's config
 * and stack commands against a throwaway backend in a copy of the project. `pulumi up`, `preview` and `destroy`
 * are parsed only here; the real-engine scenarios run them (OpwStackTest, docs/testing.md).
 */
class DocCommandsTest {

    /** One command as written in a doc: where, its words (quotes removed), and its doc-command marker, if any. */
    record Line(String where, String text, List<String> words, String marker, boolean blockMarker) {
        String tool() {
            return words.get(0);
        }
    }

    static List<Path> docs() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.walk(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
    private static final Pattern START = Pattern.compile("(?:^|&&|\\|\\||;|\\||\\$\\()\\s*((?:bin/odoo-stack|pulumi)(?:\\s|$).*)");

    /** A line or code block the tests cannot run: `<!-- doc-command: needs production access (opw-prod.shiny) -->`. */
    static final Pattern MARKER = Pattern.compile("<!--\\s*doc-command:\\s*(.*?)\\s*-->");

    static List<Line> lines() throws IOException {
        List<Line> found = new ArrayList<>();
        for (Path f : docs()) {
            boolean code = false;
            int n = 0;
            String pending = null; // a marker applies to the next line, or to the whole code block it opens
            String block = null;
            for (String raw : Files.readAllLines(f)) {
                n++;
                Matcher marker = MARKER.matcher(raw);
                String here = pending;
                pending = null;
                boolean rowMarker = false;
                if (marker.find()) {
                    String said = marker.group(1);
                    if (marker.replaceAll("").isBlank()) {
                        pending = said;
                        continue;
                    }
                    // at the end of a table row or prose line, where a line of its own would cut the table: like a
                    // block's marker, it covers the line's commands that nothing runs
                    here = said;
                    raw = marker.replaceAll("");
                    rowMarker = true;
                }
                if (raw.strip().startsWith("```")) {
                    code = !code;
                    block = code ? here : null;
                    continue;
                }
                if (code && block != null) {
                    here = block;
                }
                List<String> snippets = new ArrayList<>();
                if (code) {
                    snippets.add(raw.strip().replaceFirst("^\\$ ", ""));
                } else {
                    Matcher m = INLINE.matcher(raw);
                    while (m.find()) {
                        snippets.add(m.group(1));
                    }
                }
                for (String s : snippets) {
                    for (String command : commands(s)) {
                        found.add(new Line(f + ":" + n, command, words(command), here, code && block != null || rowMarker));
                    }
                }
            }
        }
        return found;
    }

    /** The bin/odoo-stack and pulumi commands in one snippet: after &&, ;, |, $( or at its start. */
    static List<String> commands(String snippet) {
        List<String> out = new ArrayList<>();
        String rest = snippet;
        int i = 0;
        while (i <= rest.length()) {
            Matcher m = START.matcher(rest.substring(i));
            if (!m.find()) {
                break;
            }
            String from = m.group(1);
            String command = cut(from);
            if (!command.isBlank()) {
                out.add(command.strip());
            }
            i += m.start(1) + Math.max(1, command.length());
        }
        return out;
    }

    /** The command up to a comment, a pipe, a list operator, a redirection or the ) that closes a $(. */
    static String cut(String s) {
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                if (depth == 0) {
                    return s.substring(0, i);
                }
                depth--;
            } else if (depth == 0 && (c == '|' || c == ';' || c == '&' || c == '>'
                    || (c == '#' && i > 0 && Character.isWhitespace(s.charAt(i - 1))))) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    static List<String> words(String command) {
        List<String> w = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    w.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            w.add(cur.toString());
        }
        return w;
    }

    // ---- bin/odoo-stack: its commands and their options, as its --help states them ----------------------------

    record Usage(Map<String, Set<String>> options, Map<String, String> passThrough) {
    }

    static Usage odooStackUsage() {
        String help = Cmd.run(List.of("bin/odoo-stack", "--help")).orThrow().out();
        Map<String, Set<String>> options = new HashMap<>();
        Map<String, String> passThrough = new HashMap<>();
        String current = null;
        Pattern head = Pattern.compile("^  ([a-z][a-z-]*)(?: (.*))?$");
        Pattern flag = Pattern.compile("(?<![\\w-])(--?[a-zA-Z][\\w-]*)");
        for (String l : help.lines().toList()) {
            if (l.startsWith("Environment")) {
                break;
            }
            Matcher h = head.matcher(l);
            if (h.matches()) {
                current = h.group(1);
                options.put(current, new LinkedHashSet<>(List.of("--help")));
                Matcher p = Pattern.compile("\\[(?:-- )?(pulumi [a-z]+|psql|odoo shell) options\\]").matcher(l);
                if (p.find()) {
                    passThrough.put(current, p.group(1));
                }
            }
            if (current != null) {
                Matcher f = flag.matcher(l);
                while (f.find()) {
                    options.get(current).add(f.group(1));
                }
            }
        }
        return new Usage(options, passThrough);
    }

    static boolean placeholder(String w) {
        return w.startsWith("<") || w.equals("...") || w.startsWith("$") || w.equals("N");
    }

    @Test
    void everyOdooStackLineNamesACommandAndOptionsItHas() throws Exception {
        Usage usage = odooStackUsage();
        List<String> wrong = new ArrayList<>();
        Map<String, List<Line>> pulumiChecks = new HashMap<>();
        int checked = 0;
        for (Line line : lines()) {
            if (!line.tool().equals("bin/odoo-stack") || line.words().size() < 2) {
                continue;
            }
            checked++;
            for (String command : line.words().get(1).split("/")) {
                if (placeholder(command)) {
                    continue;
                }
                if (command.equals("--help") || command.equals("-h")) {
                    continue;
                }
                Set<String> known = usage.options().get(command);
                if (known == null) {
                    wrong.add(line.where() + ": bin/odoo-stack has no command '" + command + "': " + line.text());
                    continue;
                }
                for (String w : line.words().subList(2, line.words().size())) {
                    String opt = w.replaceFirst("=.*", "");
                    if (opt.startsWith("-") && !placeholder(opt) && !known.contains(opt)) {
                        String through = usage.passThrough().get(command);
                        if (through == null) {
                            wrong.add(line.where() + ": bin/odoo-stack " + command + " has no option " + opt + ": " + line.text());
                        } else if (through.startsWith("pulumi")) {
                            pulumiChecks.computeIfAbsent(through, k -> new ArrayList<>()).add(line);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 50, "only " + checked + " bin/odoo-stack lines found: the extraction broke");
        assertEquals(List.of(), wrong, String.join("\n", wrong));
        System.out.println("DocCommandsTest: " + checked + " bin/odoo-stack lines checked");
        // the options handed on to pulumi up/preview must be Pulumi's
        Path cli = PulumiCli.find().orElse(null);
        if (cli != null && !pulumiChecks.isEmpty()) {
            Pulumi pulumi = new Pulumi(cli);
            for (var e : pulumiChecks.entrySet()) {
                Set<String> flags = pulumi.help(List.of(e.getKey().split(" ")[1])).flags();
                for (Line line : e.getValue()) {
                    for (String w : line.words()) {
                        String opt = w.replaceFirst("=.*", "");
                        if (opt.startsWith("-") && !flags.contains(opt) && !usage.options().get(line.words().get(1)).contains(opt)) {
                            wrong.add(line.where() + ": neither bin/odoo-stack nor " + e.getKey() + " has " + opt + ": " + line.text());
                        }
                    }
                }
            }
            assertEquals(List.of(), wrong, String.join("\n", wrong));
        }
    }

    // ---- pulumi: the real CLI's own help ----------------------------------------------------------------------

    record Help(Set<String> subcommands, Set<String> aliases, Set<String> flags) {
    }

    static final class Pulumi {
        final Path cli;
        final Map<List<String>, Help> cache = new HashMap<>();
        final Path home;

        Pulumi(Path cli) throws IOException {
            this.cli = cli;
            this.home = Files.createTempDirectory("pulumi-home");
        }

        Help help(List<String> path) {
            return cache.computeIfAbsent(path, p -> {
                List<String> c = new ArrayList<>(List.of(cli.toString()));
                c.addAll(p);
                c.add("--help");
                Cmd.Result r = Cmd.run(c, Map.of("PULUMI_HOME", home.toString(), "PULUMI_SKIP_UPDATE_CHECK", "true"), null,
                        Duration.ofSeconds(30)).orThrow();
                Set<String> subs = new LinkedHashSet<>();
                Set<String> aliases = new LinkedHashSet<>();
                Set<String> flags = new LinkedHashSet<>(List.of("--help", "-h"));
                String section = "";
                for (String l : r.out().lines().toList()) {
                    if (!l.startsWith(" ") && l.endsWith(":")) {
                        section = l;
                        continue;
                    }
                    if (section.equals("Aliases:")) {
                        aliases.addAll(List.of(l.strip().split(",\\s*")));
                    } else if (section.endsWith("Commands:")) {
                        Matcher m = Pattern.compile("^  (\\S+)").matcher(l);
                        if (m.find()) {
                            subs.add(m.group(1));
                        }
                    } else if (section.endsWith("Flags:")) {
                        Matcher m = Pattern.compile("^\\s+(?:(-\\w), )?(--[\\w-]+)").matcher(l);
                        if (m.find()) {
                            if (m.group(1) != null) {
                                flags.add(m.group(1));
                            }
                            flags.add(m.group(2));
                        }
                    }
                }
                return new Help(subs, aliases, flags);
            });
        }

        /** A subcommand by its name or one of its aliases (pulumi stack ls is pulumi stack list). */
        boolean subcommand(List<String> path, String word) {
            Set<String> subs = help(path).subcommands();
            if (subs.contains(word)) {
                return true;
            }
            for (String sub : subs) {
                List<String> p = new ArrayList<>(path);
                p.add(sub);
                if (help(p).aliases().contains(word)) {
                    return true;
                }
            }
            return false;
        }

        /** The command words (pulumi config set) and what is wrong with the line, if anything. */
        String check(Line line, List<String> command) {
            List<String> path = new ArrayList<>();
            List<String> w = line.words();
            int i = 1;
            while (i < w.size() && !w.get(i).startsWith("-") && subcommand(path, w.get(i))) {
                path.add(w.get(i));
                i++;
            }
            command.addAll(path);
            if (path.isEmpty() && w.size() > 1 && !w.get(1).startsWith("-")) {
                return "pulumi has no command '" + w.get(1) + "'";
            }
            Help h = help(path);
            if (!h.subcommands().isEmpty() && i < w.size() && !w.get(i).startsWith("-") && !placeholder(w.get(i))
                    && path.size() == 1 && List.of("stack", "plugin", "policy", "org").contains(path.get(0))) {
                return "pulumi " + String.join(" ", path) + " has no subcommand '" + w.get(i) + "'";
            }
            for (String word : w.subList(i, w.size())) {
                String opt = word.replaceFirst("=.*", "");
                if (opt.startsWith("-") && !placeholder(opt) && !h.flags().contains(opt)) {
                    return "pulumi " + String.join(" ", path) + " has no flag " + opt;
                }
            }
            return null;
        }
    }

    @Test
    void everyPulumiLineNamesACommandAndFlagsTheRealCliHas() throws Exception {
        Path cli = PulumiCli.find().orElse(null);
        Assumptions.assumeTrue(cli != null, PulumiCli.ABSENT);
        Pulumi pulumi = new Pulumi(cli);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Line line : lines()) {
            if (!line.tool().equals("pulumi")) {
                continue;
            }
            checked++;
            String problem = pulumi.check(line, new ArrayList<>());
            if (problem != null) {
                wrong.add(line.where() + ": " + problem + ": " + line.text());
            }
        }
        assertTrue(checked > 50, "only " + checked + " pulumi lines found: the extraction broke");
        assertEquals(List.of(), wrong, String.join("\n", wrong));
        System.out.println("DocCommandsTest: " + checked + " pulumi lines checked against " + cli);
    }

    // ---- the offline ones, for real ---------------------------------------------------------------------------

    /** {@code bin/odoo-stack ARGS} as the launcher runs it, in this JVM, with {@code repo} as the checkout and project. */
    static Cmd.Result inProcess(Path repo, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = dev.odoostack.commands.OdooStack.run(new dev.odoostack.commands.Env(repo.toAbsolutePath(), Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args),
                args.toArray(String[]::new));
        return new Cmd.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyPlanLineRunsAsWritten() throws Exception {
        List<String> failed = new ArrayList<>();
        Set<List<String>> seen = new LinkedHashSet<>();
        for (Line line : lines()) {
            List<String> w = planRuns(line) ? withStack(line.words()) : List.of();
            if (planRuns(line) && seen.add(w)) {
                // bin/odoo-stack's own command line, in this JVM, with the repository as the project
                Cmd.Result r = inProcess(Path.of("."), w.subList(1, w.size()));
                if (r.exit() != 0) {
                    failed.add(line.where() + ": " + line.text() + " -> exit " + r.exit() + ": " + r.err());
                }
            }
        }
        assertTrue(seen.size() >= 2, "plan lines: " + seen);
        assertEquals(List.of(), failed, String.join("\n", failed));
    }

    /** Config and stack reads and plain config writes, in a copy of the project on a throwaway backend. */
    @Test
    void pulumiConfigAndStackLinesRunAgainstAThrowawayBackend(@TempDir Path tmp) throws Exception {
        Path cli = PulumiCli.find().orElse(null);
        Assumptions.assumeTrue(cli != null, PulumiCli.ABSENT);
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        for (String f : List.of("Pulumi.yaml", "Pulumi.opw.yaml", "Pulumi.cm.yaml")) {
            Files.copy(Path.of(f), project.resolve(f));
        }
        Path passphrase = tmp.resolve("passphrase");
        Files.writeString(passphrase, "doc-test");
        Files.createDirectories(tmp.resolve("state"));
        Map<String, String> env = PulumiCli.env(tmp.resolve("home"), "file://" + tmp.resolve("state"), passphrase);
        // as bin/odoo-stack up leaves them: both stacks, with the passwords it generates (the dashboard's and the
        // backup's where a page turned those on)
        for (String stack : List.of("opw", "cm")) {
            PulumiCli.run(cli, project, env, null, "stack", "select", "--create", stack, "--secrets-provider", "passphrase").orThrow();
            for (String key : List.of("postgresPassword", "odooAdminPassword", "odooAdminLoginPassword", "traefikDashboardPassword", "backupPassword")) {
                PulumiCli.run(cli, project, env, "generated", "config", "set", "--secret", key, "--stack", stack).orThrow();
            }
        }
        Map<PulumiRun, List<Line>> runs = new java.util.EnumMap<>(PulumiRun.class);
        for (Line line : lines()) {
            PulumiRun kind = pulumiRun(line);
            if (kind != null) {
                runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(line);
            }
        }
        List<Line> writes = runs.getOrDefault(PulumiRun.WRITE, List.of());
        List<String> failed = new ArrayList<>();
        // in this order: a removed key is gone for the reads after it, so removals come last
        for (PulumiRun kind : PulumiRun.values()) {
            for (Line line : runs.getOrDefault(kind, List.of())) {
                // a secret set without a value prompts: the operator types it, the test pipes it
                Cmd.Result r = PulumiCli.run(cli, project, env, kind == PulumiRun.SECRET ? "typed-at-the-prompt" : null,
                        line.words().subList(1, line.words().size()).toArray(String[]::new));
                if (r.exit() != 0) {
                    failed.add(line.where() + ": " + line.text() + " -> " + r.err().strip());
                }
            }
        }
        System.out.println("DocCommandsTest: ran pulumi lines for real: " + runs.entrySet().stream()
                .map(e -> e.getValue().size() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT)).toList());
        assertTrue(writes.size() > 10, "config set lines run: " + writes.size());
        assertEquals(List.of(), failed, String.join("\n", failed));
    }

    // ---- which lines run offline here: the same predicates choose them for running and for the disposition ----

    static boolean planRuns(Line line) {
        List<String> w = line.words();
        return line.tool().equals("bin/odoo-stack") && w.size() >= 2 && w.get(1).equals("plan") && concrete(w);
    }

    /** No placeholder but the stack's (`<stack>`, `<target>`), which the test fills with the committed opw. */
    static boolean concrete(List<String> w) {
        return w.subList(1, w.size()).stream().filter(DocCommandsTest::placeholder).count() == (w.size() > 2 && placeholder(w.get(2)) ? 1 : 0);
    }

    /** The line's words with its stack placeholder, or a missing stack, as opw. */
    static List<String> withStack(List<String> w) {
        List<String> out = new ArrayList<>(w);
        if (out.size() == 2) {
            out.add("opw");
        } else if (placeholder(out.get(2))) {
            out.set(2, "opw");
        }
        return out;
    }

    /** The pulumi lines run against the throwaway backend, by kind; the order is the order they run in. */
    enum PulumiRun { SELECT, WRITE, SECRET, READ, REMOVE }

    static PulumiRun pulumiRun(Line line) {
        List<String> w = line.words();
        if (!line.tool().equals("pulumi") || w.stream().anyMatch(x -> placeholder(x) || x.contains("$(")) || w.size() < 2) {
            return null;
        }
        String verb = String.join(" ", w.subList(1, Math.min(3, w.size())));
        long positional = w.stream().filter(x -> !x.startsWith("-")).count();
        if (verb.equals("stack select") && w.contains("--create") && positional >= 4) {
            return PulumiRun.SELECT; // names its stack itself
        }
        if (verb.equals("stack ls")) {
            return PulumiRun.READ; // lists every stack: no stack of its own
        }
        boolean named = w.contains("--stack") || w.contains("-s") || w.stream().anyMatch(x -> x.startsWith("--stack="));
        if (!named) {
            return null; // a line without --stack acts on the selected stack: its context is the page, not here
        }
        if (verb.equals("config set") && !w.contains("--secret") && positional >= 6) {
            return PulumiRun.WRITE;
        }
        if (verb.equals("config set") && w.contains("--secret") && positional == 5) {
            return PulumiRun.SECRET;
        }
        if (verb.equals("config rm") && positional == 5) {
            return PulumiRun.REMOVE;
        }
        if (verb.startsWith("config get") || verb.equals("stack ls") || w.get(1).equals("config") && w.size() == 4) {
            return PulumiRun.READ;
        }
        return null;
    }

    /** bin/odoo-stack lines that need no engine: env, help, the Coolify compose render, settings --write. */
    static boolean odooStackRuns(Line line) {
        List<String> w = line.words();
        if (!line.tool().equals("bin/odoo-stack") || w.size() < 2) {
            return false;
        }
        return w.equals(List.of("bin/odoo-stack", "env")) || w.get(w.size() - 1).equals("--help") && w.size() <= 3
                || w.size() <= 3 && w.get(1).equals("compose") && concrete(w) || w.equals(List.of("bin/odoo-stack", "settings", "--write"));
    }

    @Test
    void offlineOdooStackLinesRunAsWritten(@TempDir Path tmp) throws Exception {
        List<String> failed = new ArrayList<>();
        Set<List<String>> seen = new LinkedHashSet<>();
        // settings --write rewrites these two: it runs on a copy, so the test never edits the checkout
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy.resolve("docs"));
        Files.copy(Path.of("Pulumi.yaml"), copy.resolve("Pulumi.yaml"));
        Files.copy(Path.of("docs/configuration.md"), copy.resolve("docs/configuration.md"));
        for (Line line : lines()) {
            if (!odooStackRuns(line)) {
                continue;
            }
            List<String> w = line.words().get(1).equals("compose") ? withStack(line.words()) : line.words();
            if (!seen.add(w)) {
                continue;
            }
            Cmd.Result r;
            if (w.get(1).equals("compose") || w.get(1).equals("settings")) {
                // bin/odoo-stack's own command line, in this JVM, writing into scratch directories, not the checkout
                List<String> args = new ArrayList<>(w.subList(1, w.size()));
                if (w.get(1).equals("compose")) {
                    args.addAll(List.of("--out", tmp.resolve("compose").toString()));
                }
                r = inProcess(w.get(1).equals("compose") ? Path.of(".") : copy, args);
            } else {
                r = Cmd.run(w, Map.of("ODOO_STACK_HOME", tmp.resolve("home").toString()), null, Duration.ofMinutes(2));
            }
            if (r.exit() != 0) {
                failed.add(line.where() + ": " + line.text() + " -> exit " + r.exit() + ": " + r.err().strip());
            }
        }
        System.out.println("DocCommandsTest: ran " + seen.size() + " distinct offline bin/odoo-stack lines: " + seen);
        assertEquals(List.of(), failed, String.join("\n", failed));
    }

    // ---- one disposition per line: run here, run by a named real-engine test, or marked in the doc -----------

    /**
     * The shape of a command (its command words and its flags, sorted, without the stack selection, which is the
     * test's own) mapped to the real-engine test method that runs it. The test reads that method's source.
     */
    private static final String RAW_PULUMI = "theDocsRawPulumiLinesReadPreviewAndReplaceOnTheDeployedStack";
    private static final String DROP_AND_DEMO = "thePreviousGenerationIsDroppedWithPsqlAndInitDemoCreatesTheDatabaseWithDemoData";

    static final Map<String, String> E2E = Map.ofEntries(
            Map.entry("bin/odoo-stack up", "DestroyUpTest#dataSurvivesDestroyAndUp"),
            Map.entry("bin/odoo-stack destroy", "DestroyUpTest#dataSurvivesDestroyAndUp"),
            Map.entry("bin/odoo-stack destroy --engine", "DestroyUpTest#dataSurvivesDestroyAndUp"),
            Map.entry("bin/odoo-stack up --engine", "EngineHandoverTest#aComposeStackIsHandedToPulumiWithItsPasswords"),
            Map.entry("bin/odoo-stack move-engine --to", "EngineHandoverTest#aComposeStackIsHandedToPulumiWithItsPasswords"),
            Map.entry("bin/odoo-stack restore", "RestoreIntoStackTest#aSecondRestoreHardLinksUnchangedFilesAndRollbackSwapsBack"),
            Map.entry("bin/odoo-stack restore --rollback", "RestoreIntoStackTest#aSecondRestoreHardLinksUnchangedFilesAndRollbackSwapsBack"),
            Map.entry("bin/odoo-stack restore --engine", "RestoreIntoStackTest#aSecondRestoreHardLinksUnchangedFilesAndRollbackSwapsBack"),
            Map.entry("bin/odoo-stack restore --engine --rollback",
                    "RestoreIntoStackTest#aSecondRestoreHardLinksUnchangedFilesAndRollbackSwapsBack"),
            Map.entry("bin/odoo-stack restore --from-backup",
                    "BackupTest#afterADisasterTheStackComesBackFromItsOwnBackupAsItWasAndRollbackUndoesIt"),
            Map.entry("bin/odoo-stack restore --from-backup --from-stack", "BackupAcrossStacksTest#anotherStacksBackupComesBackNeutralized"),
            Map.entry("bin/odoo-stack preview", "OpwStackTest#aWorkersChangeIsPreviewedAloneAndRecreatesOnlyOdooKeepingRows"),
            Map.entry("bin/odoo-stack rebuild", "OpwStackTest#rebuildWithNothingNewReplacesNothingAndANewAddonCommitReplacesOnlyOdoo"),
            Map.entry("bin/odoo-stack rebuild --engine", "OpwStackTest#rebuildWithNothingNewReplacesNothingAndANewAddonCommitReplacesOnlyOdoo"),
            Map.entry("bin/odoo-stack status", "OpwStackTest#statusLogsAndPsqlSeeTheRunningStack"),
            Map.entry("bin/odoo-stack logs", "OpwStackTest#statusLogsAndPsqlSeeTheRunningStack"),
            Map.entry("bin/odoo-stack logs -f", "OpwStackTest#statusLogsAndPsqlSeeTheRunningStack"),
            Map.entry("bin/odoo-stack refresh", "AutomationApiTest#refreshReadsAContainerRemovedByHandAndUpPutsItBack"),
            Map.entry("pulumi refresh", "AutomationApiTest#refreshReadsAContainerRemovedByHandAndUpPutsItBack"),
            Map.entry("pulumi cancel --yes", "AutomationApiTest#anotherUpdatesLockIsOneLineNamingWhoHoldsItAndTheFixForAStaleOne"),
            Map.entry("pulumi cancel", "AutomationApiTest#anotherUpdatesLockIsOneLineNamingWhoHoldsItAndTheFixForAStaleOne"),
            Map.entry("bin/odoo-stack psql", "OpwStackTest#statusLogsAndPsqlSeeTheRunningStack"),
            Map.entry("bin/odoo-stack backup", "BackupTest#aBackupNowTakesOneSnapshotOfDatabaseAndFilestoreWithProgress"),
            Map.entry("bin/odoo-stack cutover", "CutoverCheckTest#aReadyProductionStackMayStartACutoverAndEachCheckSaysSoInOneLine"),
            Map.entry("bin/odoo-stack cutover --discard-writes", "CutoverAbortTest#aWriteSinceTheSwapIsRefusedWithItsCountsAndDiscardedOnlyWhenAskedTo"),
            Map.entry("bin/odoo-stack cutover --keep",
                    "CutoverRehearsalTest#theKeptScratchStackHoldsProductionsDataUnneutralizedAndItsOdooCannotReachTheOutside"),
            Map.entry("bin/odoo-stack cutover --remove",
                    "CutoverRehearsalTest#aRehearsalRemovesTheLeftoverFirstThenItsOwnScratchStackAndCheckPrintsTheFreezeWindow"),
            Map.entry("bin/odoo-stack backups", "BackupTest#aBackupNowTakesOneSnapshotOfDatabaseAndFilestoreWithProgress"),
            Map.entry("bin/odoo-stack backup --drill", "BackupTest#theDrillRestoresTheNewestBackupIntoAScratchDatabaseAndACorruptRepositoryFailsIt"),
            Map.entry("bin/odoo-stack init", "DayTwoDatabaseStandInTest#aSecondInitIsRefusedWithOneLineAndChangesNothing"),
            Map.entry("bin/odoo-stack init --language --modules",
                    "DayTwoDatabaseStandInTest#initCreatesTheDatabaseWithoutDemoDataAndGivesAdminThePasswordOfTheSecret"),
            Map.entry("bin/odoo-stack shell", "DayTwoDatabaseStandInTest#shellRunsPythonFromStdinOnTheStacksDatabase"),
            Map.entry("bin/odoo-stack update", "DayTwoDatabaseStandInTest#updateTakesASnapshotFirstThenUpdatesAndOdooIsHealthyAfter"),
            Map.entry("pulumi up", "OpwStackTest#aWorkersChangeIsPreviewedAloneAndRecreatesOnlyOdooKeepingRows"),
            Map.entry("pulumi config set", "OpwStackTest#aWorkersChangeIsPreviewedAloneAndRecreatesOnlyOdooKeepingRows"),
            Map.entry("pulumi config set --secret", "EngineHandoverTest#aNewPostgresPasswordIsRotatedOnTheRunningStack"),
            Map.entry("pulumi destroy", "AttacksTest#aProductionStackIsNotDestroyedByBinOdooStackAndRawPulumiDestroyKeepsItsData"),
            Map.entry("pulumi stack export", "OpwStackTest#noPasswordInInspectInTheStateOrInTheStackFile"),
            Map.entry("pulumi stack output", "OpwStackTest#" + RAW_PULUMI),
            Map.entry("pulumi stack output --json", "OpwStackTest#" + RAW_PULUMI),
            Map.entry("pulumi preview", "OpwStackTest#" + RAW_PULUMI),
            Map.entry("pulumi logs", "OpwStackTest#" + RAW_PULUMI),
            Map.entry("pulumi preview --diff", "OpwStackTest#" + RAW_PULUMI),
            Map.entry("pulumi up --target-replace", "OpwStackTest#" + RAW_PULUMI),
            Map.entry("bin/odoo-stack preview --engine", "EngineHandoverTest#aComposeStackIsHandedToPulumiWithItsPasswords"),
            Map.entry("bin/odoo-stack update --all", "DayTwoDatabaseStandInTest#updateTakesASnapshotFirstThenUpdatesAndOdooIsHealthyAfter"),
            Map.entry("bin/odoo-stack shell -- --log-level", "DayTwoDatabaseStandInTest#shellRunsPythonFromStdinOnTheStacksDatabase"),
            Map.entry("bin/odoo-stack init --demo", "DayTwoDatabaseStandInTest#" + DROP_AND_DEMO),
            Map.entry("bin/odoo-stack psql -c -d", "DayTwoDatabaseStandInTest#" + DROP_AND_DEMO)
    );

    /** Flags RealEngine.Project.onEngine adds for the engine under test (RealEngine.Engine.flags). */
    static final Set<String> ENGINE_FLAGS = Set.of("--yes", "--skip-preview", "--engine");

    static String shape(Line line) {
        List<String> w = line.words();
        List<String> out = new ArrayList<>(List.of(w.get(0)));
        int i = 1;
        if (i < w.size() && !w.get(i).startsWith("-")) {
            out.add(w.get(i++));
            // pulumi's two-word commands: config set, stack output, ...
            if (w.get(0).equals("pulumi") && List.of("config", "stack", "plugin").contains(w.get(1)) && i < w.size()
                    && w.get(i).matches("[a-z-]+")) {
                out.add(w.get(i++));
            }
        }
        new java.util.TreeSet<>(w.subList(i, w.size()).stream().filter(x -> x.startsWith("-") && !placeholder(x))
                .map(x -> x.replaceFirst("=.*", ""))
                .filter(x -> !List.of("-s", "--stack").contains(x)).toList()).forEach(out::add);
        return String.join(" ", out);
    }

    /** The shapes of a line: `bin/odoo-stack up/preview/destroy` names three commands. */
    static List<String> shapes(Line line) {
        List<String> w = line.words();
        if (!w.get(0).equals("bin/odoo-stack") || !w.get(1).contains("/")) {
            return List.of(shape(line));
        }
        List<String> out = new ArrayList<>();
        for (String c : w.get(1).split("/")) {
            List<String> one = new ArrayList<>(w);
            one.set(1, c);
            out.add(shape(new Line(line.where(), line.text(), one, null, false)));
        }
        return out;
    }

    /** Why Class#method does not run the shape, or null when it does: its body holds the command's words in order. */
    static String e2eRuns(String shape, String target) throws IOException {
        String[] cm = target.split("#");
        Path file = Path.of("src/test/java/dev/odoostack/e2e", cm[0] + ".java");
        if (!Files.exists(file)) {
            return file + " does not exist";
        }
        String src = Files.readString(file);
        Matcher m = Pattern.compile("void " + Pattern.quote(cm[1]) + "\\(").matcher(src);
        if (!m.find()) {
            return file + " has no method " + cm[1];
        }
        int open = src.indexOf('{', m.end());
        int depth = 0;
        int end = open;
        for (; end < src.length(); end++) {
            char c = src.charAt(end);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                break;
            }
        }
        String body = src.substring(open, end);
        List<String> words = List.of(shape.split(" "));
        boolean pulumi = words.get(0).equals("pulumi");
        if (!body.contains(pulumi ? "pulumi(" : "odooStack(") && !body.contains("onEngine(") && !body.contains(".upOk(")
                && !body.contains("bin/odoo-stack")
                && !body.contains(".up(")) {
            return cm[0] + "#" + cm[1] + " runs no " + words.get(0);
        }
        int at = 0;
        for (String word : words.subList(1, words.size())) {
            if (word.startsWith("-")) {
                // as a word of its own, or with its value ("--log-level=warn")
                boolean present = body.contains("\"" + word + "\"") || body.contains("\"" + word + "=")
                        || ENGINE_FLAGS.contains(word) && body.contains("onEngine(");
                if (!present) {
                    return cm[0] + "#" + cm[1] + " never passes " + word;
                }
                continue;
            }
            // a command word, in order; `up` is also run by the Project.up/upOk helpers (onEngine("up", ...))
            int next = body.indexOf("\"" + word + "\"", at);
            if (next < 0 && word.equals("up") && !pulumi) {
                next = Math.max(body.indexOf(".upOk(", at), body.indexOf(".up(", at));
            }
            if (next < 0) {
                return cm[0] + "#" + cm[1] + " has no \"" + word + "\" after the words before it";
            }
            at = next + 1;
        }
        return null;
    }

    @Test
    void everyCommandLineIsRunHereOrByANamedRealEngineTestOrMarked() throws Exception {
        List<String> wrong = new ArrayList<>();
        Map<String, List<String>> byDisposition = new java.util.TreeMap<>();
        Map<String, String> e2eChecked = new HashMap<>();
        Set<String> shapesUsed = new LinkedHashSet<>();
        int names = 0;
        for (Line line : lines()) {
            if (line.words().size() < 2) {
                names++; // the tool's name alone in prose (`bin/odoo-stack`, `pulumi`) is not a command line
                continue;
            }
            boolean offline = planRuns(line) || pulumiRun(line) != null || odooStackRuns(line);
            List<String> shapes = shapes(line);
            boolean mapped = shapes.stream().allMatch(E2E::containsKey);
            // a block's marker covers its lines that nothing runs; a line's own marker must be needed
            if (line.marker() != null && !line.blockMarker() && (offline || mapped)) {
                wrong.add(line.where() + ": marked '" + line.marker() + "' but " + (offline ? "DocCommandsTest runs it"
                        : E2E.get(shapes.get(0)) + " runs it") + ": drop the marker: " + line.text());
            } else if (offline) {
                byDisposition.computeIfAbsent("1 run offline by DocCommandsTest", k -> new ArrayList<>()).add(line.where());
            } else if (mapped) {
                for (String s : shapes) {
                    shapesUsed.add(s);
                    String why = e2eChecked.computeIfAbsent(s, k -> {
                        try {
                            String r = e2eRuns(k, E2E.get(k));
                            return r == null ? "" : r;
                        } catch (IOException e) {
                            return e.toString();
                        }
                    });
                    if (!why.isEmpty()) {
                        wrong.add(line.where() + ": '" + s + "' is mapped to " + E2E.get(s) + ", but " + why + ": " + line.text());
                    }
                }
                byDisposition.computeIfAbsent("2 run by a real-engine test", k -> new ArrayList<>()).add(line.where());
            } else if (line.marker() != null) {
                if (!line.marker().startsWith("needs ")) {
                    wrong.add(line.where() + ": a marker says what the line needs (<!-- doc-command: needs ... -->), not '"
                            + line.marker() + "'");
                }
                byDisposition.computeIfAbsent("3 marked: " + line.marker(), k -> new ArrayList<>()).add(line.where());
            } else {
                wrong.add(line.where() + ": " + line.text() + ": no disposition: DocCommandsTest does not run it, its shape '"
                        + shapes.stream().filter(s -> !E2E.containsKey(s)).findFirst().orElse("")
                        + "' is not in DocCommandsTest.E2E, and no <!-- doc-command: needs ... --> marker precedes it");
            }
        }
        for (String s : E2E.keySet()) {
            if (!shapesUsed.contains(s)) {
                wrong.add("DocCommandsTest.E2E maps '" + s + "', which no doc line has any more: drop the row");
            }
        }
        StringBuilder summary = new StringBuilder("DocCommandsTest: dispositions (" + names + " bare tool names left aside)\n");
        byDisposition.forEach((k, v) -> summary.append("  ").append(v.size()).append(" ").append(k).append('\n'));
        new java.util.TreeMap<>(E2E).forEach((k, v) -> summary.append("    ").append(k).append(" -> ").append(v).append('\n'));
        System.out.print(summary);
        assertEquals(List.of(), wrong, String.join("\n", wrong));
    }
}
