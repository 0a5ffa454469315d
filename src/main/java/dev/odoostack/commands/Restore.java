package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.List;

/** {@code restore}: from the legacy host, a backup, or back to the previous generation. */
@Command(name = "restore",
        customSynopsis = "bin/odoo-stack restore <stack> [--rollback | --from-backup ID|latest [--from-stack STACK]] [--engine pulumi|compose] [--yes]",
        description = {
                "Restore from the legacy host now (docs/restore.md), with the settings of the",
                "stack file and no edit of it: under Pulumi, `pulumi up --target-replace` of the",
                "restore command alone, refused when the stack has other pending changes (apply",
                "them with up first). This is also how a stack with restoreOnFirstUp: false",
                "restores. --rollback swaps the previous generation back;",
                "--from-backup restores a snapshot of the stack's own backups as it was, or of",
                "another stack's (--from-stack) neutralized (docs/backups.md). Progress lines",
                "(phase, sizes, seconds) show as it runs. On a swarm (docs/scale-out.md) Odoo's",
                "services are scaled to zero around the swap and back after; PostgreSQL's",
                "task is reached through ODOO_STACK_DB_DOCKER_HOST when it runs on another node."})
final class Restore extends ScriptCommand {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = "--rollback", description = "swap the previous generation back")
    boolean rollback;

    @Option(names = "--from-backup", paramLabel = "ID|latest", description = "a snapshot of the stack's backups (bin/odoo-stack backups lists them)")
    String fromBackup;

    @Option(names = "--from-stack", paramLabel = "STACK", description = "with --from-backup: another stack's backups, neutralized")
    String fromStack;

    @Option(names = {"-y", "--yes"}, description = "no confirmation prompt (Pulumi engine)")
    boolean yes;

    @Mixin
    EngineOption engine;

    @Override
    EngineOption engine() {
        return engine;
    }

    Restore(Env env) {
        super(env);
    }

    /** From the legacy host on the compose engine, in Java; a rollback or a restore from backups is the script's. */
    @Override
    public Integer call() {
        if (compose() && !rollback && fromBackup == null && fromStack == null) {
            Stacks.check(env, stack, spec.name());
            return composeEngine().restore();
        }
        return super.call();
    }

    @Override
    boolean needsDocker() {
        return rollback || fromBackup != null || compose();
    }
}
