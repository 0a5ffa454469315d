package dev.odoostack.cutover;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cutover <stack> check}: may a cutover start? Each check is a decision over facts the command gathered
 * (docs/cutover.md); nothing here runs anything, so every decision is tested on its own.
 */
public final class Preflight {
    private static final Pattern SERIES = Pattern.compile("^((?:saas~)?\\d+\\.\\d+)(?:\\..*)?$");

    private Preflight() {
    }

    /** One check's verdict: its line says what was found, and for a refusal the fix. */
    public record Check(String name, boolean ok, String text) {
        public String line() {
            return String.format(Locale.ROOT, "check %-9s %s", name, (ok ? "ok: " : "refused: ") + text);
        }
    }

    /**
     * The target stack.
     *
     * @param containers    how many containers it declares
     * @param unsettled     those neither ready nor done, as the health wait judges them ("opw-odoo running (unhealthy)")
     * @param postgresMajor the running server's major version
     * @param odooSeries    the series its Odoo image runs (outputs' odooVersion), when known
     * @param runSeries     the command that runs the stack on another series (the key its image or build names it with)
     */
    public record Target(String stack, boolean production, int containers, List<String> unsettled, int postgresMajor,
                         Optional<String> odooSeries, UnaryOperator<String> runSeries, Space space) {
    }

    /**
     * Free bytes where the target's database and filestore live.
     *
     * @param shared both on one file system: the free space counts once
     */
    public record Space(long postgresFree, String postgresPath, long filestoreFree, String filestorePath, boolean shared) {
    }

    /** The backups: configured at all, and the last drill's record ("EPOCH ok ..." or "EPOCH failed: why"), if any. */
    public record Backups(boolean configured, Optional<String> lastDrill, long now) {
    }

    /**
     * What the legacy host answered, read only; {@code unreachable} says why it did not (then nothing else is known).
     *
     * @param baseVersion {@code ir_module_module}'s version of {@code base}, or null when it could not be read
     */
    public record Legacy(String destination, String db, String unreachable, String role, int versionNum,
                         boolean readAllData, boolean readAllStats, String baseVersion, long dbBytes, long filestoreBytes) {
        public static Legacy unreachable(String destination, String db, String why) {
            return new Legacy(destination, db, why, null, 0, false, false, null, 0, 0);
        }

        boolean answered() {
            return unreachable == null;
        }

        /** server_version_num: 150004 is 15; 90624 (9.6) counts as 9, older than any server the stack runs. */
        int major() {
            return versionNum / 10_000;
        }
    }

    /** Every check, in the order the issue lists them, then nothing else. */
    public static List<Check> all(Target target, Backups backups, Legacy legacy, String fixAccess) {
        List<Check> checks = new ArrayList<>();
        checks.add(target(target));
        checks.add(backups(target.stack(), backups));
        checks.add(legacy(target.stack(), legacy, fixAccess));
        checks.add(postgres(target, legacy));
        checks.add(series(target, legacy));
        checks.add(room(target, legacy));
        return checks;
    }

    static Check target(Target t) {
        if (!t.production()) {
            return refused("target", t.stack() + " is not marked production; a cutover makes it the production stack: "
                    + "pulumi config set production true --stack " + t.stack() + " && bin/odoo-stack up " + t.stack());
        }
        if (t.containers() == 0 || !t.unsettled().isEmpty()) {
            return refused("target", t.stack() + " is not up and healthy (" + (t.unsettled().isEmpty() ? "no container" : String.join(", ", t.unsettled()))
                    + "): bin/odoo-stack up " + t.stack() + ", then bin/odoo-stack status " + t.stack());
        }
        return ok("target", t.stack() + " is production, " + t.containers() + " containers up and healthy");
    }

    static Check backups(String stack, Backups b) {
        String drill = "bin/odoo-stack backup " + stack + " --drill";
        if (!b.configured()) {
            return refused("backups", stack + " has no backups; a production stack needs them before it holds production's data: "
                    + "pulumi config set backup true --stack " + stack + " and a backupRepository (docs/backups.md)");
        }
        if (b.lastDrill().isEmpty()) {
            return refused("backups", "no restore drill has run on " + stack + " yet: bin/odoo-stack backup " + stack + ", then " + drill);
        }
        String[] record = b.lastDrill().get().strip().split(" ", 3);
        long at = parseLong(record[0]);
        String result = record.length > 1 ? record[1] : "";
        if (at < 0 || !(result.equals("ok") || result.equals("failed:"))) {
            return refused("backups", "the last drill's record cannot be read (\"" + b.lastDrill().get().strip() + "\"): " + drill);
        }
        String ago = hoursAgo(b.now() - at);
        if (result.equals("failed:")) {
            return refused("backups", "the last restore drill, " + ago + ", failed: " + (record.length > 2 ? record[2] : "")
                    + "; fix the backups (docs/backups.md), then " + drill);
        }
        return ok("backups", "configured, last restore drill passed " + ago);
    }

