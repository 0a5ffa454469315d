package dev.odoostack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The offline plan against the committed stack files. Golden files live in src/test/resources/golden; after an
 * intended change, refresh them with {@code mvn test -Dtest=PlanTest -Dgolden.update=true} and review the diff.
 */
class PlanTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    /**
     * The environment the plans are made in: none, so that the shell's DOCKER_HOST (rootless Docker, a remote engine)
     * does not enter them; the Docker engine of a stack without docker:host is then the local socket.
     */
    static final Map<String, String> ENVIRONMENT = Map.of();

    /** The text plan of a committed stack: exit code, stdout, stderr. */
    static String[] plan(String stack) {
        return plan(Path.of("."), stack, false, ENVIRONMENT);
    }

    static String[] json(String stack) {
        return plan(Path.of("."), stack, true, ENVIRONMENT);
    }

    static String[] plan(Path projectDir, String stack, boolean json, Map<String, String> environment) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = OfflineCommands.plan(projectDir, stack, json, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[]{String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    static String providerHost(String jsonPlan) throws Exception {
        for (JsonNode r : new ObjectMapper().readTree(jsonPlan).path("resources")) {
            if (r.path("type").asText().equals("pulumi:providers:docker")) {
                return r.path("inputs").path("host").asText();
            }
        }
        throw new AssertionError("no docker provider in the plan");
    }

    @Test
    void theDockerEngineIsTheOneOfTheEnvironmentGivenNeverTheShells() throws Exception {
        String[] elsewhere = plan(Path.of("."), "cm", true, Map.of("DOCKER_HOST", "unix:///tmp/elsewhere.sock"));
        assertEquals("0", elsewhere[0], elsewhere[2]);
        assertEquals("unix:///tmp/elsewhere.sock", providerHost(elsewhere[1]), "pulumi up from that shell would go there");
        assertEquals("unix:///var/run/docker.sock", providerHost(json("cm")[1]),
                "the golden plans are made without one, whatever the shell running the tests exports");
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void matchesTheReviewedGoldenPlan(String stack) throws Exception {
        String[] r = json(stack);
        assertEquals("0", r[0], r[2]);
        Path golden = GOLDEN.resolve(stack + ".plan.json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, r[1]);
        }
        assertEquals(Files.readString(golden), r[1],
                "plan of " + stack + " changed; if intended, refresh with -Dgolden.update=true and review the diff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--json", "--text"})
    void theSameFilesGiveByteIdenticalOutput(String format) {
        boolean json = format.equals("--json");
        String first = plan(Path.of("."), "opw", json, ENVIRONMENT)[1];
        for (int i = 0; i < 3; i++) {
            assertEquals(first, plan(Path.of("."), "opw", json, ENVIRONMENT)[1]);
        }
    }

    /** The container labels of a text plan, label by value, in the order printed. */
    static Map<String, String> labels(String text, String container) {
        int at = text.indexOf("type: docker:index/container:Container\n  name: " + container + "\n");
        assertTrue(at >= 0, container + " in\n" + text);
        String block = text.substring(at, text.indexOf("\n- type:", at) < 0 ? text.length() : text.indexOf("\n- type:", at));
        Map<String, String> out = new java.util.LinkedHashMap<>();
        var m = java.util.regex.Pattern.compile("\n {4}- label: (.*)\n {6}value: (.*)").matcher(block);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    @Test
    void aLabelThatLooksLikeADigestIsARealOne() throws Exception {
        String emptyOutput = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(new byte[0])).substring(0, 16);
        // opw fetches addon repositories: Odoo is replaced when the commits they resolve to change, which only the
        // checkout knows once it has run; until then the plan says so instead of showing a digest of nothing
        String opw = plan("opw")[1];
        assertEquals("\"[unknown]\"", labels(opw, "odoo").get("odoo-stack.fetch-addons"), opw);
        assertFalse(opw.contains(emptyOutput), "a digest of an empty output is no digest of anything real");
        // cm fetches none: nothing to restart on, so no such label at all
        String cm = plan("cm")[1];
        assertFalse(cm.contains("odoo-stack.fetch-addons"), cm);
        assertFalse(cm.contains(emptyOutput), cm);
    }

    /** The {@code type::name} of each resource of a text plan, in the order printed. */
    static java.util.List<String> addresses(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        var m = java.util.regex.Pattern.compile("\n- type: (.*)\n  name: (.*)(?=\n)").matcher(text);
        while (m.find()) {
            out.add(m.group(1) + "::" + m.group(2).replaceAll("^\"|\"$", ""));
        }
        return out;
    }

    /** Every {@code dependsOn} target named in a text plan. */
    static java.util.Set<String> dependencies(String text) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        var m = java.util.regex.Pattern.compile("\n    dependsOn:\n((?:    - .*\n)+)").matcher(text);
        while (m.find()) {
            m.group(1).lines().forEach(l -> out.add(l.substring("    - ".length())));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void everythingTheContainersDependOnIsListedTheStackReferenceToo(String stack) {
        String text = plan(stack)[1];
        String self = "pulumi:pulumi:StackReference::organization/odoo-stack/" + stack;
        assertTrue(dependencies(text).contains(self), "the change guard's read of the stack's own outputs:\n" + text);
        java.util.List<String> listed = addresses(text);
        for (String d : dependencies(text)) {
            assertTrue(listed.contains(d), d + " is depended on but not listed in\n" + text);
        }
        assertTrue(text.contains("type: pulumi:pulumi:StackReference\n  name: organization/odoo-stack/" + stack
                + "\n  read: "), "marked as read, not created:\n" + text);
    }

    /** What each resource of a text plan waits for: its dependsOn and its parent, by {@code type::name}. */
    static Map<String, java.util.Set<String>> waits(String text) {
        Map<String, java.util.Set<String>> out = new java.util.LinkedHashMap<>();
        for (String chunk : text.split("\n- type: ")) {
            String block = chunk + "\n";
            var head = java.util.regex.Pattern.compile("^(.*)\n  name: (.*)\n").matcher(block);
            if (!head.find() || block.startsWith("#")) {
                continue;
            }
            java.util.Set<String> w = new java.util.TreeSet<>(dependencies("\n" + block + "\n"));
            var parent = java.util.regex.Pattern.compile("\n  parent: (.+)\n").matcher(block);
            if (parent.find() && !parent.group(1).equals("\"\"")) {
                w.add(parent.group(1));
            }
            out.put(head.group(1) + "::" + head.group(2).replaceAll("^\"|\"$", ""), w);
        }
        return out;
    }

    static int first(java.util.List<String> order, String typePrefix) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).startsWith(typePrefix)) {
                return i;
            }
        }
        return -1;
    }

    static int last(java.util.List<String> order, String typePrefix) {
        int at = -1;
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).startsWith(typePrefix)) {
                at = i;
            }
        }
        return at;
    }

    static void assertStartOrder(String text, boolean volumes) {
        java.util.List<String> order = addresses(text);
        Map<String, java.util.Set<String>> waits = waits(text);
        assertEquals(order, java.util.List.copyOf(waits.keySet()));
        for (int i = 0; i < order.size(); i++) {
            for (String w : waits.get(order.get(i))) {
                assertTrue(order.indexOf(w) >= 0 && order.indexOf(w) < i, order.get(i) + " is listed before " + w
                        + ", which it waits for: " + order);
            }
        }
        // what an operator reads top down: networks, volumes, images, PostgreSQL, then what waits for it
        String network = "docker:index/network:Network::";
        String volume = "docker:index/volume:Volume::";
        int postgres = order.indexOf("docker:index/container:Container::postgres");
        assertTrue(last(order, network) >= 0 && postgres > 0, order.toString());
        if (volumes) {
            assertTrue(last(order, network) < first(order, volume), order.toString());
            assertTrue(last(order, volume) < first(order, "docker:index/image:Image::"), order.toString());
        } else {
            assertEquals(-1, first(order, volume));
        }
        assertTrue(last(order, network) < first(order, "docker:index/image:Image::"), order.toString());
        assertTrue(last(order, "docker:index/image:Image::") < first(order, "docker:index/remoteImage:RemoteImage::"), order.toString());
        assertTrue(last(order, "docker:index/remoteImage:RemoteImage::") < postgres, order.toString());
        // only a container that waits for no other one starts with PostgreSQL (odoo-init's chown on a bind stack)
        for (String before : order.subList(0, postgres)) {
            assertTrue(waits.get(before).stream().noneMatch(w -> w.startsWith("docker:index/container:Container::")),
                    before + " is listed before PostgreSQL but waits for a container: " + order);
        }
        waits.forEach((r, w) -> {
            if (w.contains("docker:index/container:Container::postgres")) {
                assertTrue(order.indexOf(r) > postgres, r + " waits for PostgreSQL: " + order);
            }
        });
        assertTrue(order.indexOf("docker:index/container:Container::odoo") > postgres, order.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void resourcesAreListedInTheOrderTheyStart(String stack) {
        assertStartOrder(plan(stack)[1], false);
    }

    @Test
    void namedVolumesComeAfterTheNetworksAndBeforeTheImages(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.createSymbolicLink(dir.resolve("docker"), Path.of("docker").toAbsolutePath()); // the build contexts
        Files.writeString(dir.resolve("Pulumi.nv.yaml"), """
                config:
                  odoo-stack:volumes: named
                """);
        String[] r = plan(dir, "nv", false, ENVIRONMENT);
        assertEquals("0", r[0], r[2]);
        assertStartOrder(r[1], true);
    }

    @Test
    void sizesReadWithTheirUnitsInTheTextAndStayNumbersInTheJson() throws Exception {
        String opw = plan("opw")[1];
        // a bare 17920 says neither MB nor bytes; Docker's "20m" could be minutes
        var bare = java.util.regex.Pattern.compile("\n +(memory|memorySwap|shmSize|waitTimeout|max-size|\\w+Bytes|fileMode): \"?\\d+[kmg]?\"?\n")
                .matcher(opw);
        assertFalse(bare.find(), () -> "a bare number: " + bare.group());
        assertTrue(opw.contains("\n    memory: 17.5 GiB\n    memorySwap: 17.5 GiB\n"), opw);
        assertTrue(opw.contains("\n    shmSize: 256 MiB\n"), opw);
        assertTrue(opw.contains("\n      max-size: 20 MiB\n"), opw);
        assertTrue(opw.contains("\n    waitTimeout: 300s\n"), opw);
        JsonNode odoo = null;
        for (JsonNode r : new ObjectMapper().readTree(json("opw")[1]).path("resources")) {
            if (r.path("type").asText().equals("docker:index/container:Container") && r.path("name").asText().equals("odoo")) {
                odoo = r;
            }
        }
        assertNotNull(odoo);
        assertEquals(17920, odoo.path("inputs").path("memory").asInt(), "for machines: the provider's own value, in MB");
        assertEquals("20m", odoo.path("inputs").path("logOpts").path("max-size").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void noEmptyBlocksOnlyWhatIsSet(String stack) {
        String text = plan(stack)[1];
        assertFalse(text.contains("inputs: {}"), text);
        assertFalse(text.contains("parent: \"\""), text);
        // the stack and its components are still listed: by type, name and parent alone
        assertTrue(text.contains("\nresources:\n- type: pulumi:pulumi:Stack\n  name: odoo-stack-" + stack + "\n- type: "), text);
        assertTrue(text.contains("\n- type: odoo-stack:odoo:Odoo\n  name: odoo\n  parent: pulumi:pulumi:Stack::odoo-stack-"
                + stack + "\n- type: "), text);
    }

    @Test
    void unsetSecretsRenderAsNotSet() {
        String text = plan("opw")[1];
        assertTrue(text.contains("[secret: not set]"), text);
        assertTrue(text.contains("type: docker:index/container:Container"));
    }

    @Test
    void badConfigPrintsOnlyTheProblemsAndExitsNonZero(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Pulumi.bad.yaml"), """
                config:
                  odoo-stack:odooWorkers: many
                  odoo-stack:odooDomains: [Bad.Example]
                  odoo-stack:postgresPassword: plain-text-password
                """);
        String[] r = plan(dir, "bad", false, ENVIRONMENT);
        assertEquals("1", r[0]);
        assertEquals("", r[1], "nothing may be planned");
        assertTrue(r[2].contains("odoo-stack:odooWorkers = \"many\""), r[2]);
        assertTrue(r[2].contains("odoo-stack:odooDomains = \"Bad.Example\": must be lower case"), r[2]);
        assertTrue(r[2].contains("odoo-stack:postgresPassword"), r[2]);
        assertFalse(r[2].contains("plain-text-password"), r[2]);
    }

    @Test
    void aSwarmStackPlansServicesWithTheirSecretsHidden(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.createSymbolicLink(dir.resolve("docker"), Path.of("docker").toAbsolutePath()); // the build contexts
        Files.writeString(dir.resolve("Pulumi.sw.yaml"), """
                config:
                  odoo-stack:dockerMode: swarm
                  odoo-stack:odooReplicas: 3
                  odoo-stack:postgresPassword:
                    secure: v1:c2FsdHNhbHQ=:ZW5jcnlwdGVk
                """);
        String[] r = plan(dir, "sw", false, ENVIRONMENT);
        assertEquals("0", r[0], r[2]);
        String text = r[1];
        assertFalse(text.contains("type: docker:index/container:Container"), "a swarm runs services");
        for (String name : java.util.List.of("sw_postgres", "sw_odoo", "sw_odoo-cron", "sw_traefik", "sw_docker-api")) {
            assertTrue(text.contains("\n    name: " + name + "\n"), name + " in\n" + text);
        }
        assertTrue(text.contains("type: docker:index/secret:Secret"), text);
        assertTrue(text.contains("    data: \"[secret]\"\n"), "the encrypted password, as a mark");
        assertTrue(text.contains("    data: \"[secret: not set]\"\n"), "the password not set yet, as a mark");
        assertTrue(text.contains("dockerMode: swarm"), text);
        // a service's sizes are in bytes, its file modes a number: both as people read them
        assertTrue(text.contains("\n          memoryBytes: 10 GiB\n"), text);
        // no tmpfs size on a swarm service: pulumi-docker 4.5.1 crashes on one (docs/security.md)
        assertFalse(text.contains("sizeBytes"), text);
        assertTrue(text.contains("\n        - fileMode: \"0444\"\n"), text);
        assertFalse(text.contains("fileMode: 292"), text);
    }

    @Test
    void aMissingStackFileIsNamed() {
        String[] r = plan("nosuchstack");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("Pulumi.nosuchstack.yaml: no such stack file"), r[2]);
    }
}
