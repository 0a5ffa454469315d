package dev.odoostack.commands;

import dev.odoostack.engine.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class Restore extends StackCommand {
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



    @Override
    public Integer call() {
        Stacks.check(env, stack, "restore");
        if (fromStack != null && fromBackup == null) {
            throw new Failure("restore: --from-stack goes with --from-backup, e.g. bin/odoo-stack restore " + stack
                    + " --from-backup latest --from-stack " + fromStack, 2);
        }
        if (rollback && fromBackup != null) {
            throw new Failure("restore: --rollback and --from-backup exclude each other", 2);
        }
        if (fromStack != null && !fromStack.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new Failure("restore " + stack + ": --from-stack '" + fromStack + "' is not a stack name (e.g. --from-stack opw)", 2);
        }
        if (rollback || fromBackup != null) {
            return direct();
        }
        if (compose()) {
            return composeEngine().restore();
        }
        return PulumiCommands.oneOff(withPulumi(), stack, "restore", yes);
    }

    /** A rollback or a restore from backups, on the running containers whichever engine deployed them. */
    private int direct() {
        StackFacts facts = StackFacts.load(env, stack);
        // on a swarm, restore.sh finds PostgreSQL's task itself
        if (!facts.swarm()) {
            DayTwo.need(facts, facts.docker(), facts.containerName("postgres"));
        }
        return RestoreScript.run(facts, rollback ? List.of("--rollback") : List.of(), fromBackup, fromStack);
    }
}
