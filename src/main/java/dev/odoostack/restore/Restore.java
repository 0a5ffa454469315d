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
     * @param volumeDir with {@code volumes: named}, where this machine reaches the filestore's volume (its
     *                  Mountpoint, on an engine of this machine); empty when it cannot, and in bind mode
     */
    public record Target(String db, String odooImage, String baseUrl, Optional<String> volumeDir) {
        public Target(String db, String odooImage, String baseUrl) {
            this(db, odooImage, baseUrl, Optional.empty());
        }

        /** The same target, its filestore volume reached at {@code dir}. */
        public Target withVolumeDir(Optional<String> dir) {
            return new Target(db, odooImage, baseUrl, dir);
        }
    }

    public static ServiceSpec service(StackIdentity stack, Settings.Restore r, Target target) {
        return new ServiceSpec(TYPE, NAME, List.of(), List.of(), List.of(command(stack, r, target)));
    }

    /** The stack's side of restore.sh's environment: which database, files and containers a restore replaces. */
    static SortedMap<String, String> target(StackIdentity stack, Target target) {
        var env = new TreeMap<String, String>();
        env.put("TARGET_DB", target.db());
        // restore.sh renames the filestore's directories in place: the area's host directory, or its volume's
        env.put("TARGET_FILESTORE_ROOT", (stack.state().bind() ? stack.state().hostDir(StateLayout.Area.FILESTORE)
                : target.volumeDir().orElseThrow(() -> new IllegalArgumentException(unreachable(stack)))) + "/" + FILESTORE_SUBDIR);
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
        if (!stack.state().bind() && snapshot != null) {
            throw new IllegalArgumentException("a restore from backups swaps filestore directories on the host, and with "
                    + "volumes: named only a rollback (--rollback) or a cutover does; see docs/backups.md for restoring such a stack by hand");
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
     * restore.sh's environment for a cutover's copy (docs/cutover.md, {@code final}): production's database and files
     * from the cutover source, like for like (not neutralized), the files hard-linked to the last sync's copy.
     *
     * @param linkDest the directory of the last sync's copy, beside the live filestore
     * @throws IllegalArgumentException with the one line to show, when this stack cannot be restored so
     */
    public static SortedMap<String, String> cutover(StackIdentity stack, Settings.Cutover c, Target target, String linkDest) {
        var env = upstream(c.upstream(), c.sshPort(), c.sshDir(), c.upstreamDb(), c.upstreamFilestore(), c.pgDump());
        env.put("RESTORE_NEUTRALIZE", "0");
        env.put("RESTORE_LINK_DEST", linkDest);
        env.putAll(target(stack, target));
        return env;
    }

    /** Named volumes whose directory this machine cannot reach: the Docker engine runs elsewhere. */
    private static String unreachable(StackIdentity stack) {
        String volume = stack.state().volume(StateLayout.Area.FILESTORE).dockerName();
        return "with volumes: named, restore.sh renames the filestore's directories inside the volume " + volume
                + ", whose directory (docker volume inspect " + volume + ") is not on this machine: run bin/odoo-stack on the Docker host"
                + " of " + stack.stack() + " (docs/restore.md)";
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
        var env = upstream(r.upstream(), r.sshPort(), r.sshDir(), r.upstreamDb(), r.upstreamFilestore(), r.pgDump());
        if (r.jobs() > 0) {
            env.put("RESTORE_JOBS", String.valueOf(r.jobs()));
        }
        if (r.cacheDir() != null) {
            env.put("RESTORE_CACHE_DIR", r.cacheDir());
        }
        env.putAll(target(stack, target));
        return new CommandSpec(NAME, r.onFirstUp() ? SCRIPT : onRequestOnly(stack.stack()),
                // an input change without a new generation must not copy production again
                "echo 'restore settings changed; they take effect at the next restoreGeneration'",
                env, List.of("generation " + r.generation()), List.of(Postgres.NAME, Odoo.NAME), CommandSpec.Phase.AFTER);
    }

    /** restore.sh's side of the legacy host: where it logs in and what it reads there. */
    private static SortedMap<String, String> upstream(String destination, int sshPort, String sshDir, String db, String filestore,
                                                      String pgDump) {
        var env = new TreeMap<String, String>();
        env.put("RESTORE_UPSTREAM", destination);
        env.put("RESTORE_SSH_PORT", String.valueOf(sshPort));
        env.put("RESTORE_SSH_DIR", sshDir);
        env.put("RESTORE_UPSTREAM_DB", db);
        env.put("RESTORE_UPSTREAM_FILESTORE", filestore);
        env.put("RESTORE_UPSTREAM_PG_DUMP", pgDump);
        return env;
    }
}
