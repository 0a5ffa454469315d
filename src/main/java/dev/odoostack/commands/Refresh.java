package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;

/** {@code refresh}: Pulumi's state read again from the engine. */
@Command(name = "refresh",
        customSynopsis = "bin/odoo-stack refresh <stack> [pulumi refresh options]",
        description = {
                "Read the stack's resources as the Docker engine has them now into Pulumi's state",
                "(`pulumi refresh`), with the same set-up as up: what changed behind Pulumi's back",
                "(a container removed by hand) shows, and the next up puts it back. Pulumi engine."})
final class Refresh extends StackCommand {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Unmatched
    List<String> passThrough;

    Refresh(Env env) {
        super(env);
    }

    @Override
    public Integer call() {
        Stacks.check(env, stack, "refresh");
        return PulumiCommands.refresh(withPulumi(), stack, passThrough == null ? List.of() : passThrough);
    }
}
