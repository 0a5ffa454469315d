package dev.odoostack.cutover;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The proof that Odoo has stopped writing to the legacy database (docs/cutover.md, {@code freeze}): samples of
 * {@link #SQL}, taken {@link #EVERY} apart, in; a verdict out: wait for the next sample, proven, or refused in one
 * line that names the clients and the fix. The tool's own sessions (application_name {@link DatabaseFacts#APPLICATION_NAME})
 * never count.
 *
 * <p>It refuses when, in any sample: the server counts no writes ({@code track_counts} off, so a still counter would
 * prove nothing); a session of Odoo's role is connected; a session holds an uncommitted write ({@code backend_xid},
 * which the counters show only once it commits); or the write counter differs from the first sample's. It is proven
 * once the samples span {@link #SPAN} with none of that.
 *
 * <p>Odoo's roles: the owner of the legacy database and the owner of {@code ir_module_module}. Odoo creates its
 * database, and installs its modules, as the role it logs in with; a database restored by another role still has
 * Odoo's tables owned by Odoo's role. No setting names them: a role that owns neither and connects anyway is not
 * refused for connecting, but its writes are.
 *
 * <p>The write counter is {@code tup_inserted + tup_updated + tup_deleted} of {@code pg_stat_database} less the same
 * counts of the database's own system catalogs ({@code pg_stat_sys_tables}, shared ones left out: those count what
 * every database of the server does to roles and databases): an autovacuum's ANALYZE rewrites {@code pg_statistic}
 * rows and moves the database's counts, but no row of Odoo's; the copy needs only Odoo's rows to stay. The tool's own
 * reads move neither ({@code xact_commit} does move with them, so it is not used).
 *
 * <p>Why {@link #LATE_COUNTS}: since PostgreSQL 15 a backend adds its counts to shared memory when it goes idle after
 * a commit, but at most once a second (PGSTAT_MIN_INTERVAL); when it committed sooner than that after its last flush,
 * it flushes on an idle timeout of PGSTAT_IDLE_INTERVAL, 10 s (src/backend/utils/activity/pgstat.c,
 * pgstat_report_stat; a backend that exits flushes at once). So a write committed near the end of the settle time
 * may show up to 10 s later: the counter must stay still for 11 s more. {@code pg_stat_force_next_flush()} is no way
 * out: it flushes only the calling backend's own counts, and the tool's session has none. What stays unseen: a session
 * of another role that runs one statement for the whole time and commits inside it (a procedure that loops), whose
 * counts land only when the statement ends; Odoo's own sessions are refused whatever they do.
 */
public final class FreezeProof {
    /** How long the writes must stay still, at least (issue 28: 10 s or more). */
    public static final Duration SETTLE = Duration.ofSeconds(10);
    /** PGSTAT_IDLE_INTERVAL and a second: counts of a write near the end of {@link #SETTLE} have landed by then. */
    public static final Duration LATE_COUNTS = Duration.ofSeconds(11);
    /** The time the samples must span for a proof. */
    public static final Duration SPAN = SETTLE.plus(LATE_COUNTS);
    /** Between two samples: a writer is named while it is still connected, and refused without waiting for the rest. */
    public static final Duration EVERY = Duration.ofSeconds(1);

    /**
     * One sample, as lines "at EPOCH", "counting on|off", "writes N", "odoo ROLE" (each of Odoo's roles), and a
     * "session PID\tROLE\tADDRESS\tSTATE\tWRITING\tSTATE_CHANGE\tAPPLICATION" per client session of the database.
     * Each statement is a transaction of its own, so each reads the counters anew (stats_fetch_consistency caches
     * them for a transaction).
     */
    public static final String SQL = DatabaseFacts.SESSION + """
            SELECT 'at ' || extract(epoch FROM clock_timestamp());
            SELECT 'counting ' || current_setting('track_counts');
            SELECT 'writes ' || ((SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database())
                - (SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_sys_tables t JOIN pg_class c ON c.oid = t.relid
                    WHERE NOT c.relisshared));
            SELECT 'odoo ' || pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database();
            SELECT 'odoo ' || pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass('public.ir_module_module');
            SELECT 'session ' || concat_ws(chr(9), pid, coalesce(usename, ''), coalesce(host(client_addr), ''), coalesce(state, ''),
                     (backend_xid IS NOT NULL)::text, coalesce(extract(epoch FROM state_change)::text, ''), coalesce(application_name, ''))
              FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' ORDER BY pid;
            """;

    private FreezeProof() {
    }

    /** A client session of the legacy database; {@code address} is empty for the local socket. */
    public record Session(int pid, String role, String address, String state, boolean writing, Instant stateChange,
                          String application) {
        boolean own() {
            return application.equals(DatabaseFacts.APPLICATION_NAME);
        }

        /** Busy now, or did something since {@code since}. */
        boolean activeSince(Instant since) {
            return !state.equals("idle") || (stateChange != null && !stateChange.isBefore(since));
        }

        /** "127.0.0.1 (role odoo, application odoo-4711, pid 812)". */
        String name() {
            return (address.isEmpty() ? "the local socket" : address) + " (role " + role
                    + (application.isEmpty() ? "" : ", application " + application) + ", pid " + pid + ")";
        }
    }

    /** One sample: the server's clock, whether it counts, the write counter, Odoo's roles, the other sessions. */
    public record Sample(Instant at, boolean counting, long writes, Set<String> odooRoles, List<Session> sessions) {
        /** {@link #SQL}'s answer (psql -At); a line it does not write is an error, not something to skip. */
        public static Sample parse(String psqlOutput) {
            Instant at = null;
            Boolean counting = null;
            Long writes = null;
            Set<String> roles = new TreeSet<>();
            List<Session> sessions = new ArrayList<>();
            for (String line : psqlOutput.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(" ", 2);
                String value = f.length == 2 ? f[1] : "";
                switch (f[0]) {
                    case "at" -> at = instant(value, line);
                    case "counting" -> counting = value.equals("on");
                    case "writes" -> writes = number(value, line);
                    case "odoo" -> roles.add(value);
                    case "session" -> sessions.add(session(value, line));
                    default -> throw new IllegalArgumentException("not a line of the freeze proof's query: " + line);
                }
            }
            if (at == null || counting == null || writes == null) {
                throw new IllegalArgumentException("the freeze proof's query answered no clock, track_counts or write counter");
            }
            return new Sample(at, counting, writes, roles, sessions);
        }

        private static Session session(String value, String line) {
            String[] f = value.split("\t", 7);
            if (f.length < 7) {
                throw new IllegalArgumentException("not a line of the freeze proof's query: " + line);
            }
            return new Session((int) number(f[0], line), f[1], f[2], f[3], f[4].equals("true"),
                    f[5].isEmpty() ? null : instant(f[5], line), f[6]);
        }

        private static Instant instant(String epoch, String line) {
            try {
                BigDecimal micros = new BigDecimal(epoch.strip()).movePointRight(6);
                return Instant.EPOCH.plus(Duration.ofNanos(micros.longValueExact() * 1000));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("not a line of the freeze proof's query: " + line, e);
            }
        }

        private static long number(String s, String line) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a line of the freeze proof's query: " + line, e);
            }
        }

        /** The sessions that are not the tool's own. */
        List<Session> others() {
            return sessions.stream().filter(s -> !s.own()).toList();
        }

        List<Session> odoos() {
            return others().stream().filter(s -> odooRoles.contains(s.role())).toList();
        }
    }

    /**
     * What the proof is about, for its lines: the database, the legacy host, and the command that runs the proof
     * again (the fix of every refusal).
     */
    public record Subject(String db, String host, String again) {
        String refused(String why, String fix) {
            return "freeze of " + db + " on " + host + " not proven: " + why + "; " + fix + ", then run " + again + " again";
        }
    }

    public enum State { WAITING, PROVEN, REFUSED }

    /** {@code line}: the refusal, or the proof's summary; empty while waiting for more samples. */
    public record Verdict(State state, String line) {
    }

    private static final String STOP_ODOO = "stop Odoo on the legacy host (sudo systemctl stop odoo)";
    private static final String STOP_WRITERS = "stop what writes there (Odoo: sudo systemctl stop odoo on the legacy host)";

    /** The verdict over the samples so far, the first one taken first. */
    public static Verdict judge(Subject subject, List<Sample> samples) {
        if (samples.isEmpty()) {
            return new Verdict(State.WAITING, "");
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (!s.counting()) {
                return refused(subject.refused("the legacy server counts no writes (track_counts is off), so a still counter proves nothing",
                        "set track_counts = on in its postgresql.conf and reload it (SELECT pg_reload_conf())"));
            }
            List<Session> odoo = s.odoos();
            if (!odoo.isEmpty()) {
                return refused(subject.refused(odoo.size() + " session" + (odoo.size() == 1 ? " of Odoo's " + roles(s) + " is"
                        : "s of Odoo's " + roles(s) + " are") + " still connected to " + subject.db() + ": " + names(odoo), STOP_ODOO));
            }
            List<Session> writing = s.others().stream().filter(Session::writing).toList();
            if (!writing.isEmpty()) {
                return refused(subject.refused(names(writing) + (writing.size() == 1 ? " holds" : " hold")
                        + " an uncommitted write on " + subject.db(), STOP_WRITERS));
            }
            if (s.writes() != first.writes()) {
                List<Session> active = activeSince(samples.subList(0, i + 1), first.at());
                long moved = Math.abs(s.writes() - first.writes());
                long within = Math.max(1, (Duration.between(first.at(), s.at()).toMillis() + 999) / 1000);
                return refused(subject.refused(subject.db() + " took " + moved + " write" + (moved == 1 ? "" : "s") + " within "
                        + within + " s, from " + (active.isEmpty()
                        ? "no client connected now (one that connected, wrote and left: the legacy server's log names it)"
                        : names(active)), STOP_WRITERS));
            }
        }
        if (Duration.between(first.at(), last.at()).compareTo(SPAN) < 0) {
            return new Verdict(State.WAITING, "");
        }
        return new Verdict(State.PROVEN, "freeze of " + subject.db() + " on " + subject.host() + " proven: no session of Odoo's "
                + roles(last) + ", no write over " + seconds(first, last) + " s");
    }

    /** The phase line of the first sample, once no session of Odoo's role is connected. */
    public static String connections(Subject subject, Sample first) {
        List<Session> others = first.others();
        return line("connections", "no session of Odoo's " + roles(first) + " on " + subject.db()
                + (others.isEmpty() ? ", and no other client" : "; other clients, which may read: " + names(others)));
    }

    /** The phase line of the writes, once proven. */
    public static String writes(List<Sample> samples) {
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        return line("writes", "no row written over " + seconds(first, last) + " s (the write counter stayed at " + first.writes()
                + " in " + samples.size() + " samples: " + SETTLE.toSeconds() + " s to settle, " + LATE_COUNTS.toSeconds()
                + " s more for counts PostgreSQL adds late)");
    }

    private static String line(String phase, String text) {
        return String.format(Locale.ROOT, "freeze %-11s ok: %s", phase, text);
    }

    private static Verdict refused(String line) {
        return new Verdict(State.REFUSED, line);
    }

    /** The sessions of others busy in any sample, or changed since {@code since}: those who may have written. */
    private static List<Session> activeSince(List<Sample> samples, Instant since) {
        Map<Integer, Session> byPid = new LinkedHashMap<>();
        for (Sample s : samples) {
            s.others().stream().filter(x -> x.activeSince(since)).forEach(x -> byPid.put(x.pid(), x));
        }
        return List.copyOf(byPid.values());
    }

    private static String roles(Sample s) {
        return (s.odooRoles().size() == 1 ? "role " : "roles ") + String.join(", ", new TreeSet<>(s.odooRoles()));
    }

    private static String names(List<Session> sessions) {
        return sessions.stream().map(Session::name).collect(Collectors.joining(", "));
    }

    private static long seconds(Sample first, Sample last) {
        return Duration.between(first.at(), last.at()).toSeconds();
    }
}
