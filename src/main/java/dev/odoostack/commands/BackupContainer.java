package dev.odoostack.commands;

import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.model.ContainerSpec;

import java.util.List;

/** The backup commands run odoo-backup in the stack's backup container (docs/backups.md). */
final class BackupContainer {
    private BackupContainer() {
    }

    static int run(Env env, String stack, String command, String verb) {
        StackFacts facts = StackFacts.load(env, Stacks.check(env, stack, command));
        Docker docker = facts.docker();
        String container = facts.container("backup").map(ContainerSpec::dockerName).filter(docker::exists)
                .orElseThrow(() -> new Failure("stack " + stack + " has no backup container on " + env.engineForMessages()
                        + ": backups are off (odoo-stack:backup: true and a backupRepository turn them on, docs/backups.md)"
                        + " or the stack is not up"));
        env.out().flush();
        return docker.attached(List.of("exec", container, "odoo-backup", verb));
    }
}
