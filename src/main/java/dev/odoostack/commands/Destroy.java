package dev.odoostack.commands;

import dev.odoostack.engine.ComposeEngine;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code destroy}: the containers and networks go; the data stays. */
@Command(name = "destroy",
        customSynopsis = "bin/odoo-stack destroy <stack> [--engine pulumi|compose] [pulumi destroy options]",
        description = {
                "Remove the stack's containers and networks; the data (state root, named",
                "volumes) stays, and the last line says where. A production stack refuses.",
                "A destroy that fails part way is followed by a refresh and one more destroy."})
final class Destroy extends PulumiOperation {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    Destroy(Env env) {
        super(env);
    }

    @Override
    int onCompose(ComposeEngine compose) {
        ProductionGuard.refuseDestroy(env, stack);
        compose.destroy();
        env.err().println(DataKept.line(env, stack, "bin/odoo-stack up " + stack + " --engine compose"));
        return 0;
    }

    @Override
    int onPulumi(Env env, List<String> options) {
        return PulumiCommands.destroy(env, stack, options);
    }
}
