package dev.odoostack.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.odoostack.config.ConfigKeys.*;

/**
 * Turns a stack's raw configuration into {@link Settings}, or lists every problem at once. The same rules apply
 * whether the values come from the Pulumi engine or from reading Pulumi.&lt;stack&gt;.yaml offline.
 */
public final class SettingsParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    // Docker's reference grammar, simplified: [registry[:port]/]path[:tag][@sha256:digest]
    private static final Pattern IMAGE = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern PG_ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Set<String> RESERVED_DB_NAMES = Set.of("postgres", "template0", "template1");
    private static final List<String> LOG_LEVELS = List.of("debug", "debug_sql", "debug_rpc", "debug_rpc_answer",
            "info", "warn", "error", "critical", "notset");
    static final int MIN_SECRET_LENGTH = 12;

    private final String stack;
    private final Map<String, RawValue> raw;
    private final SecretPolicy secrets;
    private final List<Problem> problems = new ArrayList<>();

    private SettingsParser(String stack, Map<String, RawValue> raw, SecretPolicy secrets) {
        this.stack = stack;
        this.raw = raw;
        this.secrets = secrets;
    }

    /**
     * @param raw values by full key ({@code odoo-stack:odooWorkers}); keys of other namespaces (e.g.
     *            {@code docker:host}) belong to providers and are left alone
     * @throws ConfigException listing every problem found
     */
    public static Settings parse(String stack, Map<String, RawValue> raw, SecretPolicy secrets) {
        return new SettingsParser(stack, raw, secrets).parse();
    }

    private Settings parse() {
        if (!STACK_NAME.matcher(stack).matches()) {
            problems.add(new Problem("stack", '"' + stack + '"',
                    "a stack name must be lower-case letters, digits and '-', starting with a letter (it prefixes container, network and volume names)",
                    "pulumi stack init opw (or rename the stack file to match)"));
        }
        unknownKeys();

        String stateRoot = absolutePath(STATE_ROOT);
        Settings.VolumeMode volumes = oneOf(VOLUMES, List.of("bind", "named")).equals("named")
                ? Settings.VolumeMode.NAMED : Settings.VolumeMode.BIND;

        int soft = integer(ODOO_LIMIT_MEMORY_SOFT, 64, 1 << 20);
        int hard = integer(ODOO_LIMIT_MEMORY_HARD, 64, 1 << 20);
        if (hard < soft) {
            problems.add(new Problem(ODOO_LIMIT_MEMORY_HARD.fullName(), String.valueOf(hard),
                    "the hard memory limit is below the soft one (" + soft + " MiB), so workers would be killed before they are recycled",
                    ODOO_LIMIT_MEMORY_HARD.setCommand(stack, String.valueOf(soft + soft / 4))));
        }
        int cpu = integer(ODOO_LIMIT_TIME_CPU, 1, 86_400);
        int real = integer(ODOO_LIMIT_TIME_REAL, 1, 86_400);
        if (real < cpu) {
            problems.add(new Problem(ODOO_LIMIT_TIME_REAL.fullName(), String.valueOf(real),
                    "the wall-clock limit is below the CPU limit (" + cpu + " s); a request can never use its CPU time",
                    ODOO_LIMIT_TIME_REAL.setCommand(stack, String.valueOf(cpu * 2))));
        }
        List<String> domains = domains();
        int workers = integer(ODOO_WORKERS, 0, 64);
        int crons = integer(ODOO_MAX_CRON_THREADS, 0, 16);
        int memory = odooMemoryMb(hard);
        Optional<Settings.Build> build = build();
        String odooImage = build.isPresent() ? "odoo-stack/" + stack + "-odoo" : image(ODOO_IMAGE);
        Settings.Odoo odoo = new Settings.Odoo(
                odooImage,
                domains,
                redirectDomains(domains),
                integer(ODOO_REPLICAS, 1, 16),
                dbName(),
                workers,
                crons,
                soft, hard, cpu, real,
                integer(ODOO_LIMIT_REQUEST, 1, 10_000_000),
                addonsPaths(),
                oneOf(ODOO_LOG_LEVEL, LOG_LEVELS),
                bool(ODOO_LOG_TO_FILE),
                // unset: the most Odoo's own per-worker limits let it use, so Docker only stops a runaway
                memory >= 0 ? memory : (workers + crons + 1) * hard,
                integer(ODOO_CPU_SHARES, 2, 262_144),
                secret(ODOO_ADMIN_PASSWORD),
                build,
                addonRepositories(),
                upgradedFrom(), flavour(build, odooImage));
        Settings.Postgres postgres = new Settings.Postgres(
                integer(POSTGRES_VERSION, 14, 18),
                pgRole(),
                memoryMb(POSTGRES_MEMORY_MB),
                integer(POSTGRES_CPU_SHARES, 2, 262_144),
                integer(POSTGRES_SHM_SIZE_MB, 64, 1 << 16),
                secret(POSTGRES_PASSWORD));
        // checked only: no container reads it, bin/odoo-stack init sets it on the database's admin user
        if (raw.containsKey(ODOO_ADMIN_LOGIN_PASSWORD.fullName())) {
            secret(ODOO_ADMIN_LOGIN_PASSWORD);
        }
        Settings.Traefik traefik = traefik(domains);
        boolean production = bool(PRODUCTION);
        Optional<String> dockerHost = dockerHost();
        Optional<Settings.Restore> restore = restore(production, volumes, dockerHost);
        crossCheckAddons(odoo, dockerHost);
        if (restore.isPresent() && odoo.replicas() > 1) {
            problems.add(new Problem(ODOO_REPLICAS.fullName(), String.valueOf(odoo.replicas()),
                    "a restore stops one Odoo container for the swap; other replicas would keep writing to the database being replaced",
                    ODOO_REPLICAS.setCommand(stack, "1") + " while the stack restores from production"));
        }
        Settings.Logs logs = new Settings.Logs(integer(LOG_MAX_SIZE_MB, 1, 10_240), integer(LOG_MAX_FILES, 1, 100));

        // unset egress follows production: a copy of production must not call out with production's data
        boolean egress = text(ODOO_EGRESS).isPresent() ? boolOr(ODOO_EGRESS, production) : production;
        Settings.Exposure exposure = new Settings.Exposure(egress, bool(ODOO_DATABASE_MANAGER));
        Optional<Settings.Backup> backup = backup(production, stateRoot);
        if (!problems.isEmpty()) {
            throw new ConfigException(stack, problems);
        }
        return new Settings(stack, stateRoot + "/" + stack, volumes, production, odoo, postgres, traefik, restore,
                logs, dockerHost, exposure, backup);
    }

    // --- the checks, one per kind of value ---

    /** Namespaces of the providers this program uses; their keys are theirs to check. */
    static final Set<String> PROVIDER_NAMESPACES = Set.of("docker", "command");

    private void unknownKeys() {
        Set<String> known = new HashSet<>();
        ConfigKeys.ALL.forEach(k -> known.add(k.fullName()));
        raw.keySet().stream().sorted()
                .filter(k -> k.contains(":") && !k.startsWith(ConfigKey.NAMESPACE + ":")
                        && !PROVIDER_NAMESPACES.contains(k.substring(0, k.indexOf(':'))))
                .forEach(k -> {
                    String name = k.substring(k.indexOf(':') + 1);
                    ConfigKey nearest = nearest(name);
                    // pulumi would pass it to no one: the setting the operator meant is silently left at its default
                    problems.add(new Problem(k, "", "the namespace '" + k.substring(0, k.indexOf(':'))
                            + "' is neither this project's (" + ConfigKey.NAMESPACE + ") nor a provider's ("
                            + String.join(", ", new java.util.TreeSet<>(PROVIDER_NAMESPACES)) + "), so nothing reads it",
                            "pulumi config rm '" + k + "' --stack " + stack + " and set " + ConfigKey.NAMESPACE + ":"
                                    + nearest.name() + " instead (docs/configuration.md lists every key)"));
                });
        raw.keySet().stream().sorted()
                .filter(k -> k.startsWith(ConfigKey.NAMESPACE + ":") && !known.contains(k))
                .forEach(k -> {
                    String name = k.substring(ConfigKey.NAMESPACE.length() + 1);
                    ConfigKey nearest = nearest(name);
                    boolean close = distance(nearest.name().toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))
                            <= Math.max(2, name.length() / 3);
                    problems.add(new Problem(k, raw.get(k).toString(), "no such setting"
                            + (close ? " (did you mean " + nearest.name() + "?)" : ""),
                            "pulumi config rm " + name + " --stack " + stack
                                    + (close ? " and set " + nearest.name() + " instead" : "")
                                    + "; docs/configuration.md lists every key"));
                });
    }

    /** The setting whose name is closest to a mistyped one (case, camel or dotted forms alike). */
    private static ConfigKey nearest(String name) {
        String wanted = name.replace(".", "").replace("_", "").toLowerCase(Locale.ROOT);
        return ConfigKeys.ALL.stream()
                .min(Comparator.comparingInt(c -> distance(c.name().toLowerCase(Locale.ROOT), wanted)))
                .orElseThrow();
    }

    private Optional<String> text(ConfigKey key) {
        RawValue v = raw.get(key.fullName());
        if (v == null) {
            return Optional.empty();
        }
        if (v.secret() && !key.secret()) {
            problems.add(new Problem(key.fullName(), "[secret]", "this setting is not a password and must be plain text",
                    key.setCommand(stack, key.example()).replace("--secret ", "")));
            return Optional.empty();
        }
        return Optional.ofNullable(v.text());
    }

    private void bad(ConfigKey key, String value, String why) {
        // a list's item: the fix points at that item, where it is in the list
        int index = key.type() == ValueType.STRING_LIST ? Math.max(0, itemsAsWritten(key).indexOf(value)) : 0;
        badAt(key, index, value, why);
    }

    private void badAt(ConfigKey key, int index, String value, String why) {
        // the example is no fix when it is the very value refused: the key's section says what it takes
        String fix = value.strip().equals(key.example())
                ? "docs/configuration.md#" + key.name().toLowerCase(Locale.ROOT) + " says which values it takes"
                : key.setCommand(stack, key.example(), index);
        problems.add(new Problem(key.fullName(), '"' + value + '"', why, fix));
    }

    private String string(ConfigKey key) {
        return text(key).map(String::strip).orElse((String) key.defaultValue());
    }

    private int integer(ConfigKey key, int min, int max) {
        int fallback = key.defaultValue() == null ? 0 : ((Long) key.defaultValue()).intValue();
        Optional<String> t = text(key);
        if (t.isEmpty()) {
            return fallback;
        }
        String s = t.get().strip();
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            bad(key, s, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        if (n < min || n > max) {
            bad(key, s, "must be from " + min + " to " + max);
            return fallback;
        }
        return (int) n;
    }

    private boolean bool(ConfigKey key) {
        return boolOr(key, (Boolean) key.defaultValue());
    }

    private boolean boolOr(ConfigKey key, boolean fallback) {
        Optional<String> t = text(key);
        if (t.isEmpty()) {
            return fallback;
        }
        String s = t.get().strip();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        bad(key, s, List.of("yes", "no", "on", "off", "y", "n").contains(s.toLowerCase(Locale.ROOT))
                ? "must be true or false: Pulumi reads stack files as YAML 1.2, where " + s + " is text, not a boolean"
                : "must be true or false");
        return fallback;
    }

    private String oneOf(ConfigKey key, List<String> allowed) {
        String s = string(key);
        if (!allowed.contains(s)) {
            bad(key, s, "must be one of " + String.join(", ", allowed));
            return (String) key.defaultValue();
        }
        return s;
    }

    /** A list key's items as written, for pointing at one; nothing reported (list() does that). */
    private List<String> itemsAsWritten(ConfigKey key) {
        RawValue v = raw.get(key.fullName());
        List<String> out = new ArrayList<>();
        try {
            JsonNode node = v == null || v.text() == null ? null : JSON.readTree(v.text().strip());
            if (node != null && node.isArray()) {
                node.forEach(item -> out.add(item.asText().strip()));
            }
        } catch (JsonProcessingException e) {
            // not a list: no item to point at
        }
        return out;
    }

    private List<String> list(ConfigKey key) {
        Optional<String> t = text(key);
        if (t.isEmpty()) {
            return List.of();
        }
        String s = t.get().strip();
        try {
            JsonNode node = JSON.readTree(s);
            if (node != null && node.isArray()) {
                List<String> out = new ArrayList<>();
                for (JsonNode item : node) {
                    if (!item.isTextual()) {
                        bad(key, s, "every item must be a string");
                        return List.of();
                    }
                    out.add(item.asText().strip());
                }
                return out;
            }
        } catch (JsonProcessingException e) {
            // a bare word is not JSON: reported below as "not a list"
        }
        problems.add(new Problem(key.fullName(), '"' + s + '"', "must be a list",
                "pulumi config set --path '" + key.name() + "[0]' " + key.example() + " --stack " + stack
                        + " (or a YAML list under " + key.fullName() + " in Pulumi." + stack + ".yaml)"));
        return List.of();
    }

    private String absolutePath(ConfigKey key) {
        String s = string(key);
        String why = pathProblem(s);
        if (why != null) {
            bad(key, s, why);
            return (String) key.defaultValue();
        }
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String pathProblem(String s) {
        if (!s.startsWith("/")) {
            return "must be an absolute path on the Docker host";
        }
        if (!Path.of(s).normalize().toString().equals(s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s)) {
            return "must be a normalized path (no '.', '..' or '//')";
        }
        if (s.matches(".*[:,\\s].*")) {
            return "must not contain ':', ',' or white space (Docker mount syntax)";
        }
        return null;
    }

    private String image(ConfigKey key) {
        String s = string(key);
        if (!IMAGE.matcher(s).matches()) {
            bad(key, s, "is not a Docker image reference (name[:tag][@sha256:digest], lower-case name)");
            return (String) key.defaultValue();
        }
        return s;
    }

    private List<String> domains() {
        if (!raw.containsKey(ODOO_DOMAINS.fullName())) {
            return List.of(stack + ".localhost");
        }
        List<String> domains = list(ODOO_DOMAINS);
        if (domains.isEmpty() && problemsFor(ODOO_DOMAINS) == 0) {
            bad(ODOO_DOMAINS, "[]", "needs at least one host name");
        }
        return hosts(ODOO_DOMAINS, domains, Set.of(), "is listed twice");
    }

    private List<String> redirectDomains(List<String> domains) {
        return hosts(ODOO_REDIRECT_DOMAINS, list(ODOO_REDIRECT_DOMAINS), Set.copyOf(domains),
                "is already served (odooDomains) or listed twice; a name either serves or redirects");
    }

    /** Checks each host name of a list, and that none repeats one already taken. */
    private List<String> hosts(ConfigKey key, List<String> hosts, Set<String> taken, String repeated) {
        Set<String> seen = new HashSet<>(taken);
        for (String d : hosts) {
            String why = hostProblem(d);
            if (why != null) {
                bad(key, d, why);
            } else if (!seen.add(d)) {
                bad(key, d, repeated);
            }
        }
        return hosts;
    }

    /** Keys that are set although the setting they belong to is off: each is a mistake worth naming. */
    private void notApplicable(List<ConfigKey> keys, String why, java.util.function.Function<ConfigKey, String> fix) {
        for (ConfigKey k : keys) {
            if (raw.containsKey(k.fullName())) {
                problems.add(new Problem(k.fullName(), raw.get(k.fullName()).toString(), why, fix.apply(k)));
            }
        }
    }

    private Settings.Traefik traefik(List<String> domains) {
        String image = image(TRAEFIK_IMAGE);
        int http = integer(TRAEFIK_HTTP_PORT, 1, 65535);
        int https = integer(TRAEFIK_HTTPS_PORT, 1, 65535);
        if (http == https) {
            bad(TRAEFIK_HTTPS_PORT, String.valueOf(https), "is the same port as traefikHttpPort");
        }
        int readTimeout = integer(TRAEFIK_READ_TIMEOUT, 60, 86_400);
        String external = text(TRAEFIK_EXTERNAL_NETWORK).map(String::strip).orElse(null);
        if (external != null && !external.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}")) {
            bad(TRAEFIK_EXTERNAL_NETWORK, external, "is not a Docker network name");
        }
        boolean mixed = domains.stream().anyMatch(Settings::local) && !domains.stream().allMatch(Settings::local);
        if (mixed) {
            problems.add(new Problem(ODOO_DOMAINS.fullName(), String.join(",", domains),
                    "mixes local (*.localhost, plain HTTP) and public (HTTPS) names; a stack is one or the other",
                    "list only public or only *.localhost names in odooDomains"));
        }
        // a mix is reported above; only an all-public list asks for certificates
        boolean tls = Settings.tls(domains);
        Optional<String> email = text(TRAEFIK_ACME_EMAIL).map(String::strip);
        String challenge = oneOf(TRAEFIK_ACME_CHALLENGE, List.of("tls", "http"));
        boolean staging = bool(TRAEFIK_ACME_STAGING);
        Optional<Settings.Acme> acme = Optional.empty();
        if (external != null) {
            notApplicable(List.of(TRAEFIK_ACME_EMAIL, TRAEFIK_DASHBOARD_HOST, TRAEFIK_HTTP_PORT, TRAEFIK_HTTPS_PORT),
                    "belongs to the Traefik that owns " + external + ", not to a stack that only attaches to it",
                    k -> "pulumi config rm " + k.name() + " --stack " + stack + " (set it on the stack that runs Traefik)");
        } else if (tls) {
            if (email.isEmpty()) {
                problems.add(new Problem(TRAEFIK_ACME_EMAIL.fullName(), "(not set)",
                        "public domains are served over HTTPS with Let's Encrypt certificates, which need a contact e-mail",
                        TRAEFIK_ACME_EMAIL.setCommand(stack, TRAEFIK_ACME_EMAIL.example())));
            } else if (!email.get().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                bad(TRAEFIK_ACME_EMAIL, email.get(), "is not an e-mail address");
            } else {
                acme = Optional.of(new Settings.Acme(email.get(), challenge, staging));
            }
        } else if (email.isPresent()) {
            problems.add(new Problem(TRAEFIK_ACME_EMAIL.fullName(), '"' + email.get() + '"',
                    "local domains (*.localhost) stay on plain HTTP; no certificate is requested",
                    "pulumi config rm traefikAcmeEmail --stack " + stack + " (or set a public domain in odooDomains)"));
        }
        Optional<Settings.Dashboard> dashboard = Optional.empty();
        Optional<String> dashHost = text(TRAEFIK_DASHBOARD_HOST).map(String::strip);
        if (dashHost.isPresent() && external == null) {
            String why = hostProblem(dashHost.get());
            if (why != null) {
                bad(TRAEFIK_DASHBOARD_HOST, dashHost.get(), why);
            } else if (domains.contains(dashHost.get())) {
                bad(TRAEFIK_DASHBOARD_HOST, dashHost.get(), "is one of odooDomains; the dashboard needs its own host name");
            }
            String user = string(TRAEFIK_DASHBOARD_USER);
            if (!user.matches("[A-Za-z0-9_.-]{1,64}")) {
                bad(TRAEFIK_DASHBOARD_USER, user, "must be 1 to 64 letters, digits, '_', '.' or '-'");
            }
            dashboard = Optional.of(new Settings.Dashboard(dashHost.get(), user, secret(TRAEFIK_DASHBOARD_PASSWORD)));
        } else if (raw.containsKey(TRAEFIK_DASHBOARD_PASSWORD.fullName()) && dashHost.isEmpty()) {
            problems.add(new Problem(TRAEFIK_DASHBOARD_PASSWORD.fullName(), "[secret]",
                    "is set but traefikDashboardHost is not, so there is no dashboard to protect",
                    TRAEFIK_DASHBOARD_HOST.setCommand(stack, TRAEFIK_DASHBOARD_HOST.example())));
        }
        return new Settings.Traefik(image, http, https, external, acme, readTimeout, dashboard);
    }

    private long problemsFor(ConfigKey key) {
        return problems.stream().filter(p -> p.key().equals(key.fullName())).count();
    }

    private static String hostProblem(String d) {
        if (d.contains("://") || d.contains("/") || d.contains(":")) {
            return "must be a bare host name (no scheme, port or path)";
        }
        if (!d.equals(d.toLowerCase(Locale.ROOT))) {
            return "must be lower case";
        }
        if (d.length() > 253 || d.isEmpty()) {
            return "must be 1 to 253 characters";
        }
        for (String label : d.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return "is not a valid host name (labels of a-z, 0-9 and '-', separated by dots)";
            }
        }
        return null;
    }

    private String dbName() {
        String s = text(ODOO_DB_NAME).map(String::strip).orElse(stack);
        if (!DB_NAME.matcher(s).matches()) {
            bad(ODOO_DB_NAME, s, "must be 1 to 63 letters, digits, '_' or '-', starting with a letter or digit");
        } else if (RESERVED_DB_NAMES.contains(s.toLowerCase(Locale.ROOT))) {
            bad(ODOO_DB_NAME, s, "is a PostgreSQL system database");
        }
        return s;
    }

    private String pgRole() {
        String s = string(POSTGRES_USER);
        if (!PG_ROLE.matcher(s).matches() || s.startsWith("pg_") || s.equals("postgres")) {
            bad(POSTGRES_USER, s, "must be a lower-case PostgreSQL role name (a-z, 0-9, '_'), not 'postgres' nor 'pg_*'");
        }
        return s;
    }

    private List<String> addonsPaths() {
        List<String> paths = list(ODOO_ADDONS_PATHS);
        Set<String> names = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            String why = pathProblem(p);
            if (why != null) {
                bad(ODOO_ADDONS_PATHS, p, why);
                continue;
            }
            String clean = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (clean.equals("/")) {
                bad(ODOO_ADDONS_PATHS, p, "must be a directory of addons, not the host's root");
                continue;
            }
            if (!names.add(Path.of(clean).getFileName().toString())) {
                bad(ODOO_ADDONS_PATHS, p, "has the same directory name as another entry; each is mounted at /mnt/addons/<dir name>");
                continue;
            }
            out.add(clean);
        }
        return out;
    }

    private int memoryMb(ConfigKey key) {
        int mb = integer(key, 0, 1 << 20);
        if (mb != 0 && mb < 256) {
            bad(key, String.valueOf(mb), "is too small to run in; use 0 for no limit or at least 256");
            return 0;
        }
        return mb;
    }

    private Secret secret(ConfigKey key) {
        RawValue v = raw.get(key.fullName());
        String setIt = "pulumi config set --secret " + key.name() + " \"$(openssl rand -base64 24)\" --stack " + stack
                + " (or run bin/odoo-stack up " + stack + ", which generates it)";
        if (v == null) {
            if (secrets == SecretPolicy.REQUIRE) {
                problems.add(new Problem(key.fullName(), "(not set)", "this password is required", setIt));
            }
            return Secret.notSet(key);
        }
        if (!v.secret()) {
            problems.add(new Problem(key.fullName(), "(plain text, not shown)",
                    "a password must be stored as a Pulumi secret, never in plain text",
                    "pulumi config rm " + key.name() + " --stack " + stack + " && " + setIt));
            return Secret.notSet(key);
        }
        if (!v.readable()) {
            return Secret.encrypted(key);
        }
        String s = v.text();
        if (s.length() < MIN_SECRET_LENGTH || s.contains("\n") || !s.equals(s.strip())) {
            problems.add(new Problem(key.fullName(), "[secret]",
                    "must be at least " + MIN_SECRET_LENGTH + " characters on one line, without leading or trailing spaces",
                    setIt));
            return Secret.notSet(key);
        }
        return Secret.of(key, s);
    }

    private static final Pattern SSH_DESTINATION = Pattern.compile(
            "(?:[a-z_][a-z0-9_.-]{0,31}@)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9a-fA-F:.]+\\])");
    private static final List<ConfigKey> RESTORE_KEYS = List.of(RESTORE_SSH_PORT, RESTORE_SSH_DIR,
            RESTORE_UPSTREAM_DB, RESTORE_UPSTREAM_FILESTORE, RESTORE_PG_DUMP, RESTORE_JOBS, RESTORE_GENERATION,
            RESTORE_ON_FIRST_UP, RESTORE_CACHE_DIR);

    private static final Pattern GIT_REF = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern ADDON_DIR = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    private Optional<Settings.Build> build() {
        String mode = oneOf(ODOO_BUILD, List.of("none", "image", "source"));
        List<ConfigKey> buildKeys = List.of(ODOO_BASE_IMAGE, ODOO_REPOSITORY, ODOO_BRANCH, ODOO_PYTHON_VERSION,
                ODOO_PYTHON_DEV, ODOO_IMAGE_REGISTRY);
        if (mode.equals("none")) {
            notApplicable(buildKeys, "only applies when the image is built, and odooBuild is 'none'",
                    k -> ODOO_BUILD.setCommand(stack, "image") + " (or pulumi config rm " + k.name() + ")");
            return Optional.empty();
        }
        if (raw.containsKey(ODOO_IMAGE.fullName())) {
            problems.add(new Problem(ODOO_IMAGE.fullName(), raw.get(ODOO_IMAGE.fullName()).toString(),
                    "names a published image, but odooBuild = " + mode + " builds one",
                    "pulumi config rm odooImage --stack " + stack
                            + (mode.equals("image") ? " and set odooBaseImage to build FROM it" : "")));
        }
        // a key the chosen mode does not read would be silently ignored: the operator believes it applies
        if (mode.equals("image")) {
            notApplicable(List.of(ODOO_REPOSITORY, ODOO_BRANCH, ODOO_PYTHON_VERSION),
                    "only applies to odooBuild = source, and odooBuild is 'image' (the version comes from odooBaseImage)",
                    k -> "pulumi config rm " + k.name() + " --stack " + stack + " (or " + ODOO_BUILD.setCommand(stack, "source") + ")");
        } else {
            notApplicable(List.of(ODOO_BASE_IMAGE),
                    "only applies to odooBuild = image, and odooBuild is 'source' (it builds odooBranch of odooRepository)",
                    k -> "pulumi config rm " + k.name() + " --stack " + stack + " (or " + ODOO_BUILD.setCommand(stack, "image") + ")");
        }
        String base = image(ODOO_BASE_IMAGE);
        String repository = string(ODOO_REPOSITORY);
        if (!repository.matches("https://[A-Za-z0-9.-]+(:[0-9]+)?/[^\\s@]+\\.git")) {
            bad(ODOO_REPOSITORY, repository, "must be a public https repository URL ending in .git (BuildKit fetches it during the build)");
        }
        String branch = string(ODOO_BRANCH);
        if (!GIT_REF.matcher(branch).matches() || branch.startsWith("-")) {
            bad(ODOO_BRANCH, branch, "is not a branch name");
        }
        String python = text(ODOO_PYTHON_VERSION).map(String::strip).orElseGet(() -> defaultPython(branch));
        if (python == null) {
            problems.add(new Problem(ODOO_PYTHON_VERSION.fullName(), "(not set)",
                    "no default Python is known for branch " + branch + " (17.0 -> 3.10; 18.0, saas-18.x, 19.0 -> 3.12)",
                    ODOO_PYTHON_VERSION.setCommand(stack, "3.12")));
            python = "3.12";
        } else if (!python.matches("3\\.(1[0-9]|[89])")) {
            bad(ODOO_PYTHON_VERSION, python, "must be a Python 3 minor version such as 3.10 or 3.12");
        }
        boolean dev = bool(ODOO_PYTHON_DEV);
        String registry = text(ODOO_IMAGE_REGISTRY).map(String::strip).orElse(null);
        if (registry != null && !registry.matches("[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*")) {
            bad(ODOO_IMAGE_REGISTRY, registry, "is not a registry (host[:port][/namespace], lower case)");
        }
        return Optional.of(new Settings.Build(mode, base, repository, branch, python, dev, registry,
                integer(ODOO_IMAGE_REBUILD, 0, 1_000_000)));
    }

    /** A series as Odoo names its branches: 18.0, saas-18.4. */
    private Optional<String> upgradedFrom() {
        Optional<String> from = text(ODOO_UPGRADED_FROM).map(String::strip);
        if (from.isPresent() && !from.get().matches("(saas-)?[0-9]{1,2}\\.[0-9]{1,2}")) {
            bad(ODOO_UPGRADED_FROM, from.get(), "is not an Odoo series such as 18.0 or saas-18.4");
            return Optional.empty();
        }
        return from;
    }

    /** Whose contract the image follows: as set, else by the image it is (or is built FROM). */
    private Settings.ImageFlavour flavour(Optional<Settings.Build> build, String published) {
        boolean source = build.map(b -> b.mode().equals("source")).orElse(false);
        if (text(ODOO_IMAGE_FLAVOUR).isEmpty()) {
            return source ? Settings.ImageFlavour.OFFICIAL
                    : Settings.ImageFlavour.of(build.map(Settings.Build::baseImage).orElse(published));
        }
        String set = oneOf(ODOO_IMAGE_FLAVOUR, List.of("official", "adomi"));
        Settings.ImageFlavour flavour = set == null ? Settings.ImageFlavour.OFFICIAL
                : Settings.ImageFlavour.valueOf(set.toUpperCase(java.util.Locale.ROOT));
        if (source && flavour != Settings.ImageFlavour.OFFICIAL) {
            problems.add(new Problem(ODOO_IMAGE_FLAVOUR.fullName(), set,
                    "source mode builds an image with the official image's contract (user odoo, /var/lib/odoo), not " + set + "'s",
                    "pulumi config rm odooImageFlavour --stack " + stack));
        }
        return flavour;
    }

    private void crossCheckAddons(Settings.Odoo odoo, Optional<String> dockerHost) {
        Set<String> hostDirNames = new HashSet<>();
        odoo.addonsPaths().forEach(p -> hostDirNames.add(Path.of(p).getFileName().toString()));
        for (Settings.AddonRepository r : odoo.addonRepositories()) {
            if (hostDirNames.contains(r.dir())) {
                bad(ODOO_ADDON_REPOSITORIES, r.url() + " " + r.ref() + " " + r.dir(),
                        "'" + r.dir() + "' is also the name of a directory in odooAddonsPaths; both would mount at /mnt/addons/" + r.dir());
            }
        }
        if (!odoo.addonRepositories().isEmpty() && dockerHost.isPresent() && !dockerHost.get().startsWith("unix://")) {
            problems.add(new Problem(ODOO_ADDON_REPOSITORIES.fullName(), odoo.addonRepositories().size() + " repositories",
                    "they are checked out on the machine running Pulumi, but the containers run on " + dockerHost.get()
                            + " and would not see them",
                    "check them out on the Docker host and list the directories in odooAddonsPaths instead"));
        }
    }

    /** Odoo's supported Python per branch, as its own Dockerfiles and release notes pin it. */
    static String defaultPython(String branch) {
        if (branch.equals("17.0") || branch.startsWith("saas-17.")) {
            return "3.10";
        }
        if (branch.matches("(18|19)\\.0|saas-1[89]\\.[0-9]+")) {
            return "3.12";
        }
        return null;
    }

    private List<Settings.AddonRepository> addonRepositories() {
        List<Settings.AddonRepository> out = new ArrayList<>();
        Set<String> dirs = new HashSet<>();
        for (String line : list(ODOO_ADDON_REPOSITORIES)) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 3) {
                bad(ODOO_ADDON_REPOSITORIES, line, "must be three fields: 'url ref dir'");
                continue;
            }
            String url = f[0];
            String ref = f[1];
            String dir = f[2];
            if (url.matches("(?i)[a-z][a-z0-9+.-]*://[^/@]*@.*") && !url.matches("(?i)ssh://git@.*")) {
                // never shown back: the error would put the token in a terminal, a CI log, an issue
                badAt(ODOO_ADDON_REPOSITORIES, Math.max(0, itemsAsWritten(ODOO_ADDON_REPOSITORIES).indexOf(line)), withoutCredentials(url) + " " + ref + " " + dir,
                        "the URL carries a credential (shown here as ***); use SSH keys or a git credential helper (docs/images.md)");
            } else if (url.startsWith("-")) {
                bad(ODOO_ADDON_REPOSITORIES, line, "the URL must not start with '-'");
            } else if (!GIT_REF.matcher(ref).matches() || ref.startsWith("-")) {
                bad(ODOO_ADDON_REPOSITORIES, line, "'" + ref + "' is not a branch, tag or commit");
            } else if (!ADDON_DIR.matcher(dir).matches()) {
                bad(ODOO_ADDON_REPOSITORIES, line, "'" + dir + "' must be one directory name (letters, digits, '.', '_', '-')");
            } else if (!dirs.add(dir)) {
                bad(ODOO_ADDON_REPOSITORIES, line, "'" + dir + "' is used twice");
            } else {
                out.add(new Settings.AddonRepository(url, ref, dir));
            }
        }
        return out;
    }

    /** A URL with its user part (a user, a token, a password) replaced by ***. */
    static String withoutCredentials(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
    }

    /** The Docker provider's own key: where the Docker engine is (local socket when unset). */
    public static final String DOCKER_HOST = "docker:host";

    private Optional<String> dockerHost() {
        RawValue v = raw.get(DOCKER_HOST);
        if (v == null || v.text() == null || v.text().isBlank()) {
            return Optional.empty();
        }
        String host = v.text().strip();
        if (!host.matches("(unix|tcp|ssh|npipe)://\\S+")) {
            problems.add(new Problem(DOCKER_HOST, '"' + host + '"',
                    "must be a Docker host URL: ssh://user@server, tcp://server:2376 or unix:///var/run/docker.sock",
                    "pulumi config set docker:host ssh://deploy@server --stack " + stack));
        }
        return Optional.of(host);
    }

    private int odooMemoryMb(int hardLimitMb) {
        if (!raw.containsKey(ODOO_MEMORY_MB.fullName())) {
            return -1; // derived from workers and limits once those are known, see Settings.Odoo#containerMemoryMb
        }
        int mb = integer(ODOO_MEMORY_MB, 0, 1 << 20);
        if (mb != 0 && mb < hardLimitMb) {
            bad(ODOO_MEMORY_MB, String.valueOf(mb), "is below one worker's hard limit (odooLimitMemoryHardMb = "
                    + hardLimitMb + "); Docker would kill Odoo before Odoo recycles the worker");
            return 0;
        }
        return mb;
    }

    private Optional<Settings.Restore> restore(boolean production, Settings.VolumeMode volumes, Optional<String> dockerHost) {
        Optional<String> upstream = text(RESTORE_UPSTREAM).map(String::strip);
        if (upstream.isEmpty()) {
            notApplicable(RESTORE_KEYS, "is a restore setting, but restoreUpstream is not set, so no restore is declared",
                    k -> RESTORE_UPSTREAM.setCommand(stack, RESTORE_UPSTREAM.example()) + " (or pulumi config rm " + k.name() + ")");
            return Optional.empty();
        }
        String destination = upstream.get();
        if (production) {
            problems.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "this stack is marked production (production = true); a restore would overwrite its live data",
                    "pulumi config rm restoreUpstream --stack " + stack + " (restore into a non-production stack instead)"));
        }
        if (volumes == Settings.VolumeMode.NAMED) {
            problems.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "a restore swaps filestore directories on the host, which named volumes do not expose",
                    VOLUMES.setCommand(stack, "bind")));
        }
        if (dockerHost.isPresent() && !dockerHost.get().startsWith("unix://")) {
            problems.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "the restore writes the filestore on the machine running Pulumi, but this stack's Docker host is "
                            + dockerHost.get() + "; it would land on the wrong machine",
                    "run the restore on the Docker host itself (docs/restore.md, 'By hand'), or pulumi config rm restoreUpstream --stack " + stack));
        }
        if (destination.startsWith("-") || !SSH_DESTINATION.matcher(destination).matches()) {
            bad(RESTORE_UPSTREAM, destination, "must be an SSH destination: host or user@host");
        }
        String sshDir = required(RESTORE_SSH_DIR);
        if (sshDir != null && pathProblem(sshDir) != null) {
            bad(RESTORE_SSH_DIR, sshDir, pathProblem(sshDir));
        }
        String db = required(RESTORE_UPSTREAM_DB);
        if (db != null && !DB_NAME.matcher(db).matches()) {
            bad(RESTORE_UPSTREAM_DB, db, "must be 1 to 63 letters, digits, '_' or '-', starting with a letter or digit");
        }
        String filestore = required(RESTORE_UPSTREAM_FILESTORE);
        if (filestore != null && pathProblem(filestore) != null) {
            bad(RESTORE_UPSTREAM_FILESTORE, filestore, pathProblem(filestore));
        }
        String pgDump = string(RESTORE_PG_DUMP);
        if (pgDump.isEmpty() || pgDump.contains("\n")) {
            bad(RESTORE_PG_DUMP, pgDump, "must be a one-line command");
        }
        String cacheDir = text(RESTORE_CACHE_DIR).map(String::strip).orElse(null);
        if (cacheDir != null && pathProblem(cacheDir) != null) {
            bad(RESTORE_CACHE_DIR, cacheDir, pathProblem(cacheDir));
        }
        return Optional.of(new Settings.Restore(destination, integer(RESTORE_SSH_PORT, 1, 65535), sshDir, db,
                filestore, pgDump, integer(RESTORE_JOBS, 0, 64), integer(RESTORE_GENERATION, 1, 1_000_000),
                bool(RESTORE_ON_FIRST_UP), cacheDir));
    }

    private static final List<ConfigKey> BACKUP_KEYS = List.of(BACKUP_REPOSITORY, BACKUP_INTERVAL, BACKUP_KEEP_HOURLY,
            BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY, BACKUP_KEEP_MONTHLY, BACKUP_SSH_DIR, BACKUP_PASSWORD,
            BACKUP_S3_ACCESS_KEY_ID, BACKUP_S3_SECRET_ACCESS_KEY);
    private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
    private static final Pattern SFTP_REPOSITORY = Pattern.compile("sftp:([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+(:[0-9]{1,5})?:/[^\\s,]*");
    private static final Pattern S3_REPOSITORY = Pattern.compile("s3:https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9._-]+(/[^\\s,]*)?");

    /** Backups: on by default for production, where losing the data is losing the books. */
    private Optional<Settings.Backup> backup(boolean production, String stateRoot) {
        boolean on = text(BACKUP).isPresent() ? boolOr(BACKUP, production) : production;
        if (!on) {
            notApplicable(BACKUP_KEYS, "is a backup setting, but backups are off for this stack (backup = false"
                            + (text(BACKUP).isPresent() ? "" : ", the default of a non-production stack") + ")",
                    k -> BACKUP.setCommand(stack, "true") + " (or pulumi config rm " + k.name() + " --stack " + stack + ")");
            return Optional.empty();
        }
        String repository = text(BACKUP_REPOSITORY).map(String::strip).orElse(null);
        Settings.RepositoryKind kind = Settings.RepositoryKind.LOCAL;
        if (repository == null || repository.isEmpty()) {
            problems.add(new Problem(BACKUP_REPOSITORY.fullName(), "(not set)",
                    "this stack is backed up (" + (production && text(BACKUP).isEmpty() ? "production stacks are, by default" : "backup = true")
                            + ") but has nowhere to put the backups",
                    BACKUP_REPOSITORY.setCommand(stack, "/srv/backups/" + stack) + " (or sftp:user@host:/path, s3:https://host/bucket/path; docs/backups.md)"));
        } else if (repository.startsWith("sftp:")) {
            kind = Settings.RepositoryKind.SFTP;
            if (!SFTP_REPOSITORY.matcher(repository).matches()) {
                bad(BACKUP_REPOSITORY, repository, "is not an SFTP repository of the form sftp:user@host:/absolute/path");
            }
        } else if (repository.startsWith("s3:")) {
            kind = Settings.RepositoryKind.S3;
            if (!S3_REPOSITORY.matcher(repository).matches()) {
                bad(BACKUP_REPOSITORY, repository, "is not an S3 repository of the form s3:https://host/bucket/path");
            }
        } else if (pathProblem(repository) != null) {
            bad(BACKUP_REPOSITORY, repository, pathProblem(repository) + ", or sftp:user@host:/path, or s3:https://host/bucket/path");
        } else if ((repository + "/").startsWith(stateRoot + "/" + stack + "/")) {
            bad(BACKUP_REPOSITORY, repository, "is inside this stack's state directory " + stateRoot + "/" + stack
                    + ", which holds the very data it must survive");
        }
        int interval = interval();
        String sshDir = text(BACKUP_SSH_DIR).map(String::strip).orElse(null);
        if (kind == Settings.RepositoryKind.SFTP && sshDir == null) {
            problems.add(new Problem(BACKUP_SSH_DIR.fullName(), "(not set)", "an SFTP repository needs a key and known_hosts",
                    BACKUP_SSH_DIR.setCommand(stack, BACKUP_SSH_DIR.example())));
        } else if (kind != Settings.RepositoryKind.SFTP && sshDir != null) {
            problems.add(new Problem(BACKUP_SSH_DIR.fullName(), '"' + sshDir + '"', "only an sftp: repository uses it",
                    "pulumi config rm backupSshDir --stack " + stack));
        } else if (sshDir != null && pathProblem(sshDir) != null) {
            bad(BACKUP_SSH_DIR, sshDir, pathProblem(sshDir));
        }
        Optional<Secret> keyId = Optional.empty();
        Optional<Secret> secretKey = Optional.empty();
        for (ConfigKey k : List.of(BACKUP_S3_ACCESS_KEY_ID, BACKUP_S3_SECRET_ACCESS_KEY)) {
            boolean set = raw.containsKey(k.fullName());
            if (kind == Settings.RepositoryKind.S3 && !set && secrets == SecretPolicy.REQUIRE) {
                problems.add(new Problem(k.fullName(), "(not set)", "an s3: repository needs it",
                        "pulumi config set --secret " + k.name() + " --stack " + stack + " (it asks for the value)"));
            } else if (kind != Settings.RepositoryKind.S3 && set) {
                problems.add(new Problem(k.fullName(), "[secret]", "only an s3: repository uses it",
                        "pulumi config rm " + k.name() + " --stack " + stack));
            }
        }
        if (kind == Settings.RepositoryKind.S3) {
            keyId = Optional.of(secret(BACKUP_S3_ACCESS_KEY_ID));
            secretKey = Optional.of(secret(BACKUP_S3_SECRET_ACCESS_KEY));
        }
        return Optional.of(new Settings.Backup(repository, kind, interval, integer(BACKUP_KEEP_HOURLY, 0, 1000),
                integer(BACKUP_KEEP_DAILY, 0, 1000), integer(BACKUP_KEEP_WEEKLY, 0, 1000),
                integer(BACKUP_KEEP_MONTHLY, 0, 1000), sshDir, secret(BACKUP_PASSWORD), keyId, secretKey));
    }

    private int interval() {
        String v = string(BACKUP_INTERVAL);
        var m = INTERVAL.matcher(v);
        if (m.matches()) {
            long seconds = Long.parseLong(m.group(1)) * switch (m.group(2)) {
                case "m" -> 60L;
                case "h" -> 3600L;
                default -> 86_400L;
            };
            if (seconds >= 15 * 60 && seconds <= 7 * 86_400) {
                return (int) seconds;
            }
        }
        bad(BACKUP_INTERVAL, v, "must be a duration from 15m to 7d, written <n>m, <n>h or <n>d");
        return 86_400;
    }

    private String required(ConfigKey key) {
        Optional<String> v = text(key).map(String::strip);
        if (v.isEmpty() || v.get().isEmpty()) {
            problems.add(new Problem(key.fullName(), "(not set)", "a restore needs it (restoreUpstream is set)",
                    key.setCommand(stack, key.example())));
            return null;
        }
        return v.get();
    }

    /** Levenshtein distance, for the did-you-mean of an unknown key. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
