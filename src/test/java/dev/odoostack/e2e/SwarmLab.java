package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The swarm lab of {@code bin/swarm-lab}: three Docker engines on this machine, each a node of its own (network
 * namespace, address 10.77.0.N, hostname swarm-node-N, data root), joined as one swarm; node 1 is the manager and
 * carries the labels {@code odoo-stack.edge} and {@code odoo-stack.db}. {@link #up()} starts it when it is not
 * running (the images come from the real engine, {@link RealEngine}); it stays up for the next test class, and
 * {@code bin/swarm-lab down} stops it. For the swarm tests (tag e2e) only.
 */
final class SwarmLab {
    static final Path SCRIPT = RealEngine.REPO.resolve("bin/swarm-lab");
    /**
     * The lock of the classes that use the lab: one of them at a time, beside the classes on the tests' own engine
     * (the lab's engines, networks and ports are its own; pom.xml runs such classes concurrently).
     */
    static final String LOCK = "odoo-stack-swarm-lab";
    /** The number of nodes and the images {@code up} copies into every node: the script's own values. */
    static final int NODES = Integer.parseInt(scriptValue("^readonly NODES=(\\d+)"));
    static final List<String> IMAGES = List.of(scriptValue("^readonly DEFAULT_IMAGES=\\(([^)]*)\\)$").strip().split("\\s+"));

    private final List<String> hosts;

    private SwarmLab(List<String> hosts) {
        this.hosts = hosts;
    }

    /**
     * Runs {@code bin/swarm-lab up} (a few seconds when the lab runs already) and reads each node's DOCKER_HOST.
     *
     * @param extraImages images of the tests' engine to copy into every node as well (the nodes reach no registry)
     */
    static SwarmLab up(String... extraImages) {
        // the script copies the images it is given, so the default ones are named as well
        List<String> args = new ArrayList<>(List.of("up"));
        if (extraImages.length > 0) {
            args.addAll(IMAGES);
            args.addAll(Arrays.asList(extraImages));
        }
        Cmd.Result r = script(Duration.ofMinutes(10), args.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new IllegalStateException("bin/swarm-lab up failed (exit " + r.exit() + "):\n" + r.err() + r.out());
        }
        List<String> hosts = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            Cmd.Result env = script(Duration.ofSeconds(30), "env", String.valueOf(n)).orThrow();
            Matcher m = Pattern.compile("^export DOCKER_HOST=(\\S+)$", Pattern.MULTILINE).matcher(env.out());
            if (!m.find()) {
                throw new IllegalStateException("bin/swarm-lab env " + n + " printed no DOCKER_HOST: " + env.out());
            }
            hosts.add(m.group(1));
        }
        return new SwarmLab(hosts);
    }

    int nodes() {
        return NODES;
    }

    /** The manager's DOCKER_HOST (node 1). */
    String managerHost() {
        return host(1);
    }

    String host(int node) {
        return hosts.get(node - 1);
    }

    static String hostname(int node) {
        return "swarm-node-" + node;
    }

    /** The docker CLI against node N's engine. */
    Cmd.Result docker(int node, String... args) {
        List<String> c = new ArrayList<>(List.of("docker"));
        c.addAll(Arrays.asList(args));
        return Cmd.run(c, Map.of("DOCKER_HOST", host(node)), null, Duration.ofMinutes(5));
    }

    String dockerOk(int node, String... args) {
        Cmd.Result r = docker(node, args);
        if (r.exit() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " on node " + node + ": exit " + r.exit()
                    + ": " + r.err().strip() + " " + r.out().strip());
        }
        return r.out().strip();
    }

    /** Takes worker N off the network (its link goes down; its engine and tasks run on). */
    void nodeDown(int node) {
        script(Duration.ofSeconds(30), "node-down", String.valueOf(node)).orThrow();
    }

    /** Puts worker N back on the network; returns once the manager has it Ready. */
    void nodeUp(int node) {
        script(Duration.ofMinutes(2), "node-up", String.valueOf(node)).orThrow();
    }

    private static Cmd.Result script(Duration limit, String... args) {
        List<String> c = new ArrayList<>(List.of(SCRIPT.toString()));
        c.addAll(Arrays.asList(args));
        return Cmd.run(c, Map.of(), null, limit, RealEngine.REPO);
    }

    private static String scriptValue(String regex) {
        try {
            Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(SCRIPT));
            if (!m.find()) {
                throw new IllegalStateException(SCRIPT + " has no line matching " + regex);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
