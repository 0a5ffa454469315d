package dev.odoostack.engine;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one wait for containers, for every engine and command (and the one look without a wait, {@link #unsettled}):
 * one deadline for all of them (ODOO_STACK_WAIT_SECONDS, default 300 s), polled, never slept through. A one-shot
 * container (restart policy "no") that exited 0 is done; an exited or unhealthy one ends the wait at once, with its
 * last log lines.
 */
public final class Health {
    public static final int DEFAULT_SECONDS = 300;
    /** One inspect per container and poll: what {@link State#parse} reads. */
    static final String FORMAT = "{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}"
            + "{{else}}none{{end}} {{.HostConfig.RestartPolicy.Name}}";

    private Health() {
    }

    /** The deadline's length: ODOO_STACK_WAIT_SECONDS of the environment, else 300 s. */
    public static Duration limit(Map<String, String> env) {
        String s = env.getOrDefault("ODOO_STACK_WAIT_SECONDS", "");
        try {
            return Duration.ofSeconds(s.isBlank() ? DEFAULT_SECONDS : Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            throw new Failure("ODOO_STACK_WAIT_SECONDS='" + s + "' is not a number of seconds; e.g. ODOO_STACK_WAIT_SECONDS=300", 2);
        }
    }

    /** A container as the wait sees it; health is "none" when it has no health check. */
    record State(String name, String status, int exitCode, String health, String restart) {
        static State parse(String line) {
            String[] f = line.strip().split(" ", -1);
            if (f.length < 4) {
                throw new IllegalArgumentException("unexpected docker inspect output: " + line);
            }
            return new State(f[0].replaceFirst("^/", ""), f[1], Integer.parseInt(f[2]), f[3], f.length > 4 ? f[4] : "");
        }

        /** A one-shot container (the addon checkout, odoo-init) whose work is done; older engines say "" for "no". */
        boolean done() {
            return status.equals("exited") && exitCode == 0 && (restart.equals("no") || restart.isEmpty());
        }

        boolean failed() {
            return !done() && (status.equals("exited") || status.equals("dead") || health.equals("unhealthy"));
        }

        boolean ready() {
            return status.equals("running") && (health.equals("healthy") || health.equals("none"));
        }

        /** Nothing left to wait for: ready, or a one-shot that is done. */
        boolean settled() {
            return ready() || done();
        }

        /** The word of the "odoo-stack: NAME healthy|running" line. */
        String word() {
            return health.equals("none") ? "running" : health;
        }

        /** "exited", "running (unhealthy)": what the failure line says it is. */
        String what() {
            return health.equals("none") ? status : status + " (" + health + ")";
        }
    }

    /**
     * One look at every container: the lines to print (each container once, in {@code reported}), the ones still
     * pending, and the first that failed.
     */
    record Look(List<String> lines, List<String> pending, Optional<State> failed) {
        static Look of(List<State> states, Set<String> reported) {
            List<String> lines = new ArrayList<>();
            List<String> pending = new ArrayList<>();
            for (State s : states) {
                if (s.failed()) {
                    return new Look(lines, pending, Optional.of(s));
                }
                if (s.ready()) {
                    if (reported.add(s.name())) {
                        lines.add("odoo-stack: " + s.name() + " " + s.word());
                    }
                } else if (!s.done()) {
                    pending.add(s.name());
                }
            }
            return new Look(lines, pending, Optional.empty());
        }
    }

    /**
     * One look, no wait, by the rule the wait uses: each container neither ready nor done, as "NAME running (unhealthy)",
     * "NAME exited" or "NAME missing"; empty when every one is.
     */
    public static List<String> unsettled(Docker docker, List<String> containers) {
        List<String> unsettled = new ArrayList<>();
        for (String c : containers) {
            Optional<State> s = docker.inspect(c, FORMAT).map(State::parse);
            if (s.isEmpty()) {
                unsettled.add(c + " missing");
            } else if (!s.get().settled()) {
                unsettled.add(s.get().name() + " " + s.get().what());
            }
        }
        return unsettled;
    }

    /**
     * The named containers healthy (one without a health check: running), within the limit; a missing one fails.
     *
     * @param hint what shows why, for the timeout's line (e.g. bin/odoo-stack logs cm)
     */
    public static void waitHealthy(Docker docker, List<String> containers, Duration limit, String hint, PrintStream err) {
        waitFor(docker, () -> containers, limit, hint, err);
    }

    /**
     * Every container {@code containers} lists at each poll (ids or names) healthy or done, within the limit.
     *
     * @param hint what shows why, for the timeout's line (e.g. docker ps -a shows which)
     */
    public static void waitFor(Docker docker, Supplier<List<String>> containers, Duration limit, String hint, PrintStream err) {
        Instant deadline = Instant.now().plus(limit);
        Set<String> reported = new HashSet<>();
        List<String> pending = new ArrayList<>();
        until(deadline, () -> {
            List<State> states = new ArrayList<>();
            for (String c : containers.get()) {
                states.add(State.parse(docker.inspect(c, FORMAT).orElseThrow(() ->
                        new Failure("no container " + c + " on " + docker.engine() + ": " + hint))));
            }
            Look look = Look.of(states, reported);
            look.lines().forEach(err::println);
            if (look.failed().isPresent()) {
                State s = look.failed().get();
                var logs = docker.run("logs", "--tail", "20", s.name());
                err.print(logs.out());
                err.print(logs.err());
                throw new Failure(s.name() + " is " + s.what() + ": its last log lines are above");
            }
            pending.clear();
            pending.addAll(look.pending());
            return pending.isEmpty();
        }, () -> String.join(", ", pending) + " not healthy after " + limit.toSeconds() + " s: " + hint);
    }

    /**
     * The one poll loop: asks {@code done} once a second until it says yes, or fails with {@code late}'s line once
     * the deadline has passed. {@code done} may end the wait itself by throwing a Failure.
     */
    public static void until(Instant deadline, BooleanSupplier done, Supplier<String> late) {
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new Failure(late.get());
            }
            try {
                Thread.sleep(1000); // a poll with a deadline above, not a wait on time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted while waiting: " + late.get());
            }
        }
    }
}
