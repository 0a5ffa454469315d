package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code rebuild}: fetch the addons, rebuild the Odoo image, restart Odoo on it. */
@Command(name = "rebuild",
        customSynopsis = "bin/odoo-stack rebuild <stack> [--engine pulumi|compose] [--yes]",
        description = {
                "The old `ops local up <stack> --build`, without editing the stack file: fetch the",
                "addon repositories again, rebuild the Odoo image (Docker's layer cache applies),",
                "and recreate or restart Odoo on the result. Under Pulumi, `pulumi up",
                "--target-replace` of the checkout, the build and its lookup, with",
                "--target-dependents (the build left out while the image is current with its",
                "base: docs/images.md); refused, as restore, when other changes are pending."})
final class Rebuild extends StackCommand {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = {"-y", "--yes"}, description = "no confirmation prompt (Pulumi engine)")
    boolean yes;

    @Mixin
    EngineOption engine;

    @Override
    EngineOption engine() {
        return engine;
    }

    Rebuild(Env env) {
        super(env);
    }


    @Override
    public Integer call() {
        Stacks.check(env, stack, "rebuild");
        if (compose()) {
            composeEngine().rebuild();
            return 0;
        }
        return PulumiCommands.oneOff(withPulumi(), stack, "rebuild", yes);
    }
}
