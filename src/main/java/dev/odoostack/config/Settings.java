package dev.odoostack.config;

import java.util.List;
import java.util.Optional;

/**
 * A stack's validated settings. Everything the deployment model needs, nothing Pulumi-specific.
 *
 * @param stack     the stack (target) name, e.g. {@code opw}
 * @param stateDir  this stack's own state directory on the Docker host: {@code <stateRoot>/<stack>}
 * @param exposure  what of the stack reaches out, and what the edge lets in
 * @param dockerMode one Docker host or a swarm
 * @param wentLive  when and from where production went live on this stack ({@code cutover final} records it)
 */
public record Settings(String stack, String stateDir, VolumeMode volumes, boolean production, Odoo odoo,
                       Postgres postgres, Traefik traefik, Optional<Restore> restore, Logs logs,
                       Optional<String> dockerHost, Exposure exposure, Optional<Backup> backup,
                       DockerMode dockerMode, Optional<Cutover> cutover, Optional<WentLive> wentLive) {

    /** Whether the stack runs as services on a Docker Swarm (dockerMode: swarm) rather than containers on one host. */
    public boolean swarm() {
        return dockerMode == DockerMode.SWARM;
    }

    /** dockerMode: containers on one Docker engine, or services on a swarm. */
    public enum DockerMode implements Mode { HOST, SWARM }

    /**
     * @param egress          Odoo may open connections beyond the stack (production's default)
     * @param databaseManager Traefik lets Odoo's database manager (/web/database/*) through
     */
    public record Exposure(boolean egress, boolean databaseManager) {
    }

    /** Docker's json-file log rotation, for every container of the stack. */
    public record Logs(int maxSizeMb, int maxFiles) {
    }

    /** volumes: where data lives. */
    public enum VolumeMode implements Mode { BIND, NAMED }

    /** odooBuild: run a published image, or build one FROM a base image or from Odoo's source. */
    public enum BuildMode implements Mode { NONE, IMAGE, SOURCE }

    /** odooLogLevel, in the order Odoo lists them. */
    public enum LogLevel implements Mode { DEBUG, DEBUG_SQL, DEBUG_RPC, DEBUG_RPC_ANSWER, INFO, WARN, ERROR, CRITICAL, NOTSET }

    /** traefikAcmeChallenge: TLS-ALPN on the HTTPS port, or HTTP-01 on the HTTP port. */
    public enum AcmeChallenge implements Mode { TLS, HTTP }

    public record Odoo(String image, List<String> domains, List<String> redirectDomains, int replicas, String dbName, int workers, int maxCronThreads,
                       int limitMemorySoftMb, int limitMemoryHardMb, int limitTimeCpu, int limitTimeReal,
                       int limitRequest, List<String> addonsPaths, LogLevel logLevel, boolean logToFile,
                       int memoryMb, int cpuShares, Secret adminPassword, Optional<Build> build,
                       List<AddonRepository> addonRepositories, Optional<String> upgradedFrom,
                       ImageFlavour flavour, Optional<String> series) {
        public Odoo {
            domains = List.copyOf(domains);
            redirectDomains = List.copyOf(redirectDomains);
            addonsPaths = List.copyOf(addonsPaths);
            addonRepositories = List.copyOf(addonRepositories);
        }
    }

    /**
     * What the Odoo image provides that the stack relies on, by whose contract it follows (docs/images.md): who
     * runs Odoo, which Python the Python dependencies are installed for, where Odoo keeps its data and where an
     * image without addon repositories has its addons. The rest of the stack takes these from here, never assumes.
     *
     * @param user        the login Odoo runs as; the stack hands it its data directories by name ({@code chown user:})
     * @param uid         that user's uid in the current images (official 17.0: 101; see docs/images.md)
     * @param python      the interpreter Odoo runs on
     * @param dataDir     Odoo's data_dir, where the stack mounts the filestore
     * @param addonsDir   the image's own addons directory, in addons_path when no addons are configured
     * @param odooAddons  where Odoo's standard addons are when Odoo does not find them by itself: first in addons_path
     * @param buildArgs   what docker/odoo/official/Dockerfile needs beyond its defaults (the official contract)
     */
    public enum ImageFlavour implements Mode {
        OFFICIAL("odoo", 100, 101, "/usr/bin/python3", "/var/lib/odoo", "/mnt/extra-addons", List.of()),
        // adomi installs Odoo with pip from the source tree, which leaves the standard addons out of the package
        ADOMI("ubuntu", 1000, 1000, "/venv/bin/python", "/volumes/data", "/volumes/addons", List.of("/odoo/addons"));

        public final String user;
        public final int uid;
        public final int gid;
        public final String python;
        public final String dataDir;
        public final String addonsDir;
        public final List<String> odooAddons;
        public final java.util.Map<String, String> buildArgs;

        ImageFlavour(String user, int uid, int gid, String python, String dataDir, String addonsDir, List<String> odooAddons) {
            this.user = user;
            this.uid = uid;
            this.gid = gid;
            this.python = python;
            this.dataDir = dataDir;
            this.addonsDir = addonsDir;
            this.odooAddons = odooAddons;
            // the Dockerfile's defaults are the official contract: official builds pass none (their tags stay as they were)
            this.buildArgs = user.equals("odoo") && python.equals("/usr/bin/python3") ? java.util.Map.of()
                    : java.util.Map.of("ODOO_USER", user, "PYTHON", python);
        }

        /** The repository of adomi's images; any other image is taken to follow the official contract. */
        public static final String ADOMI_REPOSITORY = "ghcr.io/adomi-io/odoo";

        /** The default for an image reference: adomi's for its repository, official otherwise. */
        public static ImageFlavour of(String image) {
            return image.startsWith(ADOMI_REPOSITORY + ":") || image.startsWith(ADOMI_REPOSITORY + "@") || image.equals(ADOMI_REPOSITORY)
                    ? ADOMI : OFFICIAL;
        }
    }

    /**
     * How the Odoo image is built, when it is.
     *
     * @param mode     {@link BuildMode#IMAGE} or {@link BuildMode#SOURCE}, never NONE (no build then)
     * @param registry where to push; null keeps the image on the Docker host
     * @param rebuild  a counter: raising it forces a rebuild
     */
    public record Build(BuildMode mode, String baseImage, String repository, String branch, String pythonVersion,
                        boolean dev, @javax.annotation.Nullable String registry, int rebuild) {
    }

    /** A repository of addons, checked out at {@code ref} into {@code <stateDir>/addons/<dir>}. */
    public record AddonRepository(String url, String ref, String dir) {
    }

    public record Postgres(int version, String user, int memoryMb, int cpuShares, int shmSizeMb, Secret password) {
        public String image() {
            return "postgres:" + version;
        }
    }

    /**
     * @param externalNetwork the proxy network of a Traefik that already runs on the host, or null when the stack
     *                        runs its own
     * @param acme            present when this stack runs Traefik for public domains
     * @param dashboard       present when the dashboard is on
     */
    /** @param dockerSocket the engine's socket on the Docker host as the stack file gives it (traefikDockerSocket) */
    public record Traefik(String image, int httpPort, int httpsPort, @javax.annotation.Nullable String externalNetwork,
                          Optional<Acme> acme, int readTimeout, Optional<Dashboard> dashboard, Optional<String> dockerSocket) {
        public boolean own() {
            return externalNetwork == null;
        }
    }

    public record Acme(String email, AcmeChallenge challenge, boolean staging) {
    }

    public record Dashboard(String host, String user, Secret password) {
    }

    /** HTTPS with certificates is on for public domains; local ones (*.localhost) stay on plain HTTP. */
    public boolean tls() {
        return tls(odoo.domains());
    }

    /** A list mixing local and public names is refused, so "none local" and "not all local" agree. */
    public static boolean tls(List<String> domains) {
        return !domains.isEmpty() && domains.stream().noneMatch(Settings::local);
    }

    public static boolean local(String domain) {
        return domain.equals("localhost") || domain.endsWith(".localhost");
    }

    /**
     * Where a restore copies production from; present only when {@code restoreUpstream} is set.
     *
     * @param jobs      parallel pg_restore jobs, 0 for one per core
     * @param onFirstUp false: the restore runs only when asked (bin/odoo-stack restore), never by an up
     * @param cacheDir null for the restore script's own default
     */
    public record Restore(String upstream, int sshPort, String sshDir, String upstreamDb, String upstreamFilestore,
                          String pgDump, int jobs, int generation, boolean onFirstUp,
                          @javax.annotation.Nullable String cacheDir) {
    }

    /**
     * The legacy host a cutover moves production from (docs/cutover.md); present only when {@code cutoverUpstream} is
     * set, and only on a production stack. It is only ever read.
     *
     * @param psql the psql command on the legacy host, as a role that may read everything (or through a sudo rule)
     */
    public record Cutover(String upstream, int sshPort, String sshDir, String upstreamDb, String upstreamFilestore,
                          String psql) {
        /**
         * pg_dump as the same role or sudo rule as {@code psql}: its psql word made pg_dump
         * ({@code sudo -u postgres psql} dumps with {@code sudo -u postgres pg_dump}), so one key says how to read.
         */
        public String pgDump() {
            return psql.replaceFirst("(^|\\s|/)psql(?=\\s|$)", "$1pg_dump");
        }
    }

    /**
     * Production went live on this stack from the legacy host: {@code cutover final} writes it into the stack file
     * (cutoverWentLive) and the stack's outputs show it (wentLive), beside the note on the live database.
     *
     * @param source the legacy host's database, {@code odoo@opw-prod.shiny:opw_prod}
     */
    public record WentLive(String source, java.time.Instant at) {
        private static final java.util.regex.Pattern TEXT = java.util.regex.Pattern.compile("(\\S+:\\S+) at (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)");

        public WentLive {
            at = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }

        /** {@code odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z}: the setting's value, the output's, the note's end. */
        public String text() {
            return source + " at " + at;
        }

        /** The value {@link #text()} wrote; empty for any other text. */
        public static Optional<WentLive> parse(String text) {
            java.util.regex.Matcher m = TEXT.matcher(text == null ? "" : text.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new WentLive(m.group(1), java.time.Instant.parse(m.group(2))));
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** Where a backup repository is, which decides what the backup container needs to reach it. */
    public enum RepositoryKind { LOCAL, SFTP, S3 }

    /**
     * The stack's backups (docs/backups.md): restic, one snapshot of database and filestore per run.
     *
     * @param repository      restic's repository string ({@code /srv/backups/opw}, {@code sftp:...}, {@code s3:...})
     * @param intervalSeconds time between scheduled backups
     * @param sshDir          SFTP only: key and known_hosts on the Docker host; null otherwise
     */
    public record Backup(String repository, RepositoryKind kind, int intervalSeconds, int keepHourly, int keepDaily,
                         int keepWeekly, int keepMonthly, @javax.annotation.Nullable String sshDir, Secret password,
                         Optional<Secret> s3AccessKeyId, Optional<Secret> s3SecretAccessKey) {
    }
}
