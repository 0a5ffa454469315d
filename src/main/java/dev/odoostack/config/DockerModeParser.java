package dev.odoostack.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.odoostack.config.ConfigKeys.BACKUP;
import static dev.odoostack.config.ConfigKeys.DOCKER_MODE;
import static dev.odoostack.config.ConfigKeys.ODOO_ADDONS_PATHS;
import static dev.odoostack.config.ConfigKeys.ODOO_ADDON_REPOSITORIES;
import static dev.odoostack.config.ConfigKeys.ODOO_BUILD;
import static dev.odoostack.config.ConfigKeys.ODOO_IMAGE_REGISTRY;
import static dev.odoostack.config.ConfigKeys.RESTORE_ON_FIRST_UP;
import static dev.odoostack.config.ConfigKeys.VOLUMES;

/**
 * dockerMode, and what a swarm needs of the other settings (docs/scale-out.md): data in directories every node
 * mounts at the same path, images every node can pull, restores only when asked, and the day-2 parts that run there so far.
 */
final class DockerModeParser {
    private final RawSettings in;

    DockerModeParser(RawSettings in) {
        this.in = in;
    }

    Settings.DockerMode parse(Settings.VolumeMode volumes, Settings.Odoo odoo, Optional<Settings.Restore> restore,
                              Optional<Settings.Backup> backup) {
        Settings.DockerMode mode = in.mode(DOCKER_MODE, Settings.DockerMode.class);
        if (mode != Settings.DockerMode.SWARM) {
            return mode;
        }
        if (volumes == Settings.VolumeMode.NAMED) {
            in.add(new Problem(VOLUMES.fullName(), '"' + volumes.key() + '"',
                    "a named volume lives on one node, but every Odoo replica of a swarm must see the same filestore: "
                            + "dockerMode swarm keeps data in directories under the state root, the filestore one mounted on every node (docs/scale-out.md)",
                    VOLUMES.setCommand(in.stack, Settings.VolumeMode.BIND.key())));
        }
        odoo.build().filter(b -> b.registry() == null).ifPresent(b -> in.add(new Problem(ODOO_BUILD.fullName(),
                '"' + b.mode().key() + '"',
                "every node of a swarm pulls the image it runs, so a built image must be pushed to a registry they all reach, and odooImageRegistry is not set",
                ODOO_IMAGE_REGISTRY.setCommand(in.stack, "registry.example.com/acme") + " (your registry; or " + hostCommand() + ")")));
        if (!odoo.addonRepositories().isEmpty()) {
            addons(ODOO_ADDON_REPOSITORIES);
        }
        if (!odoo.addonsPaths().isEmpty()) {
            addons(ODOO_ADDONS_PATHS);
        }
        // a restore scales Odoo's services to zero around its swap: a day-2 step of bin/odoo-stack, never part of an up
        restore.filter(Settings.Restore::onFirstUp).ifPresent(r -> in.add(new Problem(RESTORE_ON_FIRST_UP.fullName(),
                in.has(RESTORE_ON_FIRST_UP) ? "true" : "true (the default)",
                "on a swarm an up never restores: the restore runs when asked, and scales Odoo's services to zero around its swap (docs/scale-out.md)",
                RESTORE_ON_FIRST_UP.setCommand(in.stack, "false") + " (then, once the stack is up: bin/odoo-stack restore "
                        + in.stack + " --engine compose)")));
        // backups off, and then their keys go too: a key of a thing that is off is refused (BackupParser)
        backup.ifPresent(b -> in.add(new Problem(BACKUP.fullName(), "true",
                "the backup container does not run on a swarm yet (docs/scale-out.md); back up with the database node's own tools meanwhile",
                BACKUP.setCommand(in.stack, "false") + andRemoved(keys(null, BackupParser.BACKUP_KEYS))
                        // production without backups is a choice made on purpose (BackupParser)
                        + (in.bool(ConfigKeys.PRODUCTION) ? " && " + ConfigKeys.PRODUCTION_WITHOUT_BACKUPS.setCommand(in.stack, "true") : "")
                        + " (or " + hostCommand() + ")")));
        return mode;
    }

    private void addons(ConfigKey key) {
        in.add(new Problem(key.fullName(), "(set)",
                "addon directories on the machine running the deployment do not reach a swarm's other nodes, which share only images and the filestore",
                removed(List.of(key)) + " (and run an image that holds the addons: docs/scale-out.md; or " + hostCommand() + ")"));
    }

    private String hostCommand() {
        return DOCKER_MODE.setCommand(in.stack, Settings.DockerMode.HOST.key());
    }

    /** The first key (when given) and those of the others the stack file sets. */
    private List<ConfigKey> keys(ConfigKey first, List<ConfigKey> others) {
        List<ConfigKey> keys = new ArrayList<>();
        if (first != null) {
            keys.add(first);
        }
        others.stream().filter(in::has).forEach(keys::add);
        return keys;
    }

    /** The commands that remove the keys, to paste as one line. */
    private String removed(List<ConfigKey> keys) {
        return keys.stream().map(k -> "pulumi config rm " + k.name() + " --stack " + in.stack)
                .collect(Collectors.joining(" && "));
    }

    private String andRemoved(List<ConfigKey> keys) {
        return keys.isEmpty() ? "" : " && " + removed(keys);
    }
}
