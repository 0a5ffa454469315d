package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.List;

/** {@code preview}: what up would change. */
@Command(name = "preview",
        customSynopsis = "bin/odoo-stack preview <stack> [--engine pulumi|compose] [pulumi preview options]",
        description = {
                "The same set-up, then `pulumi preview --diff`: what a config change would do.",
                "With --engine compose: what `up` would create, recreate or remove."})
final class Preview extends ScriptCommand {
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

    Preview(Env env) {
        super(env);
    }
}
