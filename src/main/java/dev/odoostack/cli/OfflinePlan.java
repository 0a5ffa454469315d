package dev.odoostack.cli;

import dev.odoostack.plan.PlanRunner;
import dev.odoostack.plan.Plan;
import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.program.StackProgram;

import java.nio.file.Path;
import java.util.Map;

/**
 * The plan of a stack from its stack file alone: the file is validated with the program's rules (secrets may be
 * missing or encrypted) and against the project's other stacks on the same Docker host, then the program runs
 * under the mock engine.
 */
public final class OfflinePlan {
    private OfflinePlan() {
    }

    /** The stack's settings as the plan reads them. */
    static Settings settings(Path projectDir, String stack, Map<String, String> environment) {
        Map<String, RawValue> raw = dev.odoostack.config.DockerEndpoint.withEngine(StackFile.read(StackFile.path(projectDir, stack)), environment);
        return SettingsParser.parse(stack, raw, SecretPolicy.ALLOW_MISSING);
    }

    /** The plan as {@code pulumi up} run from this process would declare it (its DOCKER_HOST included). */
    public static Plan of(Path projectDir, String stack) {
        return of(projectDir, stack, System.getenv());
    }

    /**
     * @param environment the environment {@code pulumi up} would run in: its DOCKER_HOST is the Docker engine of a
     *                    stack without docker:host (the tests pass a fixed one)
     * @throws dev.odoostack.config.ConfigException listing every configuration problem
     */
    public static Plan of(Path projectDir, String stack, Map<String, String> environment) {
        Settings settings = settings(projectDir, stack, environment);
        // the other stacks go to the same engine when they name none: DOCKER_HOST's, as this one
        SiblingStacks.check(projectDir, settings, environment.get(dev.odoostack.config.DockerEndpoint.ENV));
        PlanRunner.Run run = PlanRunner.run(stack, Map.of(), java.util.Set.of(),
                ctx -> StackProgram.declare(ctx, settings, projectDir, environment));
        if (!run.errors().isEmpty()) {
            throw new IllegalStateException("the program failed under the mock engine: " + String.join("; ", run.errors()));
        }
        return run.plan();
    }
}
