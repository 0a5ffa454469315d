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

    /** One command as written in a doc: where, and its words (quotes removed). */
    record Line(String where, String text, List<String> words) {
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

    static List<Line> lines() throws IOException {
        List<Line> found = new ArrayList<>();
        for (Path f : docs()) {
            boolean code = false;
            int n = 0;
            for (String raw : Files.readAllLines(f)) {
                n++;
                if (raw.strip().startsWith("```")) {
                    code = !code;
                    continue;
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
                        found.add(new Line(f + ":" + n, command, words(command)));
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

    @Test
    void everyPlanLineRunsAsWritten() throws Exception {
        List<String> failed = new ArrayList<>();
        Set<List<String>> seen = new LinkedHashSet<>();
        for (Line line : lines()) {
            List<String> w = line.words();
            if (line.tool().equals("bin/odoo-stack") && w.size() >= 3 && w.get(1).equals("plan") && w.stream().noneMatch(DocCommandsTest::placeholder)
                    && seen.add(w)) {
                // what bin/odoo-stack plan executes: the program's plan, with the repository as the project
                List<String> args = new ArrayList<>(w.subList(1, w.size()));
                args.addAll(List.of("--project-dir", "."));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                if (code != 0) {
                    failed.add(line.where() + ": " + line.text() + " -> exit " + code + ": " + err.toString(StandardCharsets.UTF_8));
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
        List<Line> writes = new ArrayList<>();
        List<Line> reads = new ArrayList<>();
        for (Line line : lines()) {
            List<String> w = line.words();
            if (!line.tool().equals("pulumi") || w.stream().anyMatch(x -> placeholder(x) || x.contains("$(")) || w.size() < 2) {
                continue;
            }
            String verb = String.join(" ", w.subList(1, Math.min(3, w.size())));
            boolean named = w.contains("--stack") || w.contains("-s") || w.stream().anyMatch(x -> x.startsWith("--stack="));
            if (!named) {
                continue; // a line without --stack acts on the selected stack: its context is the page, not here
            }
            if (verb.equals("config set") && !w.contains("--secret") && w.stream().filter(x -> !x.startsWith("-")).count() >= 6) {
                writes.add(line);
            } else if (verb.startsWith("config get") || verb.equals("stack ls") || (verb.equals("stack output") && w.size() <= 5)
                    || w.get(1).equals("config") && w.size() == 4) {
                reads.add(line);
            }
        }
        List<String> failed = new ArrayList<>();
        for (Line line : writes) {
            Cmd.Result r = PulumiCli.run(cli, project, env, null, line.words().subList(1, line.words().size()).toArray(String[]::new));
            if (r.exit() != 0) {
                failed.add(line.where() + ": " + line.text() + " -> " + r.err().strip());
            }
        }
        for (Line line : reads) {
            Cmd.Result r = PulumiCli.run(cli, project, env, null, line.words().subList(1, line.words().size()).toArray(String[]::new));
            if (r.exit() != 0) {
                failed.add(line.where() + ": " + line.text() + " -> " + r.err().strip());
            }
        }
        System.out.println("DocCommandsTest: ran " + writes.size() + " pulumi config set and " + reads.size() + " read lines for real");
        assertTrue(writes.size() > 10, "config set lines run: " + writes.size());
        assertEquals(List.of(), failed, String.join("\n", failed));
    }
}
