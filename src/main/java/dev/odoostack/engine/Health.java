package dev.odoostack.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for containers to be healthy: one deadline for all of them (ODOO_STACK_WAIT_SECONDS, default 300 s),
 * polled, never slept through; an unhealthy one ends the wait at once.
 */
public final class Health {
    public static final int DEFAULT_SECONDS = 300;

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

    /**
     * Every container healthy (one without a health check: running), within the limit.
     *
     * @param hint the command that shows why, for the failure line (e.g. bin/odoo-stack logs cm)
     */
    public static void waitHealthy(Docker docker, List<String> containers, Duration limit, String hint) {
        Instant deadline = Instant.now().plus(limit);
        for (String c : containers) {
            until(deadline, () -> {
                String health = docker.inspect(c, "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{if .State.Running}}healthy{{else}}{{.State.Status}}{{end}}{{end}}")
                        .orElse("absent");
                if (health.equals("unhealthy") || health.equals("exited") || health.equals("absent")) {
                    throw new Failure(c + " is " + health + ": " + hint);
                }
                return health.equals("healthy");
            }, () -> c + " not healthy after " + limit.toSeconds() + " s: " + hint);
        }
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
