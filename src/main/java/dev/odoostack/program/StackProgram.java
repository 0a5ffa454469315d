package dev.odoostack.program;

import com.pulumi.Context;
import dev.odoostack.config.ConfigException;
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

/** The Pulumi program: config from the engine, validated, modelled, declared. */
public final class StackProgram {
    private StackProgram() {
    }

    /** The entry point of {@code pulumi up}: every password must be set. */
    public static void stack(Context ctx) {
        Settings settings;
        try {
            settings = SettingsParser.parse(ctx.stackName(), PulumiConfig.read(ctx), SecretPolicy.REQUIRE);
        } catch (ConfigException e) {
            // report every problem, declare nothing: a half-declared stack would make pulumi delete the rest;
            // the exception fails the run (logged errors alone do not, under every runner)
            for (Problem p : e.problems()) {
                ctx.log().error(p.message());
            }
            // the exception repeats them: logging is asynchronous and must not be the only report
            throw new IllegalStateException(e.getMessage() + "\nnothing was declared");
        }
        declare(ctx, settings);
    }

    /** Declares the deployment of already validated settings; the offline plan enters here. */
    public static void declare(Context ctx, Settings settings) {
        declare(ctx, settings, java.nio.file.Path.of("")); // pulumi runs the program in the project directory
    }

    /** The same, with the build contexts read from the project directory given (the offline plan, from anywhere). */
    public static void declare(Context ctx, Settings settings, java.nio.file.Path projectDir) {
        DockerResources.declare(ctx, DeploymentModel.of(settings, projectDir), guard(ctx, settings));
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
                throw new IllegalStateException(String.join("\n", refusals));
            }
            return "checked";
        });
    }
}
