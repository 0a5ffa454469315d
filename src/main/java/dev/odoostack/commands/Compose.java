package dev.odoostack.commands;

import dev.odoostack.cli.OfflineCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code compose}: the compose file Coolify deploys. */
@Command(name = "compose",
        customSynopsis = "bin/odoo-stack compose <stack> [--out DIR]",
        description = {
                "The docker compose file Coolify deploys, from the same settings, into",
                "docker/config/coolify/<stack>/ (commit it; Coolify deploys it from git). The",
                "same stack file and sources give the same bytes: the header names the stack",
                "file and its digest, not a commit, so a render leaves a clean tree clean."})
final class Compose implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write it (default: docker/config/coolify/<stack>)")
    Path out;

    private final Env env;

    Compose(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Stacks.check(env, stack, "compose");
        return OfflineCommands.compose(env.project(), stack, out, env.out(), env.err());
    }
}
