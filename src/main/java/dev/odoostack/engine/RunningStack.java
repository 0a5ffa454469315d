package dev.odoostack.engine;

import java.io.PrintStream;

/** What the Docker engine runs of a stack, whichever engine deployed it (its containers carry odoo-stack.stack). */
public final class RunningStack {
    private RunningStack() {
    }

    /** The engine whose containers the stack has here: compose, pulumi, or empty when it has none. */
    public static String engine(Docker docker, String stack) {
        var r = docker.run("ps", "-a", "--filter", "label=odoo-stack.stack=" + stack, "--format",
                "{{.Label \"com.docker.compose.project\"}}|{{.Names}}");
        if (!r.ok() || r.text().isEmpty()) {
            return "";
        }
        return r.text().lines().anyMatch(l -> !l.startsWith("|")) ? "compose" : "pulumi";
    }

    /**
     * Up on one engine while the other's containers run the stack would start new containers on the same data with
     * other passwords (PostgreSQL keeps the one it was initialised with): refused, naming move-engine.
     *
     * @param engine the engine of the up: compose or pulumi
     */
    public static void refuseOther(Docker docker, String stack, String engine) {
        String running = engine(docker, stack);
        if (!running.isEmpty() && !running.equals(engine)) {
            throw new Failure("up " + stack + ": the stack runs on the " + running + " engine here, with passwords the "
                    + engine + " engine does not have; carry them over and hand the stack to " + engine + " with:"
                    + " bin/odoo-stack move-engine " + stack + " --to " + engine);
        }
    }

    /**
     * After a failed up, one line for each container of the stack that is not healthy, with the output of its last
     * health check (the provider says only that it "failed to be in healthy state").
     */
    public static void whyUnhealthy(Docker docker, String stack, PrintStream err) {
        var names = docker.run("ps", "-a", "--filter", "label=odoo-stack.stack=" + stack, "--format", "{{.Names}}");
        if (!names.ok()) {
            return;
        }
        for (String name : names.text().lines().filter(l -> !l.isBlank()).sorted().toList()) {
            // a one-shot container that did its work (odoo-init) is no long-running one, whatever its image's check says
            var health = docker.inspect(name, "{{if and .State.Health (or .State.Running .State.ExitCode)}}{{.State.Health.Status}}{{end}}");
            if (health.isEmpty() || health.get().isEmpty() || health.get().equals("healthy")) {
                continue;
            }
            String last = docker.inspect(name, "{{range .State.Health.Log}}exit {{.ExitCode}}, {{printf \"%q\" .Output}}{{println}}{{end}}")
                    .orElse("").lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("none yet");
            err.println("odoo-stack: up " + stack + ": " + name + " is " + health.get() + "; its last health check: " + last
                    + " (bin/odoo-stack logs " + stack + " " + name.substring(Math.min(name.length(), stack.length() + 1)) + ")");
        }
    }

}
