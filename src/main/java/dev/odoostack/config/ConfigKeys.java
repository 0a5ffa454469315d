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

    public static final ConfigKey ODOO_IMAGE = new ConfigKey("odooImage", STRING, "odoo:18.0", false,
            "Odoo image to run (the official image or one derived from it).", "odoo:18.0");
    public static final ConfigKey ODOO_DOMAINS = new ConfigKey("odooDomains", STRING_LIST, null, false,
            "Host names Traefik routes to Odoo; the first one is the public URL. Default: <stack>.localhost.",
            "opw.localhost");
    public static final ConfigKey ODOO_DB_NAME = new ConfigKey("odooDbName", STRING, null, false,
            "The one database this stack serves (db_name, dbfilter ^name$). Default: the stack name.", "opw");
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
            "/srv/odoo-stack/addons/opw");
    public static final ConfigKey ODOO_LOG_LEVEL = new ConfigKey("odooLogLevel", STRING, "info", false,
            "Odoo log_level: debug, debug_sql, debug_rpc, debug_rpc_answer, info, warn, error, critical.", "info");
    public static final ConfigKey ODOO_LOG_TO_FILE = new ConfigKey("odooLogToFile", BOOLEAN, false, false,
            "Write Odoo's log to <state>/logs/odoo.log instead of the container output (docker logs).", "false");
    public static final ConfigKey ODOO_MEMORY_MB = new ConfigKey("odooMemoryMb", INTEGER, 0L, false,
            "Memory limit of the Odoo container in MiB; 0 means no limit.", "4096");
    public static final ConfigKey ODOO_ADMIN_PASSWORD = new ConfigKey("odooAdminPassword", STRING, null, true,
            "Odoo master password (admin_passwd). Pulumi secret, at least 12 characters.", "<a strong password>");

    public static final ConfigKey POSTGRES_VERSION = new ConfigKey("postgresVersion", INTEGER, 17L, false,
            "Major version of the official postgres image (14 to 18).", "17");
    public static final ConfigKey POSTGRES_USER = new ConfigKey("postgresUser", STRING, "odoo", false,
            "PostgreSQL role Odoo connects as (created on first start).", "odoo");
    public static final ConfigKey POSTGRES_MEMORY_MB = new ConfigKey("postgresMemoryMb", INTEGER, 0L, false,
            "Memory limit of the PostgreSQL container in MiB; 0 means no limit.", "2048");
    public static final ConfigKey POSTGRES_PASSWORD = new ConfigKey("postgresPassword", STRING, null, true,
            "Password of the PostgreSQL role. Pulumi secret, at least 12 characters.", "<a strong password>");

    public static final ConfigKey TRAEFIK_IMAGE = new ConfigKey("traefikImage", STRING, "traefik:v3.5", false,
            "Traefik image (v3).", "traefik:v3.5");
    public static final ConfigKey TRAEFIK_HTTP_PORT = new ConfigKey("traefikHttpPort", INTEGER, 80L, false,
            "Host port Traefik publishes for HTTP. Two stacks on one Docker host need different ports.", "80");

    public static final List<ConfigKey> ALL = List.of(
            STATE_ROOT, VOLUMES,
            ODOO_IMAGE, ODOO_DOMAINS, ODOO_DB_NAME, ODOO_WORKERS, ODOO_MAX_CRON_THREADS,
            ODOO_LIMIT_MEMORY_SOFT, ODOO_LIMIT_MEMORY_HARD, ODOO_LIMIT_TIME_CPU, ODOO_LIMIT_TIME_REAL,
            ODOO_LIMIT_REQUEST, ODOO_ADDONS_PATHS, ODOO_LOG_LEVEL, ODOO_LOG_TO_FILE, ODOO_MEMORY_MB,
            ODOO_ADMIN_PASSWORD,
            POSTGRES_VERSION, POSTGRES_USER, POSTGRES_MEMORY_MB, POSTGRES_PASSWORD,
            TRAEFIK_IMAGE, TRAEFIK_HTTP_PORT);
}
