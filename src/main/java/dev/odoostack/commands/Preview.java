package dev.odoostack.commands;

import dev.odoostack.engine.ComposeEngine;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code preview}: what up would change. */
@Command(name = "preview",
        customSynopsis = "bin/odoo-stack preview <stack> [--engine pulumi|compose] [pulumi preview options]",
        description = {
                "The same set-up, then `pulumi preview --diff`: what a config change would do;",
                "the last line counts what up would create, update, replace and leave; --json",
                "prints Pulumi's JSON instead.",
                "With --engine compose: what `up` would create, recreate or remove."})
final class Preview extends PulumiOperation {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    Preview(Env env) {
        super(env);
    }

    @Override
    int onCompose(ComposeEngine compose) {
        compose.preview();
        return 0;
    }

    @Override
    int onPulumi(Env env, List<String> options) {
        return PulumiCommands.preview(env, stack, options);
    }
}
