package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code backup}: one backup now, or the drill of the newest, in the stack's backup container. */
@Command(name = "backup",
        customSynopsis = "bin/odoo-stack backup <stack> [--drill]",
        description = {
                "One backup now (database dump + filestore, one restic snapshot), with",
                "progress; --drill instead proves the newest one restores (restic check, the",
                "dump loaded into a scratch database, a sanity query); docs/backups.md."})
final class Backup implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    @Option(names = "--drill", description = "prove the newest backup restores, instead of taking one")
    boolean drill;

    private final Env env;

    Backup(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return BackupContainer.run(env, stack, "backup", drill ? "drill" : "now");
    }
}
