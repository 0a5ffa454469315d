package dev.odoostack.config;

import java.util.List;

import static dev.odoostack.config.ValueType.BOOLEAN;
import static dev.odoostack.config.ValueType.INTEGER;
import static dev.odoostack.config.ValueType.STRING;
import static dev.odoostack.config.ValueType.STRING_LIST;

/**
 * Every key a stack file may set. Pulumi.yaml, docs/configuration.md and the parser all follow this list;
 * tests hold the first two to it.
 *
 * <p>Keys live in the project namespace with a camelCase group prefix ({@code odooWorkers}, not
 * {@code odoo:workers}): Pulumi only accepts a typed declaration with a default for project keys, and a dotted
 * name would collide with {@code pulumi config set --path}.
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    public static final ConfigKey STATE_ROOT = new ConfigKey("stateRoot", STRING, "/var/lib/odoo-stack", false,
            "Host directory that holds every stack's state; this stack's files live in <stateRoot>/<stack>/{filestore,postgres,logs}.",
            "/srv/odoo-stack");
    public static final ConfigKey VOLUMES = new ConfigKey("volumes", STRING, "bind", false,
            "Where data lives: 'bind' (directories under the state root) or 'named' (Docker volumes <stack>-filestore, <stack>-postgres, <stack>-logs).",
            "bind");
    public static final ConfigKey DOCKER_MODE = new ConfigKey("dockerMode", STRING, "host", false,
            "Where the stack runs: 'host' (containers on one Docker engine) or 'swarm' (services on a Docker Swarm: odooReplicas HTTP replicas across its nodes, crons in a service of their own, rolling updates; docs/scale-out.md).",
            "swarm");

    public static final ConfigKey PRODUCTION = new ConfigKey("production", BOOLEAN, false, false,
            "Marks the stack as production: it may never be the target of a restore, only of a cutover (docs/cutover.md).", "false");

    public static final ConfigKey ODOO_EGRESS = new ConfigKey("odooEgress", BOOLEAN, null, false,
            "Whether Odoo may reach anything outside the stack (mail servers, Shopify, payment providers). Default: only production stacks may; a copy of production stays cut off unless this says true.",
            "true")
            .shown("the value of `production`");
    public static final ConfigKey ODOO_DATABASE_MANAGER = new ConfigKey("odooDatabaseManager", BOOLEAN, false, false,
            "Whether Traefik lets /web/database/* (Odoo's database manager: create, drop, backup) through; refused by default on every stack.",
            "true");

    public static final ConfigKey ODOO_IMAGE = new ConfigKey("odooImage", STRING, "odoo:18.0", false,
            "Odoo image to run (the official image or one derived from it).", "odoo:18.0");
    public static final ConfigKey ODOO_UPGRADED_FROM = new ConfigKey("odooUpgradedFrom", STRING, null, false,
            "The Odoo series (e.g. 18.0) the stack's database was upgraded from, to accept a new Odoo series on a running stack once the database is upgraded (docs/operations.md). Default: none; a new series is refused.",
            "18.0").shown("none: a new Odoo series on a running stack is refused");
    public static final ConfigKey ODOO_SERIES = new ConfigKey("odooSeries", STRING, null, false,
            "The Odoo series (e.g. 18.0) the image runs, when its tag or branch does not say (latest, a digest, master): the guard against running a database on another series needs it. Default: read from the tag of odooImage or odooBaseImage, or odooBranch.",
            "18.0").shown("read from the image's tag or `odooBranch`");
    public static final ConfigKey ODOO_DOMAINS = new ConfigKey("odooDomains", STRING_LIST, null, false,
            "Host names Traefik routes to Odoo; the first one is the public URL. Default: <stack>.localhost.",
            "opw.localhost")
            .shown("`<stack>.localhost`");
    public static final ConfigKey ODOO_BUILD = new ConfigKey("odooBuild", STRING, "none", false,
            "How the Odoo image is made: 'none' (run odooImage as published), 'image' (docker/odoo/official: FROM odooBaseImage plus the Python dependencies) or 'source' (docker/odoo/source: odooBranch of odooRepository on Python).",
            "image");
    public static final ConfigKey ODOO_BASE_IMAGE = new ConfigKey("odooBaseImage", STRING, "odoo:18.0", false,
            "Image mode: the image to build FROM (the official odoo:<version> or a company base).", "odoo:18.0");
    public static final ConfigKey ODOO_IMAGE_FLAVOUR = new ConfigKey("odooImageFlavour", STRING, null, false,
            "Whose contract the Odoo image follows: 'official' (user odoo, /var/lib/odoo, Debian's Python) or 'adomi' (ghcr.io/adomi-io/odoo: user ubuntu, /volumes/data, /venv). Default: adomi when the image is ghcr.io/adomi-io/odoo, official otherwise.",
            "adomi")
            .shown("`adomi` for `ghcr.io/adomi-io/odoo`, `official` otherwise");
    public static final ConfigKey ODOO_REPOSITORY = new ConfigKey("odooRepository", STRING, "https://github.com/odoo/odoo.git", false,
            "Source mode: the Odoo repository (public https, ending in .git).", "https://github.com/odoo/odoo.git");
    public static final ConfigKey ODOO_BRANCH = new ConfigKey("odooBranch", STRING, "18.0", false,
            "Source mode: the branch to build, e.g. 18.0 or saas-18.4.", "saas-18.4");
    public static final ConfigKey ODOO_PYTHON_VERSION = new ConfigKey("odooPythonVersion", STRING, null, false,
            "Source mode: the Python version. Default by branch: 17.0 -> 3.10; 18.0, saas-18.x, 19.0, saas-19.x -> 3.12.",
            "3.12")
            .shown("by branch (17.0 → 3.10; 18.0, saas-18.x, 19.0 → 3.12)");
    public static final ConfigKey ODOO_PYTHON_DEV = new ConfigKey("odooPythonDev", BOOLEAN, false, false,
            "Also install the 'dev' dependency group of docker/odoo/python (development targets).", "true");
    public static final ConfigKey ODOO_IMAGE_REGISTRY = new ConfigKey("odooImageRegistry", STRING, null, false,
            "Registry to push the built image to (e.g. ghcr.io/acme); unset: the image stays on the Docker host.",
            "ghcr.io/acme")
            .shown("not set: the image stays on the Docker host");
    public static final ConfigKey ODOO_IMAGE_REBUILD = new ConfigKey("odooImageRebuild", INTEGER, 0L, false,
            "Raise it to rebuild the image and fetch the addon repositories again although no input changed (the old --build).",
            "1");
    public static final ConfigKey ODOO_ADDON_REPOSITORIES = new ConfigKey("odooAddonRepositories", STRING_LIST, null, false,
            "Addon repositories fetched on the machine running Pulumi with its SSH credentials, each 'url ref dir', mounted read-only at /mnt/addons/<dir>. Default: none.",
            "git@github.com:odoo/enterprise.git 18.0 enterprise")
            .shown("none");
    public static final ConfigKey ODOO_REDIRECT_DOMAINS = new ConfigKey("odooRedirectDomains", STRING_LIST, null, false,
            "Host names that redirect permanently to the first of odooDomains (e.g. www.example.com to example.com). Default: none.",
            "www.opw.example.com")
            .shown("none");
    public static final ConfigKey ODOO_REPLICAS = new ConfigKey("odooReplicas", INTEGER, 1L, false,
            "Odoo containers behind one Traefik service with a sticky cookie; they share the filestore and only the first runs crons (dockerMode swarm: HTTP replicas across the nodes, crons in a service of their own).",
            "2");
    public static final ConfigKey ODOO_DB_NAME = new ConfigKey("odooDbName", STRING, null, false,
            "The one database this stack serves (db_name, dbfilter ^name$). Default: the stack name.", "opw")
            .shown("the stack name");
    public static final ConfigKey ODOO_WORKERS = new ConfigKey("odooWorkers", INTEGER, 2L, false,
            "Odoo HTTP worker processes; 0 runs the threaded server (websocket then on 8069, not 8072).", "2");
    public static final ConfigKey ODOO_MAX_CRON_THREADS = new ConfigKey("odooMaxCronThreads", INTEGER, 1L, false,
            "Odoo cron workers (max_cron_threads).", "1");
    public static final ConfigKey ODOO_LIMIT_MEMORY_SOFT = new ConfigKey("odooLimitMemorySoftMb", INTEGER, 2048L, false,
            "Per-worker soft memory limit in MiB (limit_memory_soft): a worker above it is recycled after its request.",
            "2048");
    public static final ConfigKey ODOO_LIMIT_MEMORY_HARD = new ConfigKey("odooLimitMemoryHardMb", INTEGER, 2560L, false,
            "Per-worker hard memory limit in MiB (limit_memory_hard): a request above it is killed.", "2560");
    public static final ConfigKey ODOO_LIMIT_TIME_CPU = new ConfigKey("odooLimitTimeCpu", INTEGER, 600L, false,
            "CPU seconds a request may use (limit_time_cpu).", "600");
    public static final ConfigKey ODOO_LIMIT_TIME_REAL = new ConfigKey("odooLimitTimeReal", INTEGER, 1200L, false,
            "Wall-clock seconds a request may take (limit_time_real).", "1200");
    public static final ConfigKey ODOO_LIMIT_REQUEST = new ConfigKey("odooLimitRequest", INTEGER, 65536L, false,
            "Requests a worker serves before it is recycled (limit_request).", "65536");
    public static final ConfigKey ODOO_ADDONS_PATHS = new ConfigKey("odooAddonsPaths", STRING_LIST, null, false,
            "Host directories of custom addons, each mounted read-only at /mnt/addons/<dir name> and listed in addons_path. Default: none.",
            "/srv/odoo-stack/addons/opw")
            .shown("none");
    public static final ConfigKey ODOO_LOG_LEVEL = new ConfigKey("odooLogLevel", STRING, "info", false,
            "Odoo log_level: debug, debug_sql, debug_rpc, debug_rpc_answer, info, warn, error, critical.", "info");
    public static final ConfigKey ODOO_LOG_TO_FILE = new ConfigKey("odooLogToFile", BOOLEAN, false, false,
            "Write Odoo's log to <state>/logs/odoo.log instead of the container output (docker logs).", "false");
    public static final ConfigKey ODOO_MEMORY_MB = new ConfigKey("odooMemoryMb", INTEGER, null, false,
            "Memory limit of each Odoo container in MiB; 0 means no limit. Default: (odooWorkers + odooMaxCronThreads + 1) x odooLimitMemoryHardMb, the most Odoo's own limits let it use.",
            "8192")
            .shown("(workers + crons + 1) × `odooLimitMemoryHardMb`");
    public static final ConfigKey ODOO_CPU_SHARES = new ConfigKey("odooCpuShares", INTEGER, 1024L, false,
            "Relative CPU weight of each Odoo container against other containers under contention (Docker's default is 1024).",
            "1024");
    public static final ConfigKey ODOO_ADMIN_PASSWORD = new ConfigKey("odooAdminPassword", STRING, null, true,
            "Odoo master password (admin_passwd). Pulumi secret, at least 12 characters.", "<a strong password>")
            .shown("none: required by `pulumi up`");
    public static final ConfigKey ODOO_ADMIN_LOGIN_PASSWORD = new ConfigKey("odooAdminLoginPassword", STRING, null, true,
            "Password of Odoo's admin login (user admin), set by bin/odoo-stack init. Pulumi secret, at least 12 characters; generated by bin/odoo-stack up.",
            "<a strong password>")
            .shown("none: generated by `bin/odoo-stack up`; `bin/odoo-stack init` needs it");

    public static final ConfigKey POSTGRES_VERSION = new ConfigKey("postgresVersion", INTEGER, 17L, false,
            "Major version of the official postgres image (14 to 18).", "17");
    public static final ConfigKey POSTGRES_USER = new ConfigKey("postgresUser", STRING, "odoo", false,
            "PostgreSQL role Odoo connects as (created on first start).", "odoo");
    public static final ConfigKey POSTGRES_MEMORY_MB = new ConfigKey("postgresMemoryMb", INTEGER, 0L, false,
            "Memory limit of the PostgreSQL container in MiB; 0 means no limit.", "2048")
            .shown("(no limit)");
    public static final ConfigKey POSTGRES_CPU_SHARES = new ConfigKey("postgresCpuShares", INTEGER, 1024L, false,
            "Relative CPU weight of the PostgreSQL container under contention (Docker's default is 1024).", "2048");
    public static final ConfigKey POSTGRES_SHM_SIZE_MB = new ConfigKey("postgresShmSizeMb", INTEGER, 256L, false,
            "Shared memory of the PostgreSQL container in MiB; Docker's 64 MiB breaks parallel queries on larger databases.",
            "256");
    public static final ConfigKey LOG_MAX_SIZE_MB = new ConfigKey("logMaxSizeMb", INTEGER, 20L, false,
            "Size in MiB at which Docker rotates a container's log (json-file driver).", "20");
    public static final ConfigKey LOG_MAX_FILES = new ConfigKey("logMaxFiles", INTEGER, 5L, false,
            "Rotated log files Docker keeps per container.", "5");
    public static final ConfigKey POSTGRES_PASSWORD = new ConfigKey("postgresPassword", STRING, null, true,
            "Password of the PostgreSQL role. Pulumi secret, at least 12 characters.", "<a strong password>")
            .shown("none: required by `pulumi up`");

    public static final ConfigKey TRAEFIK_IMAGE = new ConfigKey("traefikImage", STRING, "traefik:v3.6", false,
            "Traefik image (v3.6.1 or later: older ones cannot talk to Docker 29).", "traefik:v3.6");
    public static final ConfigKey TRAEFIK_HTTP_PORT = new ConfigKey("traefikHttpPort", INTEGER, 80L, false,
            "Host port Traefik publishes for HTTP. Two stacks that each run a Traefik on one host need different ports.", "80");
    public static final ConfigKey TRAEFIK_HTTPS_PORT = new ConfigKey("traefikHttpsPort", INTEGER, 443L, false,
            "Host port Traefik publishes for HTTPS (public domains only).", "443");
    public static final ConfigKey TRAEFIK_EXTERNAL_NETWORK = new ConfigKey("traefikExternalNetwork", STRING, null, false,
            "Attach to the proxy network of a Traefik that already runs on the host (e.g. another stack's opw-proxy) instead of running one; the stack then only declares labels.",
            "opw-proxy")
            .shown("not set: the stack runs its own Traefik");
    public static final ConfigKey TRAEFIK_ACME_EMAIL = new ConfigKey("traefikAcmeEmail", STRING, null, false,
            "E-mail for Let's Encrypt; required when a domain is public (not *.localhost) and this stack runs Traefik.",
            "ops@example.com")
            .shown("none (required for public domains)");
    public static final ConfigKey TRAEFIK_ACME_CHALLENGE = new ConfigKey("traefikAcmeChallenge", STRING, "tls", false,
            "ACME challenge: 'tls' (TLS-ALPN on the HTTPS port) or 'http' (on the HTTP port).", "http");
    public static final ConfigKey TRAEFIK_ACME_STAGING = new ConfigKey("traefikAcmeStaging", BOOLEAN, false, false,
            "Use Let's Encrypt's staging CA (untrusted certificates, generous rate limits) while trying things out.", "true");
    public static final ConfigKey TRAEFIK_DOCKER_SOCKET = new ConfigKey("traefikDockerSocket", STRING, null, false,
            "The Docker engine's socket on the Docker host, which the Docker API filter mounts for Traefik. Needed only where the engine is reached over ssh:// or tcp:// (docker:host or DOCKER_HOST), which do not say where it is.",
            "/var/run/docker.sock")
            .shown("the path of a unix:// engine: docker:host, else DOCKER_HOST, else /var/run/docker.sock");
    public static final ConfigKey TRAEFIK_READ_TIMEOUT = new ConfigKey("traefikReadTimeout", INTEGER, 900L, false,
            "Seconds Traefik waits to read a whole request; large uploads need more than Traefik's 60 s default.", "900")
            .shown("(seconds)");
    public static final ConfigKey TRAEFIK_DASHBOARD_HOST = new ConfigKey("traefikDashboardHost", STRING, null, false,
            "Host name of the Traefik dashboard, behind basic auth. Unset: no dashboard.", "traefik.opw.localhost")
            .shown("not set: no dashboard");
    public static final ConfigKey TRAEFIK_DASHBOARD_USER = new ConfigKey("traefikDashboardUser", STRING, "admin", false,
            "User name for the dashboard's basic auth.", "admin");
    public static final ConfigKey TRAEFIK_DASHBOARD_PASSWORD = new ConfigKey("traefikDashboardPassword", STRING, null, true,
            "Password for the dashboard's basic auth; required when traefikDashboardHost is set. Pulumi secret, at least 12 characters.",
            "<a strong password>")
            .shown("none (required with `traefikDashboardHost`)");

    public static final ConfigKey RESTORE_UPSTREAM = new ConfigKey("restoreUpstream", STRING, null, false,
            "SSH destination of the read-only production host to restore from (user@host). Unset: the stack declares no restore.",
            "odoo@opw-prod.shiny")
            .shown("not set: no restore");
    public static final ConfigKey RESTORE_SSH_PORT = new ConfigKey("restoreSshPort", INTEGER, 22L, false,
            "SSH port of the upstream host.", "22");
    public static final ConfigKey RESTORE_SSH_DIR = new ConfigKey("restoreSshDir", STRING, null, false,
            "Directory on the machine running Pulumi with the private key (id_ed25519 or id_rsa) and known_hosts for the upstream.",
            "/home/deploy/.ssh/opw-prod")
            .shown("none (required with `restoreUpstream`)");
    public static final ConfigKey RESTORE_UPSTREAM_DB = new ConfigKey("restoreUpstreamDb", STRING, null, false,
            "Name of the database on the upstream host.", "opw_prod")
            .shown("none (required with `restoreUpstream`)");
    public static final ConfigKey RESTORE_UPSTREAM_FILESTORE = new ConfigKey("restoreUpstreamFilestore", STRING, null, false,
            "Absolute path of that database's filestore directory on the upstream host.",
            "/var/lib/odoo/filestore/opw_prod")
            .shown("none (required with `restoreUpstream`)");
    public static final ConfigKey RESTORE_PG_DUMP = new ConfigKey("restorePgDump", STRING, "pg_dump", false,
            "The pg_dump command run on the upstream host, e.g. 'sudo -u postgres pg_dump'.", "sudo -u postgres pg_dump");
    public static final ConfigKey RESTORE_JOBS = new ConfigKey("restoreJobs", INTEGER, 0L, false,
            "Parallel pg_restore jobs; 0 means one per core.", "4")
            .shown("(one per core)");
    public static final ConfigKey RESTORE_GENERATION = new ConfigKey("restoreGeneration", INTEGER, 1L, false,
            "Restore generation: the restore runs when first declared and again only when this number changes.", "2");
    public static final ConfigKey RESTORE_ON_FIRST_UP = new ConfigKey("restoreOnFirstUp", BOOLEAN, true, false,
            "Whether the restore runs by itself when first declared and at each new restoreGeneration; false: only when asked (bin/odoo-stack restore <stack>), so an up never needs the upstream host. dockerMode swarm: must be false.",
            "false");
    public static final ConfigKey RESTORE_CACHE_DIR = new ConfigKey("restoreCacheDir", STRING, null, false,
            "Where the fetched dump is kept on the machine running Pulumi. Default: ~/.cache/odoo-stack/restore.",
            "/var/cache/odoo-stack/opw")
            .shown("the restore script's own (`~/.cache/odoo-stack/restore`)");

    public static final ConfigKey CUTOVER_UPSTREAM = new ConfigKey("cutoverUpstream", STRING, null, false,
            "SSH destination of the legacy production host a cutover moves production from (user@host), read only; production stacks only (docs/cutover.md). Unset: no cutover.",
            "odoo@opw-prod.shiny")
            .shown("not set: no cutover");
    public static final ConfigKey CUTOVER_SSH_PORT = new ConfigKey("cutoverSshPort", INTEGER, 22L, false,
            "SSH port of the legacy host.", "22");
    public static final ConfigKey CUTOVER_SSH_DIR = new ConfigKey("cutoverSshDir", STRING, null, false,
            "Directory on the machine running bin/odoo-stack with the private key (id_ed25519 or id_rsa) and known_hosts for the legacy host.",
            "/home/deploy/.ssh/opw-prod")
            .shown("none (required with `cutoverUpstream`)");
    public static final ConfigKey CUTOVER_UPSTREAM_DB = new ConfigKey("cutoverUpstreamDb", STRING, null, false,
            "Name of the production database on the legacy host.", "opw_prod")
            .shown("none (required with `cutoverUpstream`)");
    public static final ConfigKey CUTOVER_UPSTREAM_FILESTORE = new ConfigKey("cutoverUpstreamFilestore", STRING, null, false,
            "Absolute path of that database's filestore directory on the legacy host.",
            "/var/lib/odoo/filestore/opw_prod")
            .shown("none (required with `cutoverUpstream`)");
    public static final ConfigKey CUTOVER_PSQL = new ConfigKey("cutoverPsql", STRING, "psql", false,
            "The psql command run on the legacy host, as a role with pg_read_all_data and pg_read_all_stats or through a sudo rule, e.g. 'sudo -u postgres psql'; the cutover only reads. The database is dumped with its pg_dump in place of psql ('sudo -u postgres pg_dump').",
            "sudo -u postgres psql");
    public static final ConfigKey CUTOVER_WENT_LIVE = new ConfigKey("cutoverWentLive", STRING, null, false,
            "Written by `bin/odoo-stack cutover <stack> final` once production is live on this stack: the legacy database it went live from and when (UTC); shown as the output wentLive. `cutover abort` after the swap removes it. Not set by hand.",
            "odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z")
            .shown("not set: not gone live through a cutover");

    public static final ConfigKey BACKUP = new ConfigKey("backup", BOOLEAN, null, false,
            "Whether the stack backs up its database and filestore with restic (docs/backups.md). Default: production stacks do.",
            "true")
            .shown("`production`'s value");
    public static final ConfigKey PRODUCTION_WITHOUT_BACKUPS = new ConfigKey("productionWithoutBackups", BOOLEAN, false, false,
            "Allows a production stack to run without backups (backup = false, or every backupKeep* count 0), on purpose: e.g. when its database and filestore are backed up by other means.",
            "true");
    public static final ConfigKey BACKUP_REPOSITORY = new ConfigKey("backupRepository", STRING, null, false,
            "The restic repository: an absolute directory on the Docker host (outside the state root), sftp:user@host:/path or s3:https://host/bucket/path.",
            "sftp:backup@vault.shiny:/srv/restic/opw")
            .shown("none (required when backed up)");
    public static final ConfigKey BACKUP_INTERVAL = new ConfigKey("backupInterval", STRING, "24h", false,
            "Time between two scheduled backups (the RPO): <n>m, <n>h or <n>d, from 15m to 7d.", "6h");
    public static final ConfigKey BACKUP_KEEP_HOURLY = new ConfigKey("backupKeepHourly", INTEGER, 24L, false,
            "Retention: keep the last backup of each of the last N hours.", "24");
    public static final ConfigKey BACKUP_KEEP_DAILY = new ConfigKey("backupKeepDaily", INTEGER, 7L, false,
            "Retention: keep the last backup of each of the last N days.", "14");
    public static final ConfigKey BACKUP_KEEP_WEEKLY = new ConfigKey("backupKeepWeekly", INTEGER, 4L, false,
            "Retention: keep the last backup of each of the last N weeks.", "8");
    public static final ConfigKey BACKUP_KEEP_MONTHLY = new ConfigKey("backupKeepMonthly", INTEGER, 12L, false,
            "Retention: keep the last backup of each of the last N months.", "24");
    public static final ConfigKey BACKUP_SSH_DIR = new ConfigKey("backupSshDir", STRING, null, false,
            "SFTP repository: directory on the Docker host with the private key (id_ed25519 or id_rsa) and known_hosts.",
            "/etc/odoo-stack/backup-ssh")
            .shown("none (required with an `sftp:` repository)");
    public static final ConfigKey BACKUP_PASSWORD = new ConfigKey("backupPassword", STRING, null, true,
            "The restic repository's password. Pulumi secret, at least 12 characters; keep a copy outside the host: without it the backups cannot be read.",
            "<a strong password>")
            .shown("none (required when backed up; `bin/odoo-stack up` generates it)");
    public static final ConfigKey BACKUP_S3_ACCESS_KEY_ID = new ConfigKey("backupS3AccessKeyId", STRING, null, true,
            "S3 repository: the access key id. Pulumi secret.", "<access key id>")
            .shown("none (required with an `s3:` repository)");
    public static final ConfigKey BACKUP_S3_SECRET_ACCESS_KEY = new ConfigKey("backupS3SecretAccessKey", STRING, null, true,
            "S3 repository: the secret access key. Pulumi secret.", "<secret access key>")
            .shown("none (required with an `s3:` repository)");

    public static final List<ConfigKey> ALL = List.of(
            STATE_ROOT, VOLUMES, DOCKER_MODE, PRODUCTION, ODOO_EGRESS, ODOO_DATABASE_MANAGER,
            ODOO_IMAGE, ODOO_BUILD, ODOO_BASE_IMAGE, ODOO_IMAGE_FLAVOUR, ODOO_REPOSITORY, ODOO_BRANCH, ODOO_PYTHON_VERSION, ODOO_PYTHON_DEV,
            ODOO_IMAGE_REGISTRY, ODOO_IMAGE_REBUILD, ODOO_SERIES, ODOO_UPGRADED_FROM, ODOO_ADDON_REPOSITORIES, ODOO_DOMAINS, ODOO_REDIRECT_DOMAINS, ODOO_REPLICAS, ODOO_DB_NAME, ODOO_WORKERS, ODOO_MAX_CRON_THREADS,
            ODOO_LIMIT_MEMORY_SOFT, ODOO_LIMIT_MEMORY_HARD, ODOO_LIMIT_TIME_CPU, ODOO_LIMIT_TIME_REAL,
            ODOO_LIMIT_REQUEST, ODOO_ADDONS_PATHS, ODOO_LOG_LEVEL, ODOO_LOG_TO_FILE, ODOO_MEMORY_MB, ODOO_CPU_SHARES,
            ODOO_ADMIN_PASSWORD, ODOO_ADMIN_LOGIN_PASSWORD,
            POSTGRES_VERSION, POSTGRES_USER, POSTGRES_MEMORY_MB, POSTGRES_CPU_SHARES, POSTGRES_SHM_SIZE_MB,
            POSTGRES_PASSWORD, LOG_MAX_SIZE_MB, LOG_MAX_FILES,
            TRAEFIK_IMAGE, TRAEFIK_HTTP_PORT, TRAEFIK_HTTPS_PORT, TRAEFIK_EXTERNAL_NETWORK, TRAEFIK_ACME_EMAIL,
            TRAEFIK_ACME_CHALLENGE, TRAEFIK_ACME_STAGING, TRAEFIK_DOCKER_SOCKET, TRAEFIK_READ_TIMEOUT, TRAEFIK_DASHBOARD_HOST,
            TRAEFIK_DASHBOARD_USER, TRAEFIK_DASHBOARD_PASSWORD,
            RESTORE_UPSTREAM, RESTORE_SSH_PORT, RESTORE_SSH_DIR, RESTORE_UPSTREAM_DB, RESTORE_UPSTREAM_FILESTORE,
            RESTORE_PG_DUMP, RESTORE_JOBS, RESTORE_GENERATION, RESTORE_ON_FIRST_UP, RESTORE_CACHE_DIR,
            CUTOVER_UPSTREAM, CUTOVER_SSH_PORT, CUTOVER_SSH_DIR, CUTOVER_UPSTREAM_DB, CUTOVER_UPSTREAM_FILESTORE, CUTOVER_PSQL,
            CUTOVER_WENT_LIVE, BACKUP, PRODUCTION_WITHOUT_BACKUPS, BACKUP_REPOSITORY, BACKUP_INTERVAL, BACKUP_KEEP_HOURLY, BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY,
            BACKUP_KEEP_MONTHLY, BACKUP_SSH_DIR, BACKUP_PASSWORD, BACKUP_S3_ACCESS_KEY_ID, BACKUP_S3_SECRET_ACCESS_KEY);
}
