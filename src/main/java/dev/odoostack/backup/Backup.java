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

    public static String containerName(Settings s) {
        return Names.of(s, NAME);
    }

    /** The image: tagged with the digest of its build context and the PostgreSQL image it extends. */
    static String image(Settings s, String contextDigest) {
        var sha = dev.odoostack.images.BuildContext.sha256();
        sha.update((contextDigest + "\n" + s.postgres().image()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "odoo-stack/" + s.stack() + "-backup:" + java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** The Odoo version a snapshot is tagged with: the tag of the image or the branch it is built from. */
    static String odooVersion(Settings s) {
        Optional<Settings.Build> b = s.odoo().build();
        String ref = b.map(build -> build.mode() == Settings.BuildMode.IMAGE ? build.baseImage() : build.branch()).orElse(s.odoo().image());
        return ref.contains(":") ? ref.substring(ref.lastIndexOf(':') + 1) : ref;
    }

    public static Optional<ServiceSpec> service(Settings s, String contextDigest) {
        if (s.backup().isEmpty()) {
            return Optional.empty();
        }
        Settings.Backup b = s.backup().get();
        StateLayout state = new StateLayout(s);
        ImageBuildSpec build = new ImageBuildSpec("backup-build", image(s, contextDigest), CONTEXT, CONTEXT + "/Dockerfile",
                new TreeMap<>(Map.of("POSTGRES_IMAGE", s.postgres().image())), false);
        ContainerSpec.Builder c = ContainerSpec.builder(NAME, containerName(s), build)
                .env("BACKUP_STACK", s.stack())
                .env("BACKUP_DB", s.odoo().dbName())
                .env("BACKUP_ODOO_VERSION", odooVersion(s))
                .env("BACKUP_INTERVAL_SECONDS", String.valueOf(b.intervalSeconds()))
                .env("BACKUP_KEEP", "--keep-hourly " + b.keepHourly() + " --keep-daily " + b.keepDaily()
                        + " --keep-weekly " + b.keepWeekly() + " --keep-monthly " + b.keepMonthly())
                .env("PGHOST", Postgres.containerName(s))
                .env("PGPORT", String.valueOf(Postgres.PORT))
                .env("PGUSER", s.postgres().user())
                .env("RESTIC_REPOSITORY", b.kind() == Settings.RepositoryKind.LOCAL ? REPOSITORY_DIR : b.repository())
                // without the files (Coolify), odoo-backup reads the variables named after the keys
                .secret(SecretFileSpec.of(SECRETS + "postgres_password", s.postgres().password()))
                .secret(SecretFileSpec.of(SECRETS + "restic_password", b.password()))
                // the filestore as Odoo writes it, read-only: a backup never changes what it copies
                .mount(readOnly(state.mount(StateLayout.Area.FILESTORE, DATA_DIR)))
                // the dump being taken, restic's cache and the record of the last backups
                .mount(state.mount(StateLayout.Area.BACKUP, STATE_DIR))
                .labels(Map.of(Names.STACK_LABEL, s.stack()))
                // unhealthy when the last good backup is older than twice the interval, or the last drill failed
                .healthcheck(new Healthcheck(List.of("CMD", "odoo-backup", "health"), "30s", "10s", 1, "10s"))
                .dependsOn(Postgres.NAME)
                .logs(s.logs().maxSizeMb(), s.logs().maxFiles())
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
        return Optional.of(new ServiceSpec(TYPE, NAME, List.of(c.build()), state.volumes(StateLayout.Area.BACKUP),
                List.of(), List.of(build)));
    }

    private static MountSpec readOnly(MountSpec m) {
        return new MountSpec(m.kind(), m.source(), m.target(), true);
    }
}