    static Check legacy(String stack, Legacy l, String fixAccess) {
        if (!l.answered()) {
            return refused("legacy", l.destination() + " or its database " + l.db() + " does not answer: " + l.unreachable()
                    + "; check the cutover* settings and the grants (docs/cutover.md), then try by hand: " + fixAccess);
        }
        List<String> missing = new ArrayList<>();
        if (!l.readAllData()) {
            missing.add("pg_read_all_data");
        }
        if (!l.readAllStats()) {
            missing.add("pg_read_all_stats");
        }
        if (!missing.isEmpty()) {
            return refused("legacy", "role " + l.role() + " on " + l.destination() + " lacks " + String.join(" and ", missing)
                    + ": on the legacy host, sudo -u postgres psql -c 'GRANT " + String.join(", ", missing) + " TO " + l.role()
                    + "' (or a sudo rule for psql as postgres: docs/cutover.md)");
        }
        return ok("legacy", l.destination() + " answers; database " + l.db() + " readable as " + l.role()
                + " (PostgreSQL " + l.major() + ")");
    }

    static Check postgres(Target t, Legacy l) {
        if (!l.answered()) {
            return unknown("postgres");
        }
        if (l.major() > t.postgresMajor()) {
            return refused("postgres", "the legacy PostgreSQL " + l.major() + " is newer than the target's " + t.postgresMajor()
                    + ", and a dump does not load into an older server: pulumi config set postgresVersion " + l.major()
                    + " --stack " + t.stack() + " while the stack holds no data yet (docs/operations.md)");
        }
        return ok("postgres", "legacy " + l.major() + ", target " + t.postgresMajor());
    }

    static Check series(Target t, Legacy l) {
        if (!l.answered()) {
            return unknown("series");
        }
        Optional<String> legacy = series(l.baseVersion());
        if (legacy.isEmpty()) {
            return refused("series", "the Odoo series of " + l.db() + " cannot be read from ir_module_module ("
                    + (l.baseVersion() == null ? "no version of base" : "base " + l.baseVersion())
                    + "); cutoverUpstreamDb must name the Odoo database: pulumi config set cutoverUpstreamDb <db> --stack " + t.stack());
        }
        if (t.odooSeries().isEmpty()) {
            return refused("series", "the Odoo series of " + t.stack() + "'s image is not known: pulumi config set odooSeries "
                    + legacy.get() + " --stack " + t.stack() + " if the image runs " + legacy.get());
        }
        if (!legacy.get().equals(t.odooSeries().get())) {
            return refused("series", l.db() + " is Odoo " + legacy.get() + ", " + t.stack() + "'s image runs " + t.odooSeries().get()
                    + "; a cutover copies like for like, and an upgrade is a separate step (docs/operations.md, odooUpgradedFrom):"
                    + " cut over onto an image of " + legacy.get() + " (" + t.runSeries().apply(legacy.get()) + "), then upgrade");
        }
        return ok("series", "Odoo " + legacy.get() + " on both");
    }

    static Check room(Target t, Legacy l) {
        if (!l.answered()) {
            return unknown("room");
        }
        Space s = t.space();
        long db = l.dbBytes();
        long files = l.filestoreBytes();
        String needs = "the database twice (" + size(2 * db) + ") and the filestore once (" + size(files) + ")";
        if (s.shared()) {
            if (2 * db + files > s.postgresFree()) {
                return refused("room", "the target needs " + size(2 * db + files) + " for " + needs + ", and "
                        + s.postgresPath() + " has " + size(s.postgresFree()) + " free: free or add space there (df -h on the Docker host)");
            }
            return ok("room", size(2 * db + files) + " needed for " + needs + ", " + size(s.postgresFree()) + " free");
        }
        if (2 * db > s.postgresFree()) {
            return refused("room", "the target's database needs " + size(2 * db) + " (twice " + size(db) + "), and "
                    + s.postgresPath() + " has " + size(s.postgresFree()) + " free: free or add space there (df -h on the Docker host)");
        }
        if (files > s.filestoreFree()) {
            return refused("room", "the filestore needs " + size(files) + ", and " + s.filestorePath() + " has "
                    + size(s.filestoreFree()) + " free: free or add space there (df -h on the Docker host)");
        }
        return ok("room", size(2 * db) + " for the database twice, " + size(s.postgresFree()) + " free; "
                + size(files) + " for the filestore, " + size(s.filestoreFree()) + " free");
    }

    /**
     * The freeze window the last rehearsal measured (the freeze proof, then the copy, its verification and Odoo's
     * start: what the final copy runs while the business is offline), or that there is none yet to go by.
     */
    public static String freezeWindow(String stack, Optional<Rehearsal.Record> rehearsal) {
        return rehearsal.map(r -> String.format(Locale.ROOT, "freeze window: about %.0f s (%s), as the rehearsal of %s measured%s",
                        r.freezeWindowSeconds(), Rehearsal.window(r), r.time(),
                        r.verified() ? "" : "; its verification failed: bin/odoo-stack cutover " + stack + " rehearse again"))
                .orElse("freeze window: not known, no rehearsal of " + stack + " is recorded yet: bin/odoo-stack cutover " + stack + " rehearse");
    }

    /** The series of an Odoo module version: 16.0 of 16.0.1.3, saas~17.2 of saas~17.2.1.0. */
    static Optional<String> series(String moduleVersion) {
        if (moduleVersion == null) {
            return Optional.empty();
        }
        Matcher m = SERIES.matcher(moduleVersion.strip());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Bytes as people read them: 512 B, 3.2 MiB, 1.5 GiB. */
    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String hoursAgo(long seconds) {
        return Math.max(0, seconds / 3600) + " hours ago";
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Check ok(String name, String text) {
        return new Check(name, true, text);
    }

    private static Check refused(String name, String text) {
        return new Check(name, false, text);
    }

    private static Check unknown(String name) {
        return refused(name, "cannot tell: the legacy host did not answer (above)");
    }
}
