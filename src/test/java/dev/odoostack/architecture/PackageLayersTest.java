package dev.odoostack.architecture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packages under dev.odoostack import in one direction only (docs/architecture.md, "The code, layer by layer"):
 * settings, then plain specs, then the service builders, their assembly, the two back-ends and the CLI on top.
 * The imports are read from the compiled classes with jdeps, and from the sources as well: the compiler copies
 * constants into the classes that use them, so a reference to a constant alone leaves no trace in the bytecode.
 */
class PackageLayersTest {

    /**
     * Which package may import which, lowest layer first. A service may import another service only where the
     * dependency is real and one-way; each such edge says why.
     */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        allow("config");                                        // the stack file, validated into Settings
        allow("model", "config");                               // plain specs; StackIdentity, StateLayout cut from Settings
        allow("database", "config", "model");
        allow("images", "config", "model");
        allow("edge", "config", "model");
        allow("odoo", "config", "model",
                "database");                                    // Odoo connects to PostgreSQL: its name and port
        allow("backup", "config", "model",
                "database",                                     // it dumps the database: its name and port
                "images");                                      // its image is content-tagged as a build is
        allow("restore", "config", "model",
                "database", "odoo");                            // it replaces their data and restarts them
        allow("cutover", "config");                             // decisions of a cutover over facts the command gathers;
                                                                // the rehearsal's scratch stack derived from production's Settings
        allow("assembly", "config", "model", "database", "images", "edge", "odoo", "backup", "restore");
        allow("compose", "config", "model");                    // it maps the specs; they carry every decision
        allow("program", "config", "model", "assembly");
        allow("plan", "config");                                // Pulumi's mock engine behind one adapter: any program in, a plan out
        // offline: the plan, Coolify's compose file, what the engines read from the stack files without Docker
        allow("cli", "config", "model", "images", "edge", "odoo", "restore", "assembly", "compose", "program", "plan");
        // the engines: the Automation API, the compose engine's rendering (a compose file, its builds), the tools they run
        allow("engine", "config", "model", "images", "assembly", "compose", "program", "cli");
        allow("commands", "config", "model", "images", "odoo", "restore", "cutover", "assembly", "cli", "engine");  // bin/odoo-stack: one class per command
    }

    private static void allow(String pkg, String... imports) {
        ALLOWED.put(pkg, Set.of(imports));
    }

    static final String ROOT = "dev.odoostack.";
    private static final Pattern JDEPS_LINE = Pattern.compile(
            "^\\s+dev\\.odoostack\\.(\\S+)\\s+->\\s+dev\\.odoostack\\.(\\S+)\\s+.*$", Pattern.MULTILINE);
    private static final Pattern SOURCE_REFERENCE = Pattern.compile("\\bdev\\.odoostack\\.([a-z][a-z0-9]*)\\.[A-Z*]");

    /** package -> imported package -> one place that shows it (class -> class, or a source file). */
    static SortedMap<String, SortedMap<String, String>> graph;

    @BeforeAll
    static void readDependencies() throws IOException {
        graph = new TreeMap<>();
        fromClasses(Path.of("target/classes"));
        fromSources(Path.of("src/main/java/dev/odoostack"));
        assertTrue(packages().containsAll(List.of("config", "model", "odoo", "cli")),
                "read too little to judge: " + packages() + " (run after compiling, from the project directory)");
    }

    @Test
    void noPackageImportsItselfBackThroughOthers() {
        Optional<List<String>> cycle = cycle(graph);
        cycle.ifPresent(c -> fail("packages import each other in a loop: " + String.join(" -> ", c)
                + "\n" + describe(c)));
    }

    @Test
    void everyImportGoesDownTheLayers() {
        List<String> wrong = new ArrayList<>();
        graph.forEach((from, edges) -> edges.forEach((to, where) -> {
            Set<String> allowed = ALLOWED.get(from);
            if (allowed != null && !allowed.contains(to)) {
                wrong.add(ROOT + from + " imports " + ROOT + to + " (" + where + "), which the layering does not allow: "
                        + from + " may import only " + new TreeSet<>(allowed)
                        + ". Move the shared piece down (into model or the lower package), or change the table in "
                        + "PackageLayersTest and docs/architecture.md if the dependency is real and one-way.");
            }
        }));
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyPackageHasItsPlaceInTheLayers() {
        Set<String> unplaced = packages();
        unplaced.removeAll(ALLOWED.keySet());
        assertEquals(Set.of(), unplaced, "packages missing from PackageLayersTest.ALLOWED (and docs/architecture.md)");
    }

    @Test
    void theTableItselfPointsOneWay() {
        Map<String, SortedMap<String, String>> table = new TreeMap<>();
        ALLOWED.forEach((from, to) -> {
            SortedMap<String, String> edges = new TreeMap<>();
            to.forEach(t -> edges.put(t, "allowed in the table"));
            table.put(from, edges);
        });
        assertEquals(Optional.empty(), cycle(table));
    }

    /** A check that cannot fail proves nothing: a loop put into a copy of the graph is found and named. */
    @Test
    void aLoopIsFoundAndNamed() {
        SortedMap<String, SortedMap<String, String>> withBackEdge = new TreeMap<>();
        graph.forEach((k, v) -> withBackEdge.put(k, new TreeMap<>(v)));
        withBackEdge.computeIfAbsent("model", k -> new TreeMap<>()).put("odoo", "model.Example -> odoo.Odoo");
        List<String> c = cycle(withBackEdge).orElseThrow(() -> new AssertionError("the back-edge model -> odoo was not found"));
        assertTrue(c.contains("model") && c.contains("odoo"), "the loop named: " + c);
    }

    private static void fromClasses(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("jdeps is not in this JDK (module jdk.jdeps)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", classes.toString());
        assertEquals(0, rc, "jdeps failed: " + err);
        Matcher m = JDEPS_LINE.matcher(out.toString());
        while (m.find()) {
            String fromClass = m.group(1);
            String toClass = m.group(2);
            add(pkg(fromClass), pkg(toClass), fromClass + " -> " + toClass);
        }
    }

    private static void fromSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String from = root.relativize(f.getParent()).toString().replace('/', '.');
                Matcher m = SOURCE_REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    add(from, m.group(1), root.relativize(f).toString());
                }
            }
        }
    }

    /** Every package that imports or is imported. */
    private static Set<String> packages() {
        Set<String> all = new TreeSet<>(graph.keySet());
        graph.values().forEach(edges -> all.addAll(edges.keySet()));
        return all;
    }

    /** {@code odoo.Odoo$Builder} -> {@code odoo}; sub-packages count as their own. */
    private static String pkg(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    private static void add(String from, String to, String where) {
        if (!from.equals(to)) {
            graph.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, where);
        }
    }

    /** The first loop found, as its packages in order with the first repeated at the end; empty when none. */
    static Optional<List<String>> cycle(Map<String, SortedMap<String, String>> g) {
        Set<String> done = new HashSet<>();
        for (String start : g.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            Optional<List<String>> found = visit(g, start, path, new HashSet<>(), done);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(Map<String, SortedMap<String, String>> g, String node,
                                                Deque<String> path, Set<String> onPath, Set<String> done) {
        if (onPath.contains(node)) {
            List<String> loop = new ArrayList<>();
            boolean in = false;
            for (var it = path.descendingIterator(); it.hasNext(); ) {
                String p = it.next();
                in |= p.equals(node);
                if (in) {
                    loop.add(p);
                }
            }
            loop.add(node);
            return Optional.of(loop);
        }
        if (!done.add(node)) {
            return Optional.empty();
        }
        path.push(node);
        onPath.add(node);
        for (String next : g.getOrDefault(node, new TreeMap<>()).keySet()) {
            Optional<List<String>> found = visit(g, next, path, onPath, done);
            if (found.isPresent()) {
                return found;
            }
        }
        onPath.remove(node);
        path.pop();
        return Optional.empty();
    }

    private static String describe(List<String> loop) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < loop.size(); i++) {
            b.append("  ").append(loop.get(i)).append(" -> ").append(loop.get(i + 1)).append(": ")
                    .append(graph.get(loop.get(i)).get(loop.get(i + 1))).append('\n');
        }
        return b.toString();
    }
}
