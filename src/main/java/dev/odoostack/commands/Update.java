package dev.odoostack.commands;

import dev.odoostack.engine.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code update}: update modules, with a snapshot to return to. */
@Command(name = "update",
        customSynopsis = "bin/odoo-stack update <stack> <module,...>|--all",
        description = {
                "Update Odoo modules: Odoo stops, a snapshot of database and filestore is taken",
                "as the previous generation (restore.sh --snapshot), a one-off container runs",
                "`odoo -u <modules> --stop-after-init`, Odoo starts. When the update fails the",
                "snapshot is swapped back (restore.sh --rollback) and the last line says so,",
                "with the log. docs/operations.md, \"Updating modules\"."})
final class Update implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<module,...>", description = "the modules, comma-separated")
    String modules;

    @Option(names = "--all", description = "every installed module")
    boolean all;

    private final Env env;

    Update(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Stacks.check(env, stack, "update");
        if (modules == null && !all) {
            throw new Failure("update: which modules? bin/odoo-stack update " + stack + " sale,stock (or --all)", 2);
        }
        String which = all ? "all" : modules;
        if (!which.matches("[a-z0-9_]+(,[a-z0-9_]+)*") || (all && modules != null)) {
            throw new Failure("update: '" + (all && modules != null ? modules + " --all" : which) + "' is not a comma-separated"
                    + " list of module names; use bin/odoo-stack update " + stack + " sale,stock (or --all)", 2);
        }
        var running = DatabaseLife.Running.of(env, stack);
        String db = running.db();
        if (!running.hasDatabase()) {
            throw new Failure("update: stack " + stack + " has no database " + db + " yet: bin/odoo-stack init " + stack + " creates it");
        }
        Path log = running.log("update");
        var progress = new DatabaseLife.Progress(env.err(), "update");
        running.stopOdoo();
        progress.step("stop Odoo");
        String snapshotAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        if (restoreScript(running.facts(), "--snapshot") != 0) {
            running.startOdoo();
            throw new Failure("update: no snapshot could be taken (the line above says why), so nothing was updated; Odoo runs as before");
        }
        progress.step("snapshot " + db + "~previous");
        int status = running.odooTask("update", List.of("-d", db, "-u", which, "--stop-after-init"), null, log);
        if (status == 0) {
            progress.step("odoo -u " + which);
            running.startOdoo();
            progress.step("start Odoo (healthy)");
            env.err().println("odoo-stack: updated " + which + " in " + db + " in " + progress.total() + " s; the snapshot taken at "
                    + snapshotAt + " is " + db + "~previous (bin/odoo-stack restore " + stack + " --rollback returns to it); log: " + log);
            return 0;
        }
        progress.step("odoo -u " + which + " FAILED (exit " + status + ")");
        String why = DatabaseLife.lastError(log);
        if (restoreScript(running.facts(), "--rollback") != 0) {
            throw new Failure("update of " + which + " failed (" + why + ") and the return to the snapshot failed too (the line"
                    + " above says why): the snapshot is " + db + "~previous, Odoo is stopped; docs/restore.md, 'Rollback'; log: " + log);
        }
        running.startOdoo();
        progress.step("start Odoo (healthy)");
        throw new Failure("update of " + which + " failed (" + why + "); returned to the snapshot taken at " + snapshotAt
                + ", Odoo runs on it; the failed attempt is " + db + "~previous; log: " + log);
    }

    /** restore.sh with the environment the program computes for the stack, as a rollback gets it. */
    private static int restoreScript(StackFacts facts, String what) {
        return RestoreScript.run(facts, List.of(what), null, null);
    }
}
