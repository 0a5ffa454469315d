package dev.odoostack.restore;

import dev.odoostack.config.Settings;
import dev.odoostack.database.Postgres;
import dev.odoostack.model.CommandSpec;
import dev.odoostack.model.Names;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.StackIdentity;
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
    public static final String FILESTORE_SUBDIR = "filestore";

    private Restore() {
    }

    /**
     * What of the rest of the stack a restore replaces and restarts, besides what its identity names.
     *
     * @param db        Odoo's database
     * @param odooImage the image the stack's Odoo runs, whose {@code odoo neutralize} applies every module's rules
     * @param baseUrl   the stack's URL, which the restored database gets
     */
    public record Target(String db, String odooImage, String baseUrl) {
    }

    public static ServiceSpec service(StackIdentity stack, Settings.Restore r, Target target) {
        return new ServiceSpec(TYPE, NAME, List.of(), List.of(), List.of(command(stack, r, target)));
    }

    /** The stack's side of restore.sh's environment: which database, files and containers a restore replaces. */
    static SortedMap<String, String> target(StackIdentity stack, Target target) {
        var env = new TreeMap<String, String>();
        env.put("TARGET_DB", target.db());
        env.put("TARGET_FILESTORE_ROOT", stack.state().hostDir(StateLayout.Area.FILESTORE) + "/" + FILESTORE_SUBDIR);
        if (stack.swarm()) {
            // a swarm's tasks have no fixed names: restore.sh finds PostgreSQL's task and scales Odoo's services
            // to zero around the swap (docs/scale-out.md, "Restores")
            env.put("TARGET_PG_SERVICE", Postgres.swarmService(stack));
            env.put("TARGET_ODOO_SERVICES", String.join(" ", Odoo.swarmServices(stack)));
        } else {
            env.put("TARGET_PG_CONTAINER", stack.name(Postgres.NAME));
            env.put("TARGET_ODOO_CONTAINER", stack.name(Odoo.NAME));
        }
        env.put("TARGET_ODOO_IMAGE", target.odooImage());
        env.put("TARGET_BASE_URL", target.baseUrl());
        return env;
    }

    /**
     * restore.sh's environment for a rollback, or for a restore from the backups of this stack or of another one
     * (bin/odoo-stack restore --from-backup): its own backups come back as they were, another stack's are
     * neutralized like a copy of production.
     *
     * @param restore   the stack's restore settings, if any: where it caches what it copied
     * @param snapshot  a snapshot id or "latest"; null for the environment a rollback needs
     * @param fromStack the stack whose backups to use; null: this one
     * @throws IllegalArgumentException with the one line to show, when this stack cannot be restored so
     */
    public static SortedMap<String, String> environment(StackIdentity stack, Optional<Settings.Restore> restore, Target target,
                                                        String snapshot, String fromStack) {
        String name = stack.stack();
        if (!stack.state().bind()) {
            throw new IllegalArgumentException("a restore swaps filestore directories on the host, which named volumes "
                    + "do not expose (volumes: named); see docs/backups.md for restoring such a stack by hand");
        }
        if (stack.swarm() && snapshot != null) {
            throw new IllegalArgumentException("a restore from backups runs on one host only; on a swarm, restore from the "
                    + "legacy host (bin/odoo-stack restore " + name + " --engine compose) or roll back (--rollback): docs/scale-out.md");
        }
        boolean own = fromStack == null || fromStack.equals(name);
        if (stack.production() && !own) {
            throw new IllegalArgumentException("stack " + name + " is production; the backups of " + fromStack
                    + " would replace its live data. Restore a stack's own backups only: bin/odoo-stack restore "
                    + name + " --from-backup latest");
        }
        SortedMap<String, String> env = target(stack, target);
        restore.map(Settings.Restore::cacheDir).ifPresent(dir -> env.put("RESTORE_CACHE_DIR", dir));
        if (snapshot != null) {
            env.put("RESTORE_FROM_BACKUP", snapshot);
            env.put("RESTORE_BACKUP_CONTAINER", own ? stack.name("backup") : Names.of(fromStack, "backup"));
            env.put("RESTORE_NEUTRALIZE", own ? "0" : "1");
        }
        return env;
    }

    /**
     * restoreOnFirstUp false: an up records the restore without running it, and says how to run it; asked for
     * ({@link CommandSpec#ACTION} is restore), the same command restores.
     */
    static String onRequestOnly(String stack) {
        return "[ \"${" + CommandSpec.ACTION + ":-}\" = " + NAME + " ] || { echo 'odoo-stack: restore: configured, but restoreOnFirstUp is false, so up does not run it; "
                + "to restore now: bin/odoo-stack restore " + stack + " (with --engine compose for a stack the compose engine runs)'; exit 0; }; "
                + SCRIPT;
    }

    static CommandSpec command(StackIdentity stack, Settings.Restore r, Target target) {
        var env = upstream(r);
        env.putAll(target(stack, target));
        return new CommandSpec(NAME, r.onFirstUp() ? SCRIPT : onRequestOnly(stack.stack()),
                // an input change without a new generation must not copy production again
                "echo 'restore settings changed; they take effect at the next restoreGeneration'",
                env, List.of("generation " + r.generation()), List.of(Postgres.NAME, Odoo.NAME), CommandSpec.Phase.AFTER);
    }

    /** restore.sh's environment for the source side: where it copies from over SSH, and where it caches the dump. */
    public static SortedMap<String, String> upstream(Settings.Restore r) {
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
        return env;
    }
}
