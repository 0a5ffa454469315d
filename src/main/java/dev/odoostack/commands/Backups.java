package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code backups}: the stack's snapshots. */
@Command(name = "backups",
        customSynopsis = "bin/odoo-stack backups <stack>",
        description = {
                "The stack's snapshots in its backup repository."})
final class Backups implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    private final Env env;

    Backups(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return BackupContainer.run(env, stack, "backups", "list");
    }
}
