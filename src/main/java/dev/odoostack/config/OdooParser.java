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
        int memory = memoryMb(limits, workers, crons);
        beyondAnyHost(limits, workers, crons);
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
                builds.upgradedFrom(), builds.flavour(build, image), builds.series(build, image));
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

    /** 1 TiB in MiB: more memory than any one host of this project's kind has. */
    static final long BEYOND_ANY_HOST_MB = 1L << 20;

    private int memoryMb(Limits limits, int workers, int crons) {
        if (!in.has(ODOO_MEMORY_MB)) {
            return -1; // derived from workers and limits once those are known
        }
        int mb = in.integer(ODOO_MEMORY_MB, 0, 1 << 20);
        long processes = workers + crons + 1L;
        long needed = Math.max(limits.hard(), processes * limits.soft());
        if (mb != 0 && needed <= BEYOND_ANY_HOST_MB && mb < needed) {
            in.bad(ODOO_MEMORY_MB, String.valueOf(mb), mb < limits.hard()
                    ? "is below one worker's hard limit (odooLimitMemoryHardMb = " + limits.hard()
                    + "); Docker would kill Odoo before Odoo recycles the worker"
                    : "is below what the workers may use before Odoo recycles them: (odooWorkers " + workers
                    + " + odooMaxCronThreads " + crons + " + 1) x odooLimitMemorySoftMb " + limits.soft() + " = "
                    + needed + " MiB; Docker would kill every worker at once first",
                    String.valueOf(needed), "or fewer odooWorkers, or a lower odooLimitMemorySoftMb");
            return 0;
        }
        return mb;
    }

    /** Workers times the per-worker hard limit: what Odoo's own limits let the container use. */
    private void beyondAnyHost(Limits limits, int workers, int crons) {
        long processes = workers + crons + 1L;
        long most = processes * limits.hard();
        if (most <= BEYOND_ANY_HOST_MB || in.problemsFor(ODOO_LIMIT_MEMORY_HARD) > 0 || in.problemsFor(ODOO_LIMIT_MEMORY_SOFT) > 0) {
            return;
        }
        int hard = (int) (BEYOND_ANY_HOST_MB / processes / 256 * 256);
        String fix = ODOO_LIMIT_MEMORY_HARD.setCommand(in.stack, String.valueOf(hard));
        if (limits.soft() > hard) {
            fix = ODOO_LIMIT_MEMORY_SOFT.setCommand(in.stack, String.valueOf(hard * 4 / 5)) + " && " + fix;
        }
        in.add(new Problem(ODOO_LIMIT_MEMORY_HARD.fullName(), '"' + String.valueOf(limits.hard()) + '"',
                "with odooWorkers " + workers + " and odooMaxCronThreads " + crons + ", Odoo's own limits let it use ("
                        + workers + " + " + crons + " + 1) x " + limits.hard() + " MiB = " + most
                        + " MiB, more than 1 TiB: no host has that, so the limit limits nothing",
                fix + " (or fewer odooWorkers)"));
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
                String fix = ValueChecks.hostFix(d, in.stack);
                fix = seen.contains(fix) ? "www." + fix : fix;
                in.bad(key, d, why, fix, ValueChecks.hostFixNote(d, fix));
            } else if (!seen.add(d)) {
                in.bad(key, d, repeated);
            }
        }
        return hosts;
    }

    private String dbName() {
        boolean derived = in.text(ODOO_DB_NAME).isEmpty();
        if (derived && in.problemsFor("stack") > 0) {
            // the default is the stack name, already refused: its fix (a new name) fixes this too
            return in.stack;
        }
        String s = in.text(ODOO_DB_NAME).map(String::strip).orElse(in.stack);
        if (!ValueChecks.DB_NAME.matcher(s).matches()) {
            in.bad(ODOO_DB_NAME, s, ValueChecks.DB_NAME_RULE, dbNameFix(s, in.stack), null);
        } else if (RESERVED_DB_NAMES.contains(s.toLowerCase(Locale.ROOT))) {
            in.bad(ODOO_DB_NAME, s, "is a PostgreSQL system database", in.stack.equals(s) ? in.stack + "_odoo" : in.stack, null);
        }
        return s;
    }

    /** The nearest valid database name: other characters as '_', cut to 63; else the stack's name. */
    static String dbNameFix(String s, String stack) {
        String fix = s.replaceAll("[^A-Za-z0-9_-]", "_").replaceFirst("^[_-]+", "");
        fix = fix.substring(0, Math.min(63, fix.length()));
        return ValueChecks.DB_NAME.matcher(fix).matches() && !RESERVED_DB_NAMES.contains(fix.toLowerCase(Locale.ROOT))
                ? fix : stack.replace('-', '_');
    }
}
