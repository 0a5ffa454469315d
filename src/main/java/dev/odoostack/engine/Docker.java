package dev.odoostack.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker CLI against one engine (DOCKER_HOST of the environment given, else the local socket). The commands ask
 * the engine through the CLI, as an operator would: the same engines, contexts and ssh:// hosts work.
 */
public final class Docker {
    public static final String LOCAL = "unix:///var/run/docker.sock";
    private final Map<String, String> env;
    private final String cli;

    public Docker(Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.cli = Tools.docker(env).toString();
    }

    /** The same CLI against another engine (a swarm's database node), or this one when {@code host} is empty. */
    public Docker on(String host) {
        if (host == null || host.isEmpty()) {
            return this;
        }
        var e = new java.util.HashMap<>(env);
        e.put("DOCKER_HOST", host);
        return new Docker(e);
    }

    /** Where this CLI goes, for messages. */
    public String engine() {
        return env.getOrDefault("DOCKER_HOST", LOCAL);
    }

    /** What a run printed and how it ended. */
    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** stdout without its last line break. */
        public String text() {
            return out.strip();
        }
    }

    /** Runs {@code docker ARGS}, its output captured. */
    public Result run(String... args) {
        return run(List.of(args), null, Duration.ofMinutes(10));
    }

    public Result run(List<String> args, String stdin, Duration limit) {
        List<String> c = new ArrayList<>(List.of(cli));
        c.addAll(args);
        Processes.Captured r = Processes.captured(c, env, stdin, limit);
        if (!r.ended()) {
            throw new Failure("docker " + args.get(0) + " did not end within " + limit.toSeconds()
                    + " s against the engine at " + engine());
        }
        return new Result(r.exit(), r.out(), r.err());
    }

    /** Runs {@code docker ARGS} on this process's own terminal and streams; its exit code. */
    public int attached(List<String> args) {
        List<String> c = new ArrayList<>(List.of(cli));
        c.addAll(args);
        return Processes.attached(c, env);
    }

    /**
     * Runs {@code docker ARGS} on this process's stdin and stdout; its stderr passes through line by line and is
     * also kept, for what the command reads from it (a swarm's lost log stream).
     */
    public Result attachedKeepingErr(List<String> args, java.io.PrintStream err) {
        List<String> c = new ArrayList<>(List.of(cli));
        c.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(c).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(env);
        StringBuilder kept = new StringBuilder();
        try {
            Process p = pb.start();
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    err.println(line);
                    kept.append(line).append('\n');
                }
            }
            return new Result(p.waitFor(), "", kept.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "", kept.toString());
        }
    }

    /** {@code docker FIRST | docker SECOND}, nothing on this host's disk between them; whether both ended well. */
    public boolean pipe(List<String> first, List<String> second) {
        List<String> a = new ArrayList<>(List.of(cli));
        a.addAll(first);
        List<String> b = new ArrayList<>(List.of(cli));
        b.addAll(second);
        var pa = new ProcessBuilder(a).redirectError(ProcessBuilder.Redirect.DISCARD);
        var pb = new ProcessBuilder(b).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        for (var p : List.of(pa, pb)) {
            p.environment().clear();
            p.environment().putAll(env);
        }
        try {
            List<Process> ps = ProcessBuilder.startPipeline(List.of(pa, pb));
            boolean ok = true;
            for (Process p : ps) {
                ok &= p.waitFor() == 0;
            }
            return ok;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The engine answers (its server version); no answer within 20 s counts as none. */
    public boolean answers() {
        return run(List.of("version", "--format", "{{.Server.Version}}"), null, Duration.ofSeconds(20)).ok();
    }

    /** One line when the engine does not answer; every command that needs it asks this first. */
    public Docker mustAnswer() {
        if (!answers()) {
            throw new Failure("no Docker engine answers at " + engine() + ": start it, or set DOCKER_HOST to one that"
                    + " runs (the tests' engine: eval \"$(bin/real-engine env)\")");
        }
        return this;
    }

    /** {@code docker inspect --type container --format FORMAT NAME}, when the container exists. */
    public Optional<String> inspect(String container, String format) {
        Result r = run("inspect", "--type", "container", "--format", format, container);
        return r.ok() ? Optional.of(r.text()) : Optional.empty();
    }

    public boolean exists(String container) {
        return run("inspect", "--type", "container", "--format", "{{.Id}}", container).ok();
    }

    /** The value of one variable of a container's configured environment (e.g. POSTGRES_USER), or empty. */
    public String envOf(String container, String name) {
        return inspect(container, "{{range .Config.Env}}{{println .}}{{end}}").orElse("").lines()
                .filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1)).findFirst().orElse("");
    }
}
