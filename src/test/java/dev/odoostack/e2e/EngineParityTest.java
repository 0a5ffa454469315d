package dev.odoostack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two engines of bin/odoo-stack give Docker the same stack. {@code cm} (the suite's stack file: the
 * {@code odoo:17.0} and {@code postgres:16} STAND-INS, no Odoo image built; backups on, so the backup container is
 * compared too) is brought up with the compose engine
 * and captured, torn down, then brought up with Pulumi (the real CLI and docker provider, the STAND-IN Java
 * language host) and captured, each from a project of its own. Then every container is compared as
 * {@code docker inspect} shows it, and the test fails listing every difference by container and field.
 *
 * <p>What may differ, and only this (each where it is applied, with the reason):
 * <ol>
 *   <li>ids, timestamps, addresses (IPs, MACs, network and endpoint ids): never captured;</li>
 *   <li>the image: Pulumi gives Docker the image id, compose its name; compared by the repo tags of the image the
 *       container runs ({@link #IMAGE});</li>
 *   <li>the project's own paths: each engine runs from a temp dir of its own, so its state root (and home, project
 *       and fixtures directory) is a placeholder ({@link Paths#normalise});</li>
 *   <li>network aliases that are a prefix of the container's id, or the container's (compose: service's) own name:
 *       Docker resolves the container's name on its networks either way ({@link #ownAlias});</li>
 *   <li>the engines' own bookkeeping labels ({@link #ENGINE_LABELS});</li>
 *   <li>{@code Config.Hostname}: the container id's prefix under both, never configured (not captured);</li>
 *   <li>{@code HostConfig.NetworkMode} where the container joins networks: it names the network given at create
 *       (compose: the first, Pulumi's provider: {@code default}), while the networks joined are compared
 *       ({@link #networkMode});</li>
 *   <li>how a file is placed: Pulumi uploads it (a root-owned regular file, 0644, 0744 when executable), compose
 *       bind-mounts a host file read-only. The mounts at the paths of the model's files and secrets are left out,
 *       and for each such file the access of the container's user (read, write, execute, from owner, group and
 *       mode as seen in the container, against {@code id -u}, {@code id -G} and the capabilities of a process
 *       {@code docker exec} starts there) is compared instead ({@link #files}).</li>
 * </ol>
 * Not a difference at all, so not on the list: a list or map Docker stores as null, as missing or as empty,
 * whichever the client sent (no port published, no capability added), is "(none)" ({@link #emptyAsNone}).
 */
@Tag("e2e")
class EngineParityTest {
    static final String STACK = "cm";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long the containers may take to be healthy (or done, for a one-shot) once {@code up} has returned. */
    static final Duration SETTLE = Duration.ofMinutes(3);

    /** The field the image is compared by. */
    static final String IMAGE = "Image (repo tags)";

    /**
     * Labels that are an engine's own bookkeeping, not the model's:
     * <ul>
     *   <li>{@code com.docker.compose.*}: docker-compose's project, service, config hash, version...;</li>
     *   <li>{@code pulumi.com/build-id}: the docker provider's label on an image it built (the Docker API filter's),
     *       which the container inherits from its image;</li>
     *   <li>{@code odoo-stack.files-digest}: the compose engine's digest of the files it bind-mounts, so that a
     *       changed file recreates the container, as a changed upload replaces it under Pulumi (docs/testing.md,
     *       "a changed file"): part of how a file is placed.</li>
     * </ul>
     */
    static final List<String> ENGINE_LABELS = List.of("com.docker.compose.", "pulumi.com/build-id",
            dev.odoostack.compose.ComposeFile.FILES_DIGEST_LABEL);

    @TempDir
    Path tmp;

    /** One field as seen, and what helps to read it (not compared: the owner and mode behind an access). */
    record Field(String value, String detail) {
        @Override
        public String toString() {
            return detail.isEmpty() ? value : value + " (" + detail + ")";
        }
    }

    /** What one engine left: the containers by name, each field by name; and what went wrong on the way. */
    record Capture(RealEngine.Engine engine, SortedMap<String, SortedMap<String, Field>> containers, List<String> problems) {
    }

    @Test
    void bothEnginesGiveDockerTheSameContainers() throws IOException {
        long start = System.nanoTime();
        RealEngine.wipe(STACK);
        Capture compose;
        Capture pulumi;
        try {
            compose = deployAndCapture(RealEngine.Engine.COMPOSE);
            pulumi = deployAndCapture(RealEngine.Engine.PULUMI);
        } finally {
            RealEngine.wipe(STACK);
        }
        List<String> differences = new ArrayList<>();
        differences.addAll(compose.problems());
        differences.addAll(pulumi.problems());
        differences.addAll(compare(pulumi, compose));
        System.out.printf("EngineParityTest: %d containers under compose, %d under Pulumi, %d differences, %d s%n",
                compose.containers().size(), pulumi.containers().size(), differences.size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        differences.forEach(d -> System.out.println("  " + d));
        assertTrue(differences.isEmpty(), () -> differences.size() + " difference(s) between what Docker sees of stack "
                + STACK + " under Pulumi and under compose (captures in target/engine-parity/):\n"
                + String.join("\n", differences));
    }

    /** up on the engine, wait until it has settled, capture every container, then destroy and wipe. */
    Capture deployAndCapture(RealEngine.Engine engine) throws IOException {
        String name = engine.name().toLowerCase(java.util.Locale.ROOT);
        // with backups on, so that the backup container is compared too (one repository: the second engine's
        // backup container finds it initialised, as after a move-engine)
        RealEngine.Project project = new RealEngine.Project(tmp.resolve(name), Map.of(STACK, List.of("odoo-stack:backup: true",
                "odoo-stack:backupRepository: " + tmp.resolve("backup-repository"))), engine);
        Deployment model = DeploymentModel.of(project.settings(STACK), project.dir);
        List<String> problems = new ArrayList<>();
        Cmd.Result up = project.up(STACK);
        if (up.exit() != 0) {
            // compared anyway: what it did create shows where the engines part
            problems.add(name + ": bin/odoo-stack up " + STACK + " " + String.join(" ", engine.flags("up"))
                    + " failed (exit " + up.exit() + "):\n" + indent(tail(up.err() + up.out(), 30)));
        }
        settle(model);
        oneOff(problems, name);
        SortedMap<String, SortedMap<String, Field>> containers = capture(model, new Paths(project));
        RealEngine.docker("rm", "-f", ONE_OFF);
        write(name, containers);
        Cmd.Result down = project.onEngine("destroy", STACK);
        if (down.exit() != 0) {
            problems.add(name + ": bin/odoo-stack destroy " + STACK + " failed (exit " + down.exit() + "):\n"
                    + indent(tail(down.err() + down.out(), 15)));
        }
        RealEngine.wipe(STACK);
        return new Capture(engine, containers, problems);
    }

    /**
     * Polls until every container of the model is there and settled: a one-shot exited, one with a health check
     * healthy (or unhealthy: it will not change), any other running. Captures anyway after {@link #SETTLE}: the state
     * is compared too.
     */
    static void settle(Deployment model) {
        List<String> names = containerSpecs(model).keySet().stream().toList();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> args = new ArrayList<>(List.of("inspect", "--format",
                    "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}"));
            args.addAll(names);
            Cmd.Result r = RealEngine.docker(args.toArray(String[]::new));
            List<String> states = r.out().lines().filter(l -> !l.isBlank()).toList();
            boolean settled = r.exit() == 0 && states.size() == names.size() && states.stream().allMatch(s ->
                    s.startsWith("exited") || s.equals("running healthy") || s.equals("running unhealthy")
                            || s.equals("running none"));
            if (settled) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The one-off Odoo container of {@code init} and {@code update}, as bin/odoo-stack makes it from the running Odoo. */
    static final String ONE_OFF = STACK + "-odoo-parity";

    /**
     * The one-off container made by bin/odoo-stack's own code (engine.OdooTask.create: the Odoo container's image,
     * entrypoint, mounts and network; its files copied under Pulumi, mounted under compose), started with the
     * arguments that keep the Odoo stand-in serving, so that it is captured running, with its files' access.
     */
    static void oneOff(List<String> problems, String engine) {
        var env = new java.util.TreeMap<>(RealEngine.env());
        env.put("PATH", System.getenv("PATH"));
        var docker = new dev.odoostack.engine.Docker(env);
        try {
            dev.odoostack.engine.OdooTask.create(docker, STACK, STACK + "-odoo", STACK + "-postgres", "parity", List.of("-d", STACK));
        } catch (dev.odoostack.engine.Failure f) {
            problems.add(engine + ": the one-off " + ONE_OFF + " was not made: " + f.getMessage());
            return;
        }
        var started = docker.run("start", ONE_OFF);
        if (!started.ok()) {
            problems.add(engine + ": the one-off " + ONE_OFF + " did not start: " + started.err().strip());
            return;
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!RealEngine.docker("inspect", "--format", "{{.State.Status}}", ONE_OFF).out().strip().equals("running")
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The model's containers by Docker name. */
    static SortedMap<String, ContainerSpec> containerSpecs(Deployment model) {
        SortedMap<String, ContainerSpec> specs = new TreeMap<>();
        model.services().forEach(s -> s.containers().forEach(c -> specs.put(c.dockerName(), c)));
        return specs;
    }

    /** Every container of the model, and any other with the stack's label. */
    static SortedMap<String, SortedMap<String, Field>> capture(Deployment model, Paths paths) throws IOException {
        SortedMap<String, ContainerSpec> specs = containerSpecs(model);
        Set<String> names = new TreeSet<>(specs.keySet());
        RealEngine.docker("ps", "-a", "--filter", "label=odoo-stack.stack=" + STACK, "--format", "{{.Names}}")
                .out().lines().filter(l -> !l.isBlank()).forEach(names::add);
        SortedMap<String, SortedMap<String, Field>> all = new TreeMap<>();
        for (String name : names) {
            Cmd.Result r = RealEngine.docker("inspect", "--type", "container", name);
            if (r.exit() != 0) {
                continue; // absent: the comparison says so
            }
            // the one-off places the files of the Odoo container it is made from
            ContainerSpec spec = name.equals(ONE_OFF) ? specs.get(STACK + "-odoo") : specs.get(name);
            all.put(name, fields(JSON.readTree(r.out()).get(0), spec, paths));
        }
        return all;
    }

    /** The fields compared of one container, normalised. */
    static SortedMap<String, Field> fields(JsonNode c, ContainerSpec spec, Paths paths) {
        SortedMap<String, Field> f = new TreeMap<>();
        JsonNode cfg = c.path("Config");
        JsonNode host = c.path("HostConfig");
        String name = c.path("Name").asText().replaceFirst("^/", "");
        String id = c.path("Id").asText();

        // the process
        f.put(IMAGE, new Field(repoTags(c.path("Image").asText()), "Config.Image " + cfg.path("Image").asText()));
        put(f, "Config.User", cfg.path("User"));
        put(f, "Config.Entrypoint", cfg.path("Entrypoint"));
        put(f, "Config.Cmd", cfg.path("Cmd"));
        List<String> envNames = new ArrayList<>();
        cfg.path("Env").forEach(e -> envNames.add(e.asText().split("=", 2)[0]));
        f.put("Config.Env (names)", new Field(String.join(" ", new TreeSet<>(envNames)), ""));
        for (String k : List.of("Domainname", "WorkingDir", "StopSignal", "StopTimeout", "Tty", "OpenStdin", "ExposedPorts")) {
            put(f, "Config." + k, cfg.path(k));
        }
        JsonNode state = c.path("State");
        f.put("State", new Field(state.path("Status").asText() + " exit " + state.path("ExitCode").asText()
                + (state.has("Health") ? " " + state.path("Health").path("Status").asText() : ""), ""));

        // labels, one field each
        for (Iterator<Map.Entry<String, JsonNode>> it = cfg.path("Labels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> l = it.next();
            if (ENGINE_LABELS.stream().noneMatch(p -> l.getKey().startsWith(p))) {
                f.put("Config.Labels[" + l.getKey() + "]", new Field(paths.normalise(l.getValue().asText()), ""));
            }
        }

        // health check
        JsonNode h = cfg.path("Healthcheck");
        put(f, "Config.Healthcheck.Test", h.path("Test"));
        for (String k : List.of("Interval", "Timeout", "StartPeriod")) {
            f.put("Config.Healthcheck." + k, new Field(h.has(k) ? Duration.ofNanos(h.path(k).asLong()).toString() : "(none)", ""));
        }
        put(f, "Config.Healthcheck.Retries", h.path("Retries"));

        // limits, privileges, restart, logs, ports
        f.put("HostConfig.RestartPolicy", new Field(host.path("RestartPolicy").path("Name").asText()
                + " max " + host.path("RestartPolicy").path("MaximumRetryCount").asText(), ""));
        for (String k : List.of("Memory", "MemorySwap", "CpuShares", "ShmSize", "ReadonlyRootfs", "LogConfig",
                "Privileged", "Init", "IpcMode", "PidMode", "UsernsMode", "OomScoreAdj", "PidsLimit", "AutoRemove")) {
            put(f, "HostConfig." + k, host.path(k));
        }
        // lists Docker keeps as null when none is given and as [] when an empty one is: the same to the container
        for (String k : List.of("CapAdd", "CapDrop", "SecurityOpt", "GroupAdd", "Ulimits", "ExtraHosts", "Dns",
                "DnsOptions", "DnsSearch", "Devices")) {
            f.put("HostConfig." + k, new Field(emptyAsNone(host.path(k), true), ""));
        }
        // maps likewise (no port published: compose sends {}, the provider nothing)
        for (String k : List.of("PortBindings", "Tmpfs")) {
            f.put("HostConfig." + k, new Field(emptyAsNone(host.path(k), false), ""));
        }
        // the ports as Docker published them (host address and port), beside what was asked
        f.put("NetworkSettings.Ports (published)", new Field(published(c.path("NetworkSettings").path("Ports")), ""));

        // networks: which, and the names each resolves the container by
        JsonNode networks = c.path("NetworkSettings").path("Networks");
        f.put("Networks", new Field(String.join(" ", new TreeSet<>(iterable(networks.fieldNames()))), ""));
        String service = cfg.path("Labels").path("com.docker.compose.service").asText(name);
        for (Iterator<Map.Entry<String, JsonNode>> it = networks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> n = it.next();
            Set<String> aliases = new TreeSet<>();
            n.getValue().path("Aliases").forEach(a -> {
                if (!ownAlias(a.asText(), id, name, service)) {
                    aliases.add(a.asText());
                }
            });
            f.put("Networks[" + n.getKey() + "].Aliases", new Field(String.join(" ", aliases), ""));
            put(f, "Networks[" + n.getKey() + "].Links", n.getValue().path("Links"));
        }
        f.put("HostConfig.NetworkMode", new Field(networkMode(host.path("NetworkMode").asText(), networks), ""));

        // mounts, but not those that place a file of the model (compared by access below)
        Set<String> placed = placedFiles(spec);
        for (JsonNode m : c.path("Mounts")) {
            String dest = m.path("Destination").asText();
            if (placed.contains(dest)) {
                continue;
            }
            String type = m.path("Type").asText();
            String source = type.equals("volume")
                    // a named volume by its name; an anonymous one (an image's VOLUME) by none: its name is an id
                    ? (m.path("Name").asText().matches("[0-9a-f]{64}") ? "(anonymous)" : m.path("Name").asText())
                    : paths.normalise(m.path("Source").asText());
            f.put("Mounts[" + dest + "]", new Field(type + " " + source + (m.path("RW").asBoolean() ? " rw" : " ro"), ""));
        }

        if (spec != null && state.path("Running").asBoolean()) {
            files(f, name, placed);
        }
        return f;
    }

    /** The paths where the model places a file or a secret in the container. */
    static Set<String> placedFiles(ContainerSpec spec) {
        Set<String> placed = new TreeSet<>();
        if (spec != null) {
            spec.files().stream().map(ContainerSpec.FileSpec::path).forEach(placed::add);
            spec.secrets().stream().map(SecretFileSpec::path).forEach(placed::add);
        }
        return placed;
    }

    /**
     * The access the container's user has to each file the model places in it: read, write, execute from the file's
     * owner, group and mode as seen in the container, against the uid and groups of a process {@code docker exec}
     * starts there (the container's user; for a container that starts as root and drops privileges, root, which
     * reads the files at start) and the capabilities it has (no DAC override after {@code cap_drop: ALL}).
     */
    static void files(SortedMap<String, Field> f, String container, Set<String> placed) {
        Cmd.Result who = RealEngine.docker("exec", container, "sh", "-c",
                "id -u; id -g; id -G; sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status");
        if (who.exit() != 0) {
            f.put("process user", new Field("docker exec failed: " + who.err().strip(), ""));
            return;
        }
        String[] lines = who.out().strip().split("\n");
        int uid = Integer.parseInt(lines[0].strip());
        int gid = Integer.parseInt(lines[1].strip());
        Set<Integer> groups = Arrays.stream(lines[2].strip().split("\\s+")).map(Integer::parseInt).collect(Collectors.toSet());
        long capEff = Long.parseUnsignedLong(lines[3].strip(), 16);
        f.put("process user (docker exec id -u:id -g)", new Field(uid + ":" + gid, "groups " + lines[2].strip() + ", CapEff " + lines[3].strip()));
        for (String path : placed) {
            Cmd.Result st = RealEngine.docker("exec", container, "stat", "-L", "-c", "%u %g %a %F", path);
            String key = "file " + path + " (access of the container's user)";
            if (st.exit() != 0) {
                f.put(key, new Field("missing", st.err().strip()));
                continue;
            }
            String[] s = st.out().strip().split(" ", 4);
            int owner = Integer.parseInt(s[0]);
            int group = Integer.parseInt(s[1]);
            int mode = Integer.parseInt(s[2], 8);
            f.put(key, new Field(access(uid, groups, capEff, owner, group, mode) + " " + s[3],
                    "owner " + owner + ":" + group + " mode " + String.format("%04o", mode) + ", as " + uid + ":" + gid));
        }
    }

    /** rwx as the kernel grants it: the owner's, the group's or the others' bits, widened by DAC capabilities. */
    static String access(int uid, Set<Integer> groups, long capEff, int owner, int group, int mode) {
        boolean dacOverride = (capEff & (1L << 1)) != 0;
        boolean dacReadSearch = (capEff & (1L << 2)) != 0;
        int bits = uid == owner ? mode >> 6 & 7 : groups.contains(group) ? mode >> 3 & 7 : mode & 7;
        boolean r = (bits & 4) != 0 || dacOverride || dacReadSearch;
        boolean w = (bits & 2) != 0 || dacOverride;
        // CAP_DAC_OVERRIDE executes a regular file only when someone may
        boolean x = (bits & 1) != 0 || dacOverride && (mode & 0111) != 0;
        return (r ? "r" : "-") + (w ? "w" : "-") + (x ? "x" : "-");
    }

    /**
     * Allowed: an alias that is the container id's prefix (Docker adds it on every user network) or the container's
     * own name or compose service name (compose adds it; Docker resolves the container's name without it).
     */
    static boolean ownAlias(String alias, String id, String name, String service) {
        return alias.length() >= 12 && id.startsWith(alias) || alias.equals(name) || alias.equals(service);
    }

    /**
     * Allowed: the network named at create, when the container joins networks (compose names its first, the
     * provider {@code default}, then connects the rest); {@code Networks} compares the networks joined. Any other
     * mode ({@code none}, {@code host}, {@code container:...}) as it is.
     */
    static String networkMode(String mode, JsonNode networks) {
        boolean joins = iterable(networks.fieldNames()).stream().noneMatch(n -> n.equals("none") || n.equals("host"));
        return joins && (mode.equals("default") || networks.has(mode)) ? "(the networks joined)" : mode;
    }

    /** The image's repo tags, sorted: the name both engines asked for, whichever way they named it to Docker. */
    static String repoTags(String imageId) {
        Cmd.Result r = RealEngine.docker("image", "inspect", "--format", "{{json .RepoTags}}", imageId);
        if (r.exit() != 0) {
            return "(image " + imageId + " gone: " + r.err().strip() + ")";
        }
        try {
            return sortedList(JSON.readTree(r.out()));
        } catch (IOException e) {
            return r.out().strip();
        }
    }

    /**
     * A list (sorted: capabilities and options are sets to Docker) or a map, with null, missing and empty all shown
     * as "(none)": Docker stores whichever the client sent, and none of them sets anything.
     */
    static String emptyAsNone(JsonNode v, boolean list) {
        if (v.isMissingNode() || v.isNull() || v.isEmpty()) {
            return "(none)";
        }
        return list ? sortedList(v) : canonical(v);
    }

    /** Each published port as {@code 80/tcp -> 0.0.0.0:8081}, sorted; exposed ports with no binding left out. */
    static String published(JsonNode ports) {
        Set<String> out = new TreeSet<>();
        ports.fields().forEachRemaining(p -> p.getValue().forEach(b ->
                out.add(p.getKey() + " -> " + b.path("HostIp").asText() + ":" + b.path("HostPort").asText())));
        return out.isEmpty() ? "(none)" : String.join(", ", out);
    }

    static String sortedList(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(v -> values.add(v.asText()));
        return values.stream().sorted().collect(Collectors.joining(" ", "[", "]"));
    }

    /** A value as JSON with object keys sorted; a missing one as "(none)". */
    static void put(SortedMap<String, Field> f, String key, JsonNode value) {
        f.put(key, new Field(value.isMissingNode() ? "(none)" : canonical(value), ""));
    }

    static String canonical(JsonNode v) {
        if (v.isObject()) {
            SortedMap<String, String> sorted = new TreeMap<>();
            v.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            return sorted.entrySet().stream().map(e -> JSON.valueToTree(e.getKey()).toString() + ":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(canonical(i)));
            return "[" + String.join(",", items) + "]";
        }
        return v.toString();
    }

    static List<String> iterable(Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    /** Every difference, by container and field: {@code cm-odoo: HostConfig.MemorySwap: pulumi=... compose=...}. */
    static List<String> compare(Capture pulumi, Capture compose) {
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(pulumi.containers().keySet());
        names.addAll(compose.containers().keySet());
        for (String name : names) {
            SortedMap<String, Field> p = pulumi.containers().get(name);
            SortedMap<String, Field> c = compose.containers().get(name);
            if (p == null || c == null) {
                out.add(name + ": container: pulumi=" + (p == null ? "absent" : "present")
                        + " compose=" + (c == null ? "absent" : "present"));
                continue;
            }
            Set<String> keys = new TreeSet<>(p.keySet());
            keys.addAll(c.keySet());
            for (String key : keys) {
                Field a = p.get(key);
                Field b = c.get(key);
                if (!Objects.equals(a == null ? null : a.value(), b == null ? null : b.value())) {
                    out.add(name + ": " + key + ": pulumi=" + (a == null ? "(none)" : a) + " compose=" + (b == null ? "(none)" : b));
                }
            }
        }
        return out;
    }

    /** The capture as text, for reading a failure: target/engine-parity/<engine>.txt. */
    static void write(String engine, SortedMap<String, SortedMap<String, Field>> containers) throws IOException {
        Path dir = Files.createDirectories(RealEngine.REPO.resolve("target/engine-parity"));
        StringBuilder text = new StringBuilder();
        containers.forEach((name, fields) -> fields.forEach((k, v) -> text.append(name).append(": ").append(k)
                .append(": ").append(v).append('\n')));
        Files.writeString(dir.resolve(engine + ".txt"), text);
    }

    /**
     * The project's own paths, each a placeholder: the two engines run from temp dirs of their own, so their state
     * roots differ (as do home, project and fixtures directories, should a value name them).
     */
    static final class Paths {
        private final Map<String, String> placeholders = new LinkedHashMap<>();

        Paths(RealEngine.Project project) {
            // longest first, in case one lies below another
            placeholders.put(project.stateRoot.toString(), "<stateRoot>");
            placeholders.put(project.fixtures.toString(), "<fixtures>");
            placeholders.put(project.home.toString(), "<home>");
            placeholders.put(project.dir.toString(), "<projectDir>");
        }

        String normalise(String value) {
            String v = value;
            for (Map.Entry<String, String> p : placeholders.entrySet()) {
                v = v.replace(p.getKey(), p.getValue());
            }
            return v;
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.strip().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }
}
