package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.List;

/** {@code destroy}: the containers and networks go; the data stays. */
@Command(name = "destroy",
        customSynopsis = "bin/odoo-stack destroy <stack> [--engine pulumi|compose] [pulumi destroy options]",
        description = {
                "Remove the stack's containers and networks; the data (state root, named",
                "volumes) stays, and the last line says where. A production stack refuses."})
final class Destroy extends ScriptCommand {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Unmatched
    List<String> passThrough;

    @Mixin
    EngineOption engine;

    @Override
    EngineOption engine() {
        return engine;
    }

    Destroy(Env env) {
        super(env);
    }
}
