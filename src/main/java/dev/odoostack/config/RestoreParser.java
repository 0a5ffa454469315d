package dev.odoostack.config;

import java.util.List;
import java.util.Optional;

import static dev.odoostack.config.ConfigKeys.*;

/** The restore from production: declared when restoreUpstream is set, and only where it cannot hurt. */
final class RestoreParser {
    static final List<ConfigKey> RESTORE_KEYS = List.of(RESTORE_SSH_PORT, RESTORE_SSH_DIR,
            RESTORE_UPSTREAM_DB, RESTORE_UPSTREAM_FILESTORE, RESTORE_PG_DUMP, RESTORE_JOBS, RESTORE_GENERATION,
            RESTORE_ON_FIRST_UP, RESTORE_CACHE_DIR);

    private final RawSettings in;
    private final LegacyHostAccess host;

    RestoreParser(RawSettings in) {
        this.in = in;
        this.host = new LegacyHostAccess(in, new LegacyHostAccess.Keys(RESTORE_UPSTREAM, RESTORE_SSH_PORT, RESTORE_SSH_DIR,
                RESTORE_UPSTREAM_DB, RESTORE_UPSTREAM_FILESTORE, "a restore"));
    }

    Optional<Settings.Restore> parse(boolean production, Settings.VolumeMode volumes, Optional<String> dockerHost) {
        Optional<String> upstream = host.upstream();
        if (upstream.isEmpty()) {
            in.notApplicable(RESTORE_KEYS, "is a restore setting, but restoreUpstream is not set, so no restore is declared",
                    k -> "pulumi config rm " + k.name() + " --stack " + in.stack
                            + " (or declare the restore: restoreUpstream, restoreSshDir, restoreUpstreamDb and restoreUpstreamFilestore, docs/restore.md)");
            return Optional.empty();
        }
        String destination = upstream.get();
        refusedHere(destination, production, volumes, dockerHost);
        host.checkDestination(destination);
        String sshDir = host.sshDir();
        String db = host.db();
        String filestore = host.filestore();
        String pgDump = host.command(RESTORE_PG_DUMP);
        String cacheDir = host.path(in.stripped(RESTORE_CACHE_DIR), RESTORE_CACHE_DIR);
        return Optional.of(new Settings.Restore(destination, host.sshPort(), sshDir, db,
                filestore, pgDump, in.integer(RESTORE_JOBS, 0, 64), in.integer(RESTORE_GENERATION, 1, 1_000_000),
                in.bool(RESTORE_ON_FIRST_UP), cacheDir));
    }

    /** Stacks a restore would harm, or reach from the wrong machine. */
    private void refusedHere(String destination, boolean production, Settings.VolumeMode volumes, Optional<String> dockerHost) {
        if (production) {
            in.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "this stack is marked production (production = true); a restore would overwrite its live data",
                    "pulumi config rm restoreUpstream --stack " + in.stack + " (restore into a non-production stack instead)"));
        }
        if (volumes == Settings.VolumeMode.NAMED) {
            in.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "a restore swaps filestore directories on the host, which named volumes do not expose",
                    VOLUMES.setCommand(in.stack, Settings.VolumeMode.BIND.key())));
        }
        if (dockerHost.isPresent() && !dockerHost.get().startsWith("unix://")) {
            in.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "the restore writes the filestore on the machine running Pulumi, but this stack's Docker host is "
                            + dockerHost.get() + "; it would land on the wrong machine",
                    "run the restore on the Docker host itself (docs/restore.md, 'By hand'), or pulumi config rm restoreUpstream --stack " + in.stack));
        }
    }

    /**
     * On one host a restore stops one Odoo container for the swap: reported once both are known. A swarm's restore
     * scales every Odoo service to zero instead, so there any number of replicas restores.
     */
    void crossCheckReplicas(Optional<Settings.Restore> restore, Settings.Odoo odoo, Settings.DockerMode mode) {
        if (restore.isPresent() && odoo.replicas() > 1 && mode != Settings.DockerMode.SWARM) {
            in.add(new Problem(ODOO_REPLICAS.fullName(), String.valueOf(odoo.replicas()),
                    "a restore stops one Odoo container for the swap; other replicas would keep writing to the database being replaced",
                    ODOO_REPLICAS.setCommand(in.stack, "1") + " while the stack restores from production"));
        }
    }
}
