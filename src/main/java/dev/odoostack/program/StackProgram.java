package dev.odoostack.program;

import com.pulumi.Context;
import dev.odoostack.config.ConfigException;
import dev.odoostack.config.DockerEndpoint;
import dev.odoostack.config.Problem;
import dev.odoostack.config.PulumiConfig;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;
import dev.odoostack.assembly.ChangeGuard;
import dev.odoostack.assembly.DeploymentModel;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The Pulumi program: config from the engine, validated, modelled, declared. */
public final class StackProgram {
    private StackProgram() {
    }

    /** The entry point of {@code pulumi up}: every password must be set; the engine is found in this process's environment. */
    public static void stack(Context ctx) {
        stack(ctx, System.getenv());
    }

    /**
     * The same program with the environment given instead of this process's: the tests pass a fixed one, so that
     * the shell's DOCKER_HOST does not enter what they see.
     */
    public static Consumer<Context> program(Map<String, String> environment) {
        Map<String, String> env = Map.copyOf(environment);
        return ctx -> stack(ctx, env);
    }

    /**
     * The program as the Automation API runs it in this process (bin/odoo-stack up): the project directory is
     * given, since this process runs wherever the operator is, not in the project as {@code pulumi up} does.
     */
    public static Consumer<Context> inline(Map<String, String> environment, java.nio.file.Path projectDir) {
        Map<String, String> env = Map.copyOf(environment);
        return ctx -> stack(ctx, env, projectDir);
    }

    static void stack(Context ctx, Map<String, String> environment) {
        stack(ctx, environment, java.nio.file.Path.of("")); // pulumi runs the program in the project directory
    }

    private static void stack(Context ctx, Map<String, String> environment, java.nio.file.Path projectDir) {
        Settings settings;
        try {
            settings = SettingsParser.parse(ctx.stackName(), DockerEndpoint.withEngine(PulumiConfig.read(ctx), environment),
                    SecretPolicy.REQUIRE);
        } catch (ConfigException e) {
            // report every problem, declare nothing: a half-declared stack would make pulumi delete the rest;
            // the exception fails the run (logged errors alone do not, under every runner)
            for (Problem p : e.problems()) {
                ctx.log().error(p.message());
            }
            // the exception repeats them: logging is asynchronous and must not be the only report
            throw new Refusal(e.getMessage() + "\nnothing was declared");
        }
        declare(ctx, settings, projectDir, environment);
    }

    /**
     * Declares the deployment of already validated settings; the offline plan enters here, with the build contexts
     * read from the project directory given (the offline plan, from anywhere).
     *
     * @param environment the environment of the process that deploys: the Docker engine is the stack's docker:host,
     *                    else its DOCKER_HOST, else the local socket ({@link DockerEndpoint})
     */
    public static void declare(Context ctx, Settings settings, java.nio.file.Path projectDir, Map<String, String> environment) {
        DockerResources.declare(ctx, DeploymentModel.of(settings, projectDir), guard(ctx, settings),
                DockerEndpoint.of(settings, environment));
    }

    /**
     * Compares the settings with the stack's own outputs from its last deployment (a stack reference to itself)
     * and fails, before any container is touched, on a change that would damage the running stack.
     */
    static Output<String> guard(Context ctx, Settings settings) {
        var self = new StackReference(ctx.organizationName() + "/" + ctx.projectName() + "/" + ctx.stackName());
        return self.outputs().applyValue(previous -> {
            List<String> refusals = ChangeGuard.refusals(previous == null ? Map.of() : previous, settings);
            if (!refusals.isEmpty()) {
                refusals.forEach(r -> ctx.log().error(r));
                throw new Refusal(String.join("\n", refusals));
            }
            return "checked";
        });
    }
}
