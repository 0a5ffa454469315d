package dev.odoostack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoostack.e2e.RealEngine.Engine;
import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two engines give a swarm the same services. One stack file with {@code dockerMode: swarm} (Odoo is the
 * STAND-IN image) is brought up on the {@code bin/swarm-lab} swarm by the compose engine ({@code docker stack deploy},
 * as stack {@code swq} on port 8084) and, at the same time, by the Pulumi engine (SwarmResources, pulumi-docker
 * 4.5.1, as stack {@code swr} on port 8085), each with a state root of its own, and both are captured and destroyed.
 * Then every service is compared field by field as {@code docker service inspect} shows its spec, the stack's name
 * and port as placeholders, and the test fails listing every difference.
 *
 * <p>What may differ, and only this ({@link #ALLOWED}, each with its reason; docs/scale-out.md and docs/security.md
 * say the same to operators):
 * <ol>
 *   <li>ids, versions and timestamps: not captured; a network is named, not given by id;</li>
 *   <li>the state root: each engine has its own, a placeholder here;</li>
 *   <li>the names of configs and secrets: Pulumi names them by content, {@code docker stack deploy} by the stack
 *       file's keys. A config is compared by where it goes (file, owner, mode) and by what it holds; a secret by
 *       where it goes;</li>
 *   <li>capabilities and the tmpfs size: pulumi-docker 4.5.1, pinned, has no capability setting on a service and
 *       crashes on a tmpfs size;</li>
 *   <li>the engines' own bookkeeping labels ({@code com.docker.stack.image}).</li>
 * </ol>
 */
@Tag("e2e")
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(SwarmLab.LOCK)
class SwarmParityTest {
    /** Each engine deploys a stack of its own, both at once; names and ports are normalised before the comparison. */
    static final Map<Engine, String> STACKS = Map.of(Engine.COMPOSE, "swq", Engine.PULUMI, "swr");
    static final Map<Engine, Integer> PORTS = Map.of(Engine.COMPOSE, 8084, Engine.PULUMI, 8085);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields that may differ (a pattern on the field's path) and why. */
    static final Map<Pattern, String> ALLOWED = Map.of(
            Pattern.compile("TaskTemplate\\.ContainerSpec\\.Capability(Add|Drop)"),
            "pulumi-docker 4.5.1 has no capability setting on a service (docs/security.md)",
            Pattern.compile("TaskTemplate\\.ContainerSpec\\.Mounts\\[[^]]+]\\.TmpfsOptions\\[SizeBytes]"),
            "pulumi-docker 4.5.1 crashes on a tmpfs size (docs/security.md)",
            Pattern.compile("(Labels|TaskTemplate\\.ContainerSpec\\.Labels)\\[com\\.docker\\.stack\\.image]"),
            "docker stack deploy's own record of the image it was given",
            Pattern.compile("TaskTemplate\\.Networks\\[[^]]+]\\.Aliases"),
            "docker stack deploy also gives each service its name without the stack's prefix; the model's alias, the"
                    + " prefixed name, is there on both",
            Pattern.compile("TaskTemplate\\.Networks\\[<stack>_default]\\..*"),
            "docker stack deploy puts a service without networks (odoo-init) on the stack's default network",
            Pattern.compile("TaskTemplate\\.RestartPolicy\\.Window"),
            "0 and none are the same unbounded window to the swarm; Pulumi writes 0 as the provider reads it back",
            Pattern.compile("TaskTemplate\\.RestartPolicy\\.Delay"),
            "only where the restart condition is none (checked below): a task that never restarts has no delay");

    @Test
    void bothEnginesGiveTheSwarmTheSameServices() throws IOException {
        long start = System.nanoTime();
        Path tmp = Files.createTempDirectory("swarm-parity-test");
        SwarmLab lab = SwarmScenarios.labWithImages(tmp);
        RealEngine.record(SwarmParityTest.class, "compose");
        RealEngine.record(SwarmParityTest.class, "pulumi");
        // both at once: each waits mostly on health checks, and the swarm has room for both stacks
        java.util.concurrent.CompletableFuture<SortedMap<String, SortedMap<String, String>>> composeRun =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> deployAndCapture(lab, tmp, Engine.COMPOSE));
        SortedMap<String, SortedMap<String, String>> pulumi = deployAndCapture(lab, tmp, Engine.PULUMI);
        SortedMap<String, SortedMap<String, String>> compose = composeRun.join();

        List<String> differences = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        assertEquals(compose.keySet(), pulumi.keySet(), "the services of " + STACKS);
        for (String service : compose.keySet()) {
            SortedMap<String, String> c = compose.get(service);
            SortedMap<String, String> p = pulumi.get(service);
            TreeSet<String> fields = new TreeSet<>(c.keySet());
            fields.addAll(p.keySet());
            for (String field : fields) {
                String cv = c.getOrDefault(field, "(none)");
                String pv = p.getOrDefault(field, "(none)");
                if (cv.equals(pv)) {
                    continue;
                }
                String line = service + " " + field + ": compose " + cv + ", Pulumi " + pv;
                String reason = ALLOWED.entrySet().stream().filter(a -> a.getKey().matcher(field).matches())
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                boolean neverRestarts = "none".equals(c.get("TaskTemplate.RestartPolicy.Condition"))
                        && "none".equals(p.get("TaskTemplate.RestartPolicy.Condition"));
                if (reason != null && field.endsWith("RestartPolicy.Delay") && !neverRestarts) {
                    reason = null;
                }
                if (reason == null) {
                    differences.add(line);
                } else {
                    allowed.add(line + " (allowed: " + reason + ")");
                }
            }
        }
        System.out.printf("SwarmParityTest: %d services, %d fields compared, %d differences, %d allowed, %d s%n",
                compose.size(), compose.values().stream().mapToInt(Map::size).sum(), differences.size(), allowed.size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        allowed.forEach(a -> System.out.println("  " + a));
        differences.forEach(d -> System.out.println("  " + d));
        destroyed.forEach((engine, down) -> assertEquals(0, down.exit(), () -> engine + ": destroy failed:\n" + down.err() + down.out()));
        assertTrue(differences.isEmpty(), () -> differences.size() + " difference(s) between the services under Pulumi ("
                + STACKS.get(Engine.PULUMI) + ") and under compose (" + STACKS.get(Engine.COMPOSE) + "):\n" + String.join("\n", differences));
    }

    /** up on the engine, capture every service of the stack, then destroy. */
    private SortedMap<String, SortedMap<String, String>> deployAndCapture(SwarmLab lab, Path tmp, Engine engine) {
        try {
            return deployAndCaptureOrThrow(lab, tmp, engine);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private SortedMap<String, SortedMap<String, String>> deployAndCaptureOrThrow(SwarmLab lab, Path tmp, Engine engine) throws IOException {
        String name = engine.name().toLowerCase(java.util.Locale.ROOT);
        String stack = STACKS.get(engine);
        Path state = tmp.resolve(name + "-state");
        Path project = Files.createDirectories(tmp.resolve(name + "-project"));
        Files.copy(RealEngine.REPO.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.createSymbolicLink(project.resolve("docker"), RealEngine.REPO.resolve("docker"));
        Files.createSymbolicLink(project.resolve("target"), RealEngine.REPO.resolve("target"));
        Files.writeString(project.resolve("Pulumi." + stack + ".yaml"), String.join("\n",
                "config:",
                "  odoo-stack:dockerMode: swarm",
                "  odoo-stack:odooImage: odoo:18.0",
                "  odoo-stack:odooReplicas: 2",
                "  odoo-stack:odooMaxCronThreads: 1",
                "  odoo-stack:odooDomains:",
                "    - " + stack + ".localhost",
                "  odoo-stack:postgresVersion: 17",
                "  odoo-stack:traefikHttpPort: " + PORTS.get(engine),
                "  odoo-stack:stateRoot: " + state,
                ""));
        Runner run = new Runner(lab, tmp.resolve(name + "-home"), project, engine, stack);
        // what an earlier run left on the lab (it outlives runs)
        SwarmScenarios.removeEarlierRun(lab, stack);
        SortedMap<String, SortedMap<String, String>> captured;
        try {
            Cmd.Result up = run.onEngine("up");
            assertEquals(0, up.exit(), () -> name + ": up failed:\n" + up.err() + up.out());
            captured = capture(lab, state, stack, PORTS.get(engine));
        } finally {
            destroyed.put(name, run.onEngine("destroy"));
        }
        return captured;
    }

    /** Each engine's destroy, checked once both captures are in. */
    private final Map<String, Cmd.Result> destroyed = new java.util.concurrent.ConcurrentSkipListMap<>();

    /**
     * Every service of the stack by its name in the stack, each spec field by its path, normalised: the state root,
     * the stack's name and its port are placeholders (each engine's stack has its own).
     */
    static SortedMap<String, SortedMap<String, String>> capture(SwarmLab lab, Path state, String stack, int port) throws IOException {
        Map<String, String> networkNames = new TreeMap<>();
        for (String line : SwarmScenarios.lines(lab.dockerOk(1, "network", "ls", "--no-trunc", "--format", "{{.ID}} {{.Name}}"))) {
            String[] idName = line.split(" ", 2);
            networkNames.put(idName[0], idName[1]);
        }
        SortedMap<String, SortedMap<String, String>> services = new TreeMap<>();
        for (String service : SwarmScenarios.lines(lab.dockerOk(1, "service", "ls", "--filter",
                "label=com.docker.stack.namespace=" + stack, "--format", "{{.Name}}"))) {
            JsonNode spec = JSON.readTree(lab.dockerOk(1, "service", "inspect", service)).get(0).path("Spec");
            SortedMap<String, String> fields = new TreeMap<>();
            flatten("", spec, fields);
            SortedMap<String, String> normalised = new TreeMap<>();
            fields.forEach((k, v) -> normalised.put(k, v.replace(state.toString(), "<stateRoot>")));
            // a config by what it holds: its name is each engine's own
            for (JsonNode config : spec.path("TaskTemplate").path("ContainerSpec").path("Configs")) {
                String data = lab.dockerOk(1, "config", "inspect", config.path("ConfigName").asText(), "--format", "{{json .Spec.Data}}");
                normalised.put("TaskTemplate.ContainerSpec.Configs[" + config.path("File").path("Name").asText() + "] (content)",
                        new String(Base64.getDecoder().decode(data.replace("\"", "")), StandardCharsets.UTF_8)
                                .replace(state.toString(), "<stateRoot>"));
            }
            // networks by name
            normalised.replaceAll((k, v) -> networkNames.getOrDefault(v, v));
            Pattern name = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(stack) + "(?![A-Za-z0-9])");
            Pattern published = Pattern.compile("(?<![0-9])" + port + "(?![0-9])");
            SortedMap<String, String> placeheld = new TreeMap<>();
            rekeyNetworks(normalised, networkNames).forEach((k, v) -> placeheld.put(name.matcher(k).replaceAll("<stack>"),
                    published.matcher(name.matcher(v).replaceAll("<stack>")).replaceAll("<port>")));
            services.put(service.substring(stack.length() + 1), placeheld);
        }
        return services;
    }

    /** Array items keyed by what they are, not where they sit: the engines order them their own way. */
    static String itemKey(String path, JsonNode item, int index) {
        if (path.endsWith("Mounts")) {
            return item.path("Target").asText();
        }
        if (path.endsWith("Secrets") || path.endsWith("Configs")) {
            return item.path("File").path("Name").asText();
        }
        if (path.endsWith("Networks")) {
            return item.path("Target").asText();
        }
        if (path.endsWith("Ports")) {
            return item.path("TargetPort").asText() + "/" + item.path("Protocol").asText("tcp");
        }
        return String.valueOf(index);
    }

    /** Ids, versions and the names Pulumi and docker stack deploy each give configs and secrets: not compared. */
    private static final List<String> NOT_COMPARED = List.of("SecretID", "SecretName", "ConfigID", "ConfigName");

    static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (NOT_COMPARED.contains(e.getKey())) {
                    continue;
                }
                String key = path.endsWith("Labels") || path.endsWith("Options") ? path + "[" + e.getKey() + "]"
                        : (path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                flatten(key, e.getValue(), out);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                return; // an empty list is none, as Docker keeps either
            }
            if (!node.get(0).isObject()) {
                List<String> values = new ArrayList<>();
                node.forEach(v -> values.add(v.asText()));
                // environment and constraints are sets; a command is a sequence
                if (path.endsWith(".Env") || path.endsWith("Constraints") || path.endsWith("Groups")) {
                    values.sort(null);
                }
                out.put(path, String.join(" ", values));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + itemKey(path, node.get(i), i) + "]", node.get(i), out);
            }
        } else if (!node.isNull() && !(node.isBoolean() && !node.asBoolean())) {
            // false is none: Docker leaves an unset flag out, and the engines differ only in saying so
            out.put(path, node.asText());
        }
    }

    /** A network field's key names the network by name, as its value does. */
    private static SortedMap<String, String> rekeyNetworks(SortedMap<String, String> fields, Map<String, String> names) {
        SortedMap<String, String> out = new TreeMap<>();
        fields.forEach((k, v) -> {
            String key = k;
            for (Map.Entry<String, String> n : names.entrySet()) {
                key = key.replace("[" + n.getKey() + "]", "[" + n.getValue() + "]");
            }
            out.put(key, v);
        });
        return out;
    }

    /** bin/odoo-stack for one engine, as SwarmScenarios runs it. */
    private record Runner(SwarmLab lab, Path home, Path project, Engine engine, String stack) {
        Cmd.Result onEngine(String command) {
            List<String> args = new ArrayList<>(List.of(command, stack));
            args.addAll(engine.flags(command));
            return SwarmScenarios.odooStack(lab, home, project, engine, Map.of(), args.toArray(String[]::new));
        }
    }
}
