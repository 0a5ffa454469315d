package dev.odoostack.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A stack on a swarm (dockerMode: swarm), whichever engine deploys it: the checks and the image builds before,
 * the wait for the services, the shared-filestore check and the wait for Traefik's route after. The compose engine deploys with
 * {@code docker stack deploy} ({@link #deploy}); the Pulumi engine runs pulumi up between {@link #prepare} and
 * {@link #settle}. The waits share {@link Health}'s deadline (ODOO_STACK_WAIT_SECONDS).
 */
public final class Swarm {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The label of the nodes traffic reaches, where Traefik runs (edge.Traefik's placement). */
    private static final String EDGE_LABEL = "odoo-stack.edge";
    private final Docker docker;
    private final Map<String, String> env;
    private final PrintStream err;
    private final Duration limit;

    public Swarm(Docker docker, Map<String, String> env, PrintStream err) {
        this.docker = docker;
        this.env = Map.copyOf(env);
        this.err = err;
        this.limit = Health.limit(env);
    }

    /** The engine is a swarm manager, and the nodes are labelled for the database and the edge. */
    public void checks() {
        if (!docker.run("info", "--format", "{{.Swarm.ControlAvailable}}").text().equals("true")) {
            throw new Failure("dockerMode swarm: the engine at " + docker.engine() + " is not a swarm manager; set DOCKER_HOST"
                    + " to a manager's, or make this engine one: docker swarm init (docs/scale-out.md)");
        }
        for (String label : List.of("odoo-stack.db", EDGE_LABEL)) {
            long count = lines(docker.run("node", "ls", "--filter", "node.label=" + label + "=true", "-q").text()).size();
            if (label.equals("odoo-stack.db") && count != 1) {
                throw new Failure("dockerMode swarm: " + count + " nodes carry the label " + label + "=true; exactly one must,"
                        + " the node that holds the database: docker node update --label-add " + label + "=true <node>"
                        + " (docs/scale-out.md)");
            } else if (count == 0) {
                throw new Failure("dockerMode swarm: no node carries the label " + label + "=true, so Traefik has nowhere to"
                        + " run: docker node update --label-add " + label + "=true <node> (docs/scale-out.md)");
            }
        }
    }

    /**
     * Before deploying: the engine is a manager with the labelled nodes, the bind mounts' directories exist here (and
     * on the other nodes, as docs/scale-out.md says), and the images the stack builds are on this engine (built only
     * when their content tag is missing).
     *
     * @param builds a rendering that holds the builds (a compose project, or {@link LocalCompose#writeBuilds}'s directory)
     */
    public void prepare(Path stateDir, Path builds, Path log) {
        checks();
        try {
            for (String d : List.of("filestore", "logs", "postgres")) {
                Files.createDirectories(stateDir.resolve(d));
            }
        } catch (IOException e) {
            throw new Failure("cannot create the stack's directories under " + stateDir + ": " + e.getMessage()
                    + "; create them with: mkdir -p " + stateDir + "/{filestore,logs,postgres}");
        }
        // the builds' own last line says which step failed and where its log is
        LocalBuilds.build(builds, log, false, err);
    }

    /**
     * {@link #prepare} for the Pulumi engine, which renders no compose project: the stack's image builds alone are
     * written for it from the stack file (no password needed).
     */
    public void prepare(Path projectDir, String stack, Path stateDir, Path log) {
        Path builds = ComposeEngine.temporary();
        try {
            LocalCompose.writeBuilds(projectDir, stack, env.get("DOCKER_HOST"), builds, err);
            prepare(stateDir, builds, log);
        } finally {
            ComposeEngine.delete(builds);
        }
    }

    /**
     * What both engines do after deploying: wait for the services, check that every node mounts the same filestore,
     * then wait until Traefik routes the stack's URL, so that it answers once up has returned.
     *
     * @param url   the stack's URL (its output {@code url})
     * @param since when the deploy started: updates started before are not this up's
     * @param again the engine's up command, for the fix
     */
    public void settle(String stack, Path stateDir, String url, Instant since, String again) {
        waitRunning(stack, since);
        checkShared(stack, stateDir.resolve("filestore"), again);
        waitRouted(stack, URI.create(url));
    }

    /**
     * The compose engine's deploy of a rendered stack file: prepare, {@code docker stack deploy}, settle, then the
     * outputs recorded for the next up's guard.
     *
     * @param rendered the project {@link LocalCompose#render} wrote (docker-compose.yml, outputs.json, the builds)
     * @param home     the stack's compose directory, which keeps build.log and the last up's outputs.json
     */
    public void deploy(String stack, Path rendered, Path home) {
        JsonNode outputs = readOutputs(rendered.resolve("outputs.json"));
        Path state = Path.of(outputs.path("stateDir").asText());
        prepare(state, rendered, home.resolve("build.log"));
        err.println("odoo-stack: docker stack deploy for stack " + stack + " (swarm; project " + rendered + ")");
        Instant t0 = Instant.now();
        // --resolve-image never: the nodes run the image as named, from their own store or registry
        Docker.Result r = docker.run("stack", "deploy", "--compose-file", rendered.resolve("docker-compose.yml").toString(),
                "--prune", "--resolve-image", "never", stack);
        err.print(r.out());
        err.print(r.err());
        if (!r.ok()) {
            throw new Failure("docker stack deploy for stack " + stack + " failed (its output is above); nothing was"
                    + " removed: bin/odoo-stack up " + stack + " --engine compose, once that is fixed");
        }
        settle(stack, state, outputs.path("url").asText(), t0, "bin/odoo-stack up " + stack + " --engine compose");
        // the outputs the guard compares the next up with: those of an up that succeeded, replaced in one step
        try {
            Path next = home.resolve("outputs.json.new");
            Files.copy(rendered.resolve("outputs.json"), next, StandardCopyOption.REPLACE_EXISTING);
            Files.move(next, home.resolve("outputs.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        err.println("odoo-stack: stack " + stack + " is up: " + outputs.path("url").asText());
    }

    /** {@code docker stack rm}, then the wait until its networks are gone: a new up before would find them in use. */
    public void destroy(String stack) {
        Docker.Result r = docker.run("stack", "rm", stack);
        err.print(r.out());
        err.print(r.err());
        if (!r.ok()) {
            throw new Failure("docker stack rm " + stack + " failed (its output is above): docker stack ls shows what runs");
        }
        Health.until(Instant.now().plusSeconds(120),
                () -> docker.run("network", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + stack).text().isEmpty(),
                () -> "the networks of " + stack + " are still there after 120 s: docker network ls");
    }

    /**
     * Every service has its tasks running (healthy, where it has a health check: a swarm task is running only after
     * its first healthy check), one-shot services are complete, and no update started since {@code since} is still
     * rolling; an update the swarm rolled back by itself ends here, in one line.
     */
    public void waitRunning(String stack, Instant since) {
        Set<String> reported = new HashSet<>();
        Health.until(Instant.now().plus(limit), () -> {
            List<Service> services = services(stack);
            List<String> rolling = rolling(services, since.getEpochSecond());
            int pending = 0;
            for (Service s : services) {
                if (rolling.contains(s.name())) {
                    pending++;
                } else if (s.oneShot()) {
                    String states = docker.run("service", "ps", s.name(), "--format", "{{.CurrentState}}").text();
                    if (oneShotFailed(states)) {
                        String why = lines(docker.run("service", "ps", s.name(), "--no-trunc", "--format", "{{.Error}}").text())
                                .stream().findFirst().orElse("");
                        throw new Failure(s.name() + " failed: " + why);
                    }
                    pending += oneShotDone(states) ? 0 : 1;
                } else if (allRunning(s.replicas())) {
                    if (reported.add(s.name())) {
                        err.println("odoo-stack: " + s.name() + " " + s.replicas() + " running");
                    }
                } else {
                    pending++;
                }
            }
            return pending == 0;
        }, () -> "services of " + stack + " not running after " + limit.toSeconds() + " s: docker stack ps " + stack + " shows which");
    }

    /**
     * Waits until Traefik on every ready edge node routes the URL's host: its swarm provider polls, so it may still
     * answer its own 404 for a few seconds after the services run. Asked on each edge node's address, as a browser
     * whose DNS names that node asks it.
     */
    public void waitRouted(String stack, URI url) {
        List<String> nodes = lines(docker.run("node", "ls", "--filter", "node.label=" + EDGE_LABEL + "=true", "--format",
                "{{.ID}} {{.Status}}").text()).stream().filter(l -> l.endsWith(" Ready")).map(l -> l.split(" ")[0]).toList();
        List<String> args = new ArrayList<>(List.of("node", "inspect", "--format",
                "{{.Status.Addr}} {{if .ManagerStatus}}{{.ManagerStatus.Addr}}{{end}}"));
        args.addAll(nodes);
        List<String> addresses = nodes.isEmpty() ? List.of()
                : lines(docker.run(args, null, Duration.ofMinutes(1)).text()).stream().map(Swarm::nodeAddress).toList();
        Set<String> routed = new HashSet<>();
        Health.until(Instant.now().plus(limit), () -> {
            for (String address : addresses) {
                if (!routed.contains(address) && TraefikProbe.routed(TraefikProbe.get(address, url))) {
                    routed.add(address);
                    err.println("odoo-stack: Traefik on " + address + " routes " + url.getHost());
                }
            }
            return routed.size() == addresses.size();
        }, () -> "Traefik does not route " + url.getHost() + " after " + limit.toSeconds() + " s (its own 404, or no answer, on "
                + words(addresses.stream().filter(a -> !routed.contains(a)).toList()) + " port " + port(url)
                + "): bin/odoo-stack logs " + stack + " traefik");
    }

    /**
     * Waits until no update started since {@code since} is rolling; one that the swarm rolled back by itself, or
     * paused, ends here in one line (after a failed pulumi up: the same line as on compose, whatever Pulumi said).
     */
    public void updatesSettled(String stack, Instant since) {
        Health.until(Instant.now().plus(limit), () -> rolling(services(stack), since.getEpochSecond()).isEmpty(),
                () -> "updates of " + stack + " still rolling after " + limit.toSeconds() + " s: docker stack ps " + stack + " shows which");
    }

    /**
     * Each node's newest odoo-init task wrote its id into DIR/.odoo-stack-nodes/<node> of the filestore it mounts;
     * that every one is in the DIR this machine sees is what makes the filestore shared.
     */
    public void checkShared(String stack, Path dir, String again) {
        String tasks = docker.run("service", "ps", stack + "_odoo-init", "--no-trunc", "--format", "{{.ID}} {{.Node}}").text();
        Map<String, String> newest = newestTaskPerNode(tasks);
        List<String> missing = notShared(newest, node -> {
            try {
                return Files.readString(dir.resolve(".odoo-stack-nodes").resolve(node)).strip();
            } catch (IOException e) {
                return "";
            }
        });
        if (!missing.isEmpty()) {
            throw new Failure("the filestore is not shared: " + String.join(" ", missing) + " wrote into a " + dir + " that is not"
                    + " the one this machine sees, so Odoo's replicas there would not see each other's files; mount the shared"
                    + " filestore at " + dir + " on every node (and run up on one of them: docs/scale-out.md, 'Preparing the"
                    + " nodes'), then " + again);
        }
        err.println("odoo-stack: the filestore " + dir + " is the one all " + newest.size() + " nodes mount");
    }

    // ---- what the engine answers, read without Docker: the decisions above, tested on their own ----

    /** One service of the stack as {@link #SERVICE_FORMAT} and {@code docker stack services} show it. */
    record Service(String name, String replicas, boolean oneShot, String update, long started, String message) {
    }

    /** docker service inspect's line per service: name, restart condition, update state, its start, its message. */
    static final String SERVICE_FORMAT = "{{.Spec.Name}} {{.Spec.TaskTemplate.RestartPolicy.Condition}} {{if .UpdateStatus}}"
            + "{{.UpdateStatus.State}} {{if .UpdateStatus.StartedAt}}{{.UpdateStatus.StartedAt.Unix}}{{else}}0{{end}}"
            + " {{.UpdateStatus.Message}}{{else}}none 0{{end}}";

    private List<Service> services(String stack) {
        String listed = docker.run("stack", "services", stack, "--format", "{{.Name}} {{.Replicas}}").text();
        Map<String, String> replicas = replicas(listed);
        if (replicas.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("service", "inspect", "--format", SERVICE_FORMAT));
        args.addAll(replicas.keySet());
        Docker.Result inspected = docker.run(args, null, Duration.ofMinutes(1));
        if (!inspected.ok()) {
            throw new Failure("docker service inspect of the services of " + stack + " failed: " + inspected.err().strip()
                    + "; docker stack services " + stack + " lists them");
        }
        return parseServices(replicas, inspected.text());
    }

    /** {@code docker stack services --format '{{.Name}} {{.Replicas}}'}: name to replicas ("3/3", without "(max 1 per node)"). */
    static Map<String, String> replicas(String listed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(listed)) {
            String[] w = line.replaceFirst(" \\(.*", "").split(" ", 2);
            out.put(w[0], w.length > 1 ? w[1] : "");
        }
        return out;
    }

    /** The services of {@link #replicas} with what {@link #SERVICE_FORMAT} says of each. */
    static List<Service> parseServices(Map<String, String> replicas, String inspected) {
        List<Service> out = new ArrayList<>();
        for (String line : lines(inspected)) {
            String[] w = line.split(" ", 5);
            if (w.length < 4) {
                throw new IllegalArgumentException("docker service inspect printed an unexpected line: " + line);
            }
            out.add(new Service(w[0], replicas.getOrDefault(w[0], ""), w[1].equals("none"), w[2], Long.parseLong(w[3]),
                    w.length > 4 ? w[4] : ""));
        }
        return out;
    }

    /**
     * The services whose update, started since {@code since} (epoch seconds), is still rolling. Once none is, the
     * updates the swarm rolled back by itself, or paused, end here in one line naming each (a new image rolls Odoo and
     * its cron service alike, and either may be the first to roll back).
     */
    static List<String> rolling(List<Service> services, long since) {
        List<String> rolling = new ArrayList<>();
        List<String> rolled = new ArrayList<>();
        List<String> paused = new ArrayList<>();
        for (Service s : services) {
            // a one-shot service's update ends with its tasks, which waitRunning looks at
            if (s.oneShot() || s.started() < since) {
                continue;
            }
            switch (s.update()) {
                case "rollback_completed" -> rolled.add(s.name());
                case "paused", "rollback_paused" -> paused.add(s.name() + " (" + s.message() + ")");
                case "updating", "rollback_started" -> rolling.add(s.name());
                default -> {
                }
            }
        }
        if (!rolling.isEmpty()) {
            return rolling;
        }
        if (!paused.isEmpty()) {
            throw new Failure("the update is paused in " + words(paused) + ": docker service ps "
                    + paused.get(0).replaceFirst(" .*", "") + " --no-trunc shows why");
        }
        if (!rolled.isEmpty()) {
            throw new Failure("the update rolled back by itself in " + words(rolled) + " (the new tasks did not become healthy);"
                    + " the previous version serves on: docker service ps " + rolled.get(0) + " --no-trunc shows why");
        }
        return List.of();
    }

    /** Every replica asked for runs, and at least one is asked for: "3/3" yes, "2/3" and "0/0" no. */
    static boolean allRunning(String replicas) {
        String[] r = replicas.split("/", 2);
        return r.length == 2 && r[0].equals(r[1]) && !r[0].equals("0");
    }

    /** A one-shot service's task states ({@code docker service ps --format '{{.CurrentState}}'}): one failed. */
    static boolean oneShotFailed(String states) {
        return lines(states).stream().anyMatch(l -> l.startsWith("Failed") || l.startsWith("Rejected"));
    }

    /** None of its tasks is still to run (a service with no task yet is not done). */
    static boolean oneShotDone(String states) {
        List<String> l = lines(states);
        return !l.isEmpty() && l.stream().allMatch(s -> s.startsWith("Complete"));
    }

    /** {@code docker service ps --format '{{.ID}} {{.Node}}'}: node to its newest task (listed first for each node). */
    static Map<String, String> newestTaskPerNode(String tasks) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(tasks)) {
            String[] w = line.split(" ", 2);
            out.putIfAbsent(w.length > 1 ? w[1] : "", w[0]);
        }
        return out;
    }

    /** The nodes whose newest task's id is not in the mark this machine reads for that node. */
    static List<String> notShared(Map<String, String> newest, Function<String, String> mark) {
        return newest.entrySet().stream().filter(e -> !mark.apply(e.getKey()).equals(e.getValue())).map(Map.Entry::getKey).toList();
    }

    /**
     * A node's address from {@code {{.Status.Addr}} {{.ManagerStatus.Addr}}}: its own, or, where a manager's reads
     * 0.0.0.0 (some engines), the one it advertises to the other managers, without the port.
     */
    static String nodeAddress(String line) {
        String[] w = line.strip().split(" ");
        if (w.length > 1 && (w[0].isEmpty() || w[0].equals("0.0.0.0"))) {
            return w[1].replaceFirst(":\\d+$", "");
        }
        return w[0];
    }

    /** The port a URL is reached on. */
    static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }

    /** "A", "A and B", "A, B and C". */
    static String words(List<String> all) {
        if (all.size() == 1) {
            return all.get(0);
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    private static JsonNode readOutputs(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new Failure("cannot read " + file + ": " + e.getMessage() + "; render it again with the engine's up");
        }
    }

}
