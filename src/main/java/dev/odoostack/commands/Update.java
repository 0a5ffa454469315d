package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.List;

/** {@code update}: update modules, with a snapshot to return to. */
@Command(name = "update",
        customSynopsis = "bin/odoo-stack update <stack> <module,...>|--all",
        description = {
                "Update Odoo modules: Odoo stops, a snapshot of database and filestore is taken",
                "as the previous generation (restore.sh --snapshot), a one-off container runs",
                "`odoo -u <modules> --stop-after-init`, Odoo starts. When the update fails the",
                "snapshot is swapped back (restore.sh --rollback) and the last line says so,",
                "with the log. docs/operations.md, \"Updating modules\"."})
final class Update extends ScriptCommand {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<module,...>", description = "the modules, comma-separated")
    String modules;

    @Option(names = "--all", description = "every installed module")
    boolean all;

    Update(Env env) {
        super(env);
    }

    @Override
    boolean needsDocker() {
        return true;
    }
}
