package dev.odoostack.config;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static dev.odoostack.config.ConfigKeys.*;

/** The Odoo group: the image (with {@link OdooBuildParser} and {@link AddonsParser}), host names, database, workers and limits. */
final class OdooParser {
    private static final Set<String> RESERVED_DB_NAMES = Set.of("postgres", "template0", "template1");

    private final RawSettings in;

    OdooParser(RawSettings in) {
        this.in = in;
    }

    /** Odoo's per-worker limits, each checked against its partner. */
    private record Limits(int soft, int hard, int cpu, int real) {
    }

    Settings.Odoo parse() {
        Limits limits = limits();
        List<String> domains = domains();
        int workers = in.integer(ODOO_WORKERS, 0, 64);
        int crons = in.integer(ODOO_MAX_CRON_THREADS, 0, 16);
        int memory = memoryMb(limits.hard());
        OdooBuildParser builds = new OdooBuildParser(in);
        Optional<Settings.Build> build = builds.build();
        String image = build.isPresent() ? "odoo-stack/" + in.stack + "-odoo" : in.image(ODOO_IMAGE);
        AddonsParser addons = new AddonsParser(in);
        return new Settings.Odoo(
                image,
                domains,
                redirectDomains(domains),
                in.integer(ODOO_REPLICAS, 1, 16),
                dbName(),
                workers,
                crons,
                limits.soft(), limits.hard(), limits.cpu(), limits.real(),
                in.integer(ODOO_LIMIT_REQUEST, 1, 10_000_000),
                addons.paths(),
                in.mode(ODOO_LOG_LEVEL, Settings.LogLevel.class),
                in.bool(ODOO_LOG_TO_FILE),
                // unset: the most Odoo's own per-worker limits let it use, so Docker only stops a runaway
                memory >= 0 ? memory : (workers + crons + 1) * limits.hard(),
                in.integer(ODOO_CPU_SHARES, 2, 262_144),
                in.secret(ODOO_ADMIN_PASSWORD),
                build,
                addons.repositories(),
                builds.upgradedFrom(), builds.flavour(build, image));
    }

    /** Checked only: no container reads it, bin/odoo-stack init sets it on the database's admin user. */
    void adminLoginPassword() {
        if (in.has(ODOO_ADMIN_LOGIN_PASSWORD)) {
            in.secret(ODOO_ADMIN_LOGIN_PASSWORD);
        }
    }

    private Limits limits() {
        int soft = in.integer(ODOO_LIMIT_MEMORY_SOFT, 64, 1 << 20);
        int hard = in.integer(ODOO_LIMIT_MEMORY_HARD, 64, 1 << 20);
        if (hard < soft) {
            in.add(new Problem(ODOO_LIMIT_MEMORY_HARD.fullName(), String.valueOf(hard),
                    "the hard memory limit is below the soft one (" + soft + " MiB), so workers would be killed before they are recycled",
                    ODOO_LIMIT_MEMORY_HARD.setCommand(in.stack, String.valueOf(soft + soft / 4))));
        }
        int cpu = in.integer(ODOO_LIMIT_TIME_CPU, 1, 86_400);
        int real = in.integer(ODOO_LIMIT_TIME_REAL, 1, 86_400);
        if (real < cpu) {
            in.add(new Problem(ODOO_LIMIT_TIME_REAL.fullName(), String.valueOf(real),
                    "the wall-clock limit is below the CPU limit (" + cpu + " s); a request can never use its CPU time",
                    ODOO_LIMIT_TIME_REAL.setCommand(in.stack, String.valueOf(cpu * 2))));
        }
        return new Limits(soft, hard, cpu, real);
    }

    private int memoryMb(int hardLimitMb) {
        if (!in.has(ODOO_MEMORY_MB)) {
            return -1; // derived from workers and limits once those are known
        }
        int mb = in.integer(ODOO_MEMORY_MB, 0, 1 << 20);
        if (mb != 0 && mb < hardLimitMb) {
            in.bad(ODOO_MEMORY_MB, String.valueOf(mb), "is below one worker's hard limit (odooLimitMemoryHardMb = "
                    + hardLimitMb + "); Docker would kill Odoo before Odoo recycles the worker");
            return 0;
        }
        return mb;
    }

    private List<String> domains() {
        if (!in.has(ODOO_DOMAINS)) {
            return List.of(in.stack + ".localhost");
        }
        List<String> domains = in.list(ODOO_DOMAINS);
        if (domains.isEmpty() && in.problemsFor(ODOO_DOMAINS) == 0) {
            in.bad(ODOO_DOMAINS, "[]", "needs at least one host name");
        }
        return hosts(ODOO_DOMAINS, domains, Set.of(), "is listed twice");
    }

    private List<String> redirectDomains(List<String> domains) {
        return hosts(ODOO_REDIRECT_DOMAINS, in.list(ODOO_REDIRECT_DOMAINS), Set.copyOf(domains),
                "is already served (odooDomains) or listed twice; a name either serves or redirects");
    }

    /** Checks each host name of a list, and that none repeats one already taken. */
    private List<String> hosts(ConfigKey key, List<String> hosts, Set<String> taken, String repeated) {
        Set<String> seen = new HashSet<>(taken);
        for (String d : hosts) {
            String why = ValueChecks.hostProblem(d);
            if (why != null) {
                in.bad(key, d, why);
            } else if (!seen.add(d)) {
                in.bad(key, d, repeated);
            }
        }
        return hosts;
    }

    private String dbName() {
        String s = in.text(ODOO_DB_NAME).map(String::strip).orElse(in.stack);
        if (!ValueChecks.DB_NAME.matcher(s).matches()) {
            in.bad(ODOO_DB_NAME, s, ValueChecks.DB_NAME_RULE);
        } else if (RESERVED_DB_NAMES.contains(s.toLowerCase(Locale.ROOT))) {
            in.bad(ODOO_DB_NAME, s, "is a PostgreSQL system database");
        }
        return s;
    }
}
