package dev.odoostack.commands;

import dev.odoostack.cli.OfflineCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code plan}: everything pulumi up would declare, offline. */
@Command(name = "plan",
        customSynopsis = "bin/odoo-stack plan <stack> [--json]",
        description = {
                "Everything `pulumi up` would declare, offline: needs neither Docker nor Pulumi.",
                "Its last line (stderr) names the checks only preview and up make against the",
                "Docker host (its memory, a shared proxy network); docs/configuration.md."})
final class Plan implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    @Option(names = "--json", description = "machine-readable")
    boolean json;

    private final Env env;

    Plan(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Stacks.check(env, stack, "plan");
        return OfflineCommands.plan(env.project(), stack, json, env.vars(), env.out(), env.err());
    }
}
