package dev.odoostack.restore;

import dev.odoostack.config.Settings;
import dev.odoostack.database.Postgres;
import dev.odoostack.edge.Routes;
import dev.odoostack.model.CommandSpec;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.StateLayout;
import dev.odoostack.odoo.Odoo;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The restore, declared as a command resource that runs {@code docker/scripts/restore.sh} with its documented
 * environment. It runs when first created and again only when {@code restoreGeneration} changes; other changes of
 * its settings are recorded but wait for the next generation, and destroying the stack never touches the data.
 * With {@code restoreOnFirstUp: false} it runs only when asked (bin/odoo-stack restore).
 */
public final class Restore {
    public static final String TYPE = "odoo-stack:restore:Restore";
    public static final String NAME = "restore";
    public static final String SCRIPT = "docker/scripts/restore.sh";
    /** Where Odoo keeps a database's files below its data directory. */
    static final String FILESTORE_SUBDIR = "filestore";

    private Restore() {
    }

    /** @param odooImage the image the stack's Odoo runs, whose {@code odoo neutralize} applies every module's rules */
    public static Optional<ServiceSpec> service(Settings s, String odooImage) {
        return s.restore().map(r -> new ServiceSpec(TYPE, NAME, List.of(), List.of(), List.of(command(s, r, odooImage))));
    }

    /** The stack's side of restore.sh's environment: which database, files and containers a restore replaces. */
    static SortedMap<String, String> target(Settings s, String odooImage) {
        var env = new TreeMap<String, String>();
        env.put("TARGET_DB", s.odoo().dbName());
        env.put("TARGET_FILESTORE_ROOT", new StateLayout(s).hostDir(StateLayout.Area.FILESTORE) + "/" + FILESTORE_SUBDIR);
        if (s.swarm()) {
            // a swarm's tasks have no fixed names: restore.sh finds PostgreSQL's task and scales Odoo's services
            // to zero around the swap (docs/scale-out.md, "Restores")
            env.put("TARGET_PG_SERVICE", Postgres.swarmService(s));
            env.put("TARGET_ODOO_SERVICES", String.join(" ", Odoo.swarmServices(s)));
        } else {
            env.put("TARGET_PG_CONTAINER", Postgres.containerName(s));
            env.put("TARGET_ODOO_CONTAINER", Odoo.containerName(s));
        }
        env.put("TARGET_ODOO_IMAGE", odooImage);
        env.put("TARGET_BASE_URL", Routes.url(s));
        return env;
    }

    /**
     * restore.sh's environment for a rollback, or for a restore from the backups of this stack or of another one
     * (bin/odoo-stack restore --from-backup): its own backups come back as they were, another stack's are
     * neutralized like a copy of production.
     *
     * @param snapshot  a snapshot id or "latest"; null for the environment a rollback needs
     * @param fromStack the stack whose backups to use; null: this one
     * @throws IllegalArgumentException with the one line to show, when this stack cannot be restored so
     */
    public static SortedMap<String, String> environment(Settings s, String odooImage, String snapshot, String fromStack) {
        if (s.volumes() == Settings.VolumeMode.NAMED) {
            throw new IllegalArgumentException("a restore swaps filestore directories on the host, which named volumes "
                    + "do not expose (volumes: named); see docs/backups.md for restoring such a stack by hand");
        }
        if (s.swarm() && snapshot != null) {
            throw new IllegalArgumentException("a restore from backups runs on one host only; on a swarm, restore from the "
                    + "legacy host (bin/odoo-stack restore " + s.stack() + " --engine compose) or roll back (--rollback): docs/scale-out.md");
        }
        boolean own = fromStack == null || fromStack.equals(s.stack());
        if (s.production() && !own) {
            throw new IllegalArgumentException("stack " + s.stack() + " is production; the backups of " + fromStack
                    + " would replace its live data. Restore a stack's own backups only: bin/odoo-stack restore "
                    + s.stack() + " --from-backup latest");
        }
        SortedMap<String, String> env = target(s, odooImage);
        s.restore().map(Settings.Restore::cacheDir).ifPresent(dir -> env.put("RESTORE_CACHE_DIR", dir));
        if (snapshot != null) {
            env.put("RESTORE_FROM_BACKUP", snapshot);
            env.put("RESTORE_BACKUP_CONTAINER", own ? s.stack() + "-" + "backup" : fromStack + "-backup");
            env.put("RESTORE_NEUTRALIZE", own ? "0" : "1");
        }
        return env;
    }

    /**
     * restoreOnFirstUp false: an up records the restore without running it, and says how to run it; asked for
     * ({@link CommandSpec#ACTION} is restore), the same command restores.
     */
    static String onRequestOnly(Settings s) {
        return "[ \"${" + CommandSpec.ACTION + ":-}\" = " + NAME + " ] || { echo 'odoo-stack: restore: configured, but restoreOnFirstUp is false, so up does not run it; "
                + "to restore now: bin/odoo-stack restore " + s.stack() + " (with --engine compose for a stack the compose engine runs)'; exit 0; }; "
                + SCRIPT;
    }

    static CommandSpec command(Settings s, Settings.Restore r, String odooImage) {
        var env = new TreeMap<String, String>();
        env.put("RESTORE_UPSTREAM", r.upstream());
        env.put("RESTORE_SSH_PORT", String.valueOf(r.sshPort()));
        env.put("RESTORE_SSH_DIR", r.sshDir());
        env.put("RESTORE_UPSTREAM_DB", r.upstreamDb());
        env.put("RESTORE_UPSTREAM_FILESTORE", r.upstreamFilestore());
        env.put("RESTORE_UPSTREAM_PG_DUMP", r.pgDump());
        if (r.jobs() > 0) {
            env.put("RESTORE_JOBS", String.valueOf(r.jobs()));
        }
        if (r.cacheDir() != null) {
            env.put("RESTORE_CACHE_DIR", r.cacheDir());
        }
        env.putAll(target(s, odooImage));
        return new CommandSpec(NAME, r.onFirstUp() ? SCRIPT : onRequestOnly(s),
                // an input change without a new generation must not copy production again
                "echo 'restore settings changed; they take effect at the next restoreGeneration'",
                env, List.of("generation " + r.generation()), List.of(Postgres.NAME, Odoo.NAME), CommandSpec.Phase.AFTER);
    }
}
