package dev.odoostack.cli;

import dev.odoostack.assembly.HostChecks;
import dev.odoostack.config.ConfigException;
import dev.odoostack.config.Problem;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanPrinter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code plan} and {@code compose}, the commands that need no Docker and no Pulumi CLI: what they print and their
 * exit code, 0 when done, 1 on a problem (every configuration problem listed, one per line, and nothing written).
 */
public final class OfflineCommands {
    private OfflineCommands() {
    }

    /**
     * Every resource {@code pulumi up} would declare for the stack, on {@code out}; then, on {@code err} so that the
     * JSON stays alone, which checks only preview and up make against the Docker host.
     *
     * @param env the environment the plan is made in: a stack without docker:host goes to its DOCKER_HOST, else to the
     *            local socket (the tests pass a fixed one)
     */
    public static int plan(Path projectDir, String stack, boolean json, Map<String, String> env, PrintStream out,
                           PrintStream err) {
        return run("plan", stack, err, () -> {
            Plan plan = OfflinePlan.of(projectDir, stack, env);
            out.print(json ? PlanPrinter.json(plan) : PlanPrinter.text(plan));
            err.println(HostChecks.notMadeOffline(OfflinePlan.settings(projectDir, stack, env)));
        });
    }

    /**
     * The compose file Coolify deploys, and the files it mounts, into {@code outDir}; its path on {@code out}.
     *
     * @param outDir null: {@code docker/config/coolify/<stack>} in the project, where Coolify finds it in git
     */
    public static int compose(Path projectDir, String stack, Path outDir, PrintStream out, PrintStream err) {
        Path dir = outDir != null ? outDir : projectDir.resolve("docker/config/coolify/" + stack);
        return run("compose", stack, err, () -> {
            ComposeWriter.write(projectDir, stack, dir);
            out.println("wrote " + dir.resolve("docker-compose.yml"));
        });
    }

    /** What a command does once its arguments are known; a problem ends it. */
    private interface Work {
        void run() throws IOException;
    }

    private static int run(String command, String stack, PrintStream err, Work work) {
        try {
            work.run();
            return 0;
        } catch (ConfigException e) {
            err.println("odoo-stack " + command + " " + stack + ": " + e.problems().size() + " configuration problem(s), nothing written:");
            for (Problem p : e.problems()) {
                err.println("  - " + p.message());
            }
        } catch (IOException e) {
            err.println("odoo-stack " + command + " " + stack + ": cannot write: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println("odoo-stack " + command + " " + stack + ": " + e.getMessage());
        }
        return 1;
    }
}
