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
import java.util.TreeMap;

/**
 * The restore, declared as a command resource that runs {@code docker/scripts/restore.sh} with its documented
 * environment. It runs when first created and again only when {@code restoreGeneration} changes; other changes of
 * its settings are recorded but wait for the next generation, and destroying the stack never touches the data.
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
        env.put("TARGET_DB", s.odoo().dbName());
        env.put("TARGET_FILESTORE_ROOT", new StateLayout(s).hostDir(StateLayout.Area.FILESTORE) + "/" + FILESTORE_SUBDIR);
        env.put("TARGET_PG_CONTAINER", Postgres.containerName(s));
        env.put("TARGET_ODOO_CONTAINER", Odoo.containerName(s));
        env.put("TARGET_ODOO_IMAGE", odooImage);
        env.put("TARGET_BASE_URL", Routes.url(s));
        return new CommandSpec(NAME, SCRIPT,
                // an input change without a new generation must not copy production again
                "echo 'restore settings changed; they take effect at the next restoreGeneration'",
                env, List.of("generation " + r.generation()), List.of(Postgres.NAME, Odoo.NAME));
    }
}
