package dev.odoostack.backup;

import dev.odoostack.config.Settings;
import dev.odoostack.database.Postgres;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.ContainerSpec.Healthcheck;
import dev.odoostack.model.ContainerSpec.MountSpec;
import dev.odoostack.model.ImageBuildSpec;
import dev.odoostack.model.Names;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.StackIdentity;
import dev.odoostack.model.StateLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The backup container (docs/backups.md): the stack's PostgreSQL image plus restic, so its pg_dump is the server's
 * major. Every interval it takes one restic snapshot holding a dump of the stack's database and that database's
 * filestore, then applies the retention. It is on the internal database network (and, for a repository on another
 * machine, on a network of its own that reaches out); it reads the filestore read-only; its passwords are files.
 */
public final class Backup {
    public static final String TYPE = "odoo-stack:backup:Backup";
    public static final String NAME = "backup";
    public static final String CONTEXT = "docker/backup";
    /** A network of the backup container alone, with a way out, for sftp: and s3: repositories. */
    public static final String EGRESS_NETWORK = "backup-egress-network";
    static final String DATA_DIR = "/var/lib/odoo";
    static final String STATE_DIR = "/var/lib/odoo-backup";
    static final String REPOSITORY_DIR = "/repository";
    static final String SSH_DIR = "/run/backup-ssh";
    static final String SECRETS = "/run/secrets/";

    private Backup() {
    }

    /** The image: tagged with the digest of its build context and the PostgreSQL image it extends. */
    static String image(String stack, Settings.Postgres pg, String contextDigest) {
        var sha = dev.odoostack.images.BuildContext.sha256();
        sha.update((contextDigest + "\n" + pg.image()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "odoo-stack/" + stack + "-backup:" + java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** The Odoo version a snapshot is tagged with: the tag of the image or the branch it is built from. */
    static String odooVersion(Settings.Odoo odoo) {
        Optional<Settings.Build> b = odoo.build();
        String ref = b.map(build -> build.mode() == Settings.BuildMode.IMAGE ? build.baseImage() : build.branch()).orElse(odoo.image());
        return ref.contains(":") ? ref.substring(ref.lastIndexOf(':') + 1) : ref;
    }

    /** @param pg the database it backs up, @param odoo the Odoo whose database and filestore it copies */
    public static ServiceSpec service(StackIdentity stack, Settings.Backup b, Settings.Postgres pg, Settings.Odoo odoo,
                                      String contextDigest) {
        StateLayout state = stack.state();
        ImageBuildSpec build = new ImageBuildSpec("backup-build", image(stack.stack(), pg, contextDigest), CONTEXT,
                CONTEXT + "/Dockerfile", new TreeMap<>(Map.of("POSTGRES_IMAGE", pg.image())), false);
        ContainerSpec.Builder c = ContainerSpec.builder(NAME, stack.name(NAME), build)
                .env("BACKUP_STACK", stack.stack())
                .env("BACKUP_DB", odoo.dbName())
                .env("BACKUP_ODOO_VERSION", odooVersion(odoo))
                .env("BACKUP_INTERVAL_SECONDS", String.valueOf(b.intervalSeconds()))
                .env("BACKUP_KEEP", "--keep-hourly " + b.keepHourly() + " --keep-daily " + b.keepDaily()
                        + " --keep-weekly " + b.keepWeekly() + " --keep-monthly " + b.keepMonthly())
                .env("PGHOST", stack.name(Postgres.NAME))
                .env("PGPORT", String.valueOf(Postgres.PORT))
                .env("PGUSER", pg.user())
                .env("RESTIC_REPOSITORY", b.kind() == Settings.RepositoryKind.LOCAL ? REPOSITORY_DIR : b.repository())
                // without the files (Coolify), odoo-backup reads the variables named after the keys
                .secret(SecretFileSpec.of(SECRETS + "postgres_password", pg.password()))
                .secret(SecretFileSpec.of(SECRETS + "restic_password", b.password()))
                // the filestore as Odoo writes it, read-only: a backup never changes what it copies
                .mount(readOnly(state.mount(StateLayout.Area.FILESTORE, DATA_DIR)))
                // the dump being taken, restic's cache and the record of the last backups
                .mount(state.mount(StateLayout.Area.BACKUP, STATE_DIR))
                .labels(stack.labels())
                // unhealthy when the last good backup is older than twice the interval, or the last drill failed
                .healthcheck(new Healthcheck(List.of("CMD", "odoo-backup", "health"), "30s", "10s", 1, "10s"))
                .dependsOn(Postgres.NAME)
                .logs(stack.logs())
                .capabilities("DAC_READ_SEARCH"); // reads the filestore whatever its owner (the odoo user)
        List<String> networks = new ArrayList<>(List.of(Names.DATABASE_NETWORK));
        switch (b.kind()) {
            case LOCAL -> c.mount(new MountSpec(MountSpec.Kind.BIND, b.repository(), REPOSITORY_DIR, false));
            case SFTP -> {
                c.mount(new MountSpec(MountSpec.Kind.BIND, b.sshDir(), SSH_DIR, true));
                networks.add(EGRESS_NETWORK);
            }
            case S3 -> {
                c.secret(SecretFileSpec.of(SECRETS + "s3_access_key_id", b.s3AccessKeyId().orElseThrow()));
                c.secret(SecretFileSpec.of(SECRETS + "s3_secret_access_key", b.s3SecretAccessKey().orElseThrow()));
                networks.add(EGRESS_NETWORK);
            }
        }
        c.networks(networks.toArray(String[]::new));
        return new ServiceSpec(TYPE, NAME, List.of(c.build()), state.volumes(StateLayout.Area.BACKUP),
                List.of(), List.of(build));
    }

    private static MountSpec readOnly(MountSpec m) {
        return new MountSpec(m.kind(), m.source(), m.target(), true);
    }
}
