package dev.odoostack.program;

import com.pulumi.Context;
import dev.odoostack.config.ConfigException;
import dev.odoostack.config.Problem;
import dev.odoostack.config.PulumiConfig;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.model.DeploymentModel;

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
            throw new IllegalStateException("stack " + ctx.stackName() + ": " + e.problems().size()
                    + " configuration problem(s), nothing declared; see the errors above");
        }
        declare(ctx, settings);
    }

    /** Declares the deployment of already validated settings; the offline plan enters here. */
    public static void declare(Context ctx, Settings settings) {
        DockerResources.declare(ctx, DeploymentModel.of(settings));
    }
}
