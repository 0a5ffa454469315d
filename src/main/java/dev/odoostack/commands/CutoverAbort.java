package dev.odoostack.commands;

import dev.odoostack.config.Settings;
import dev.odoostack.cutover.Abort;
import dev.odoostack.cutover.WritesSince;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.engine.Health;
import dev.odoostack.restore.Restore;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cutover <stack> abort}: before the swap, removes what the cutover wrote beside the live copy (the staged
 * database, its filestore directory, the sync's copy); after it, rolls the stack back to its previous generation
 * with restore.sh, unless the new production took writes since. The decisions are {@link Abort}'s and
 * {@link WritesSince}'s. The filestore area is reached through a one-off container, as the sync writes it, so the
 * engine may be another machine and the area a named volume.
 */
final class CutoverAbort {
    private static final String AREA = "/odoo-stack/filestore";
    /** PostgreSQL 15+ adds a session's counts up to 10 s after its commit (docs/cutover.md, freeze): read again after. */
    private static final Duration LATE_COUNTS = Duration.ofSeconds(11);
    private static final String MEASURE_OR_REMOVE = """
            root=$1; mode=$2; shift 2
            for n in "$@"; do
              d=$root/$n
              [ -e "$d" ] || continue
              if [ "$mode" = remove ]; then rm -rf -- "$d" || exit 1
              else printf '%s %s %s\\n' "$n" "$(find "$d" -type f | wc -l)" "$(du -sb "$d" | cut -f1)"; fi
            done""";

    /** A database's facts: its size and the note restore.sh or final put on it ("" when none). */
    record Database(long bytes, String note) {
    }

    private CutoverAbort() {
    }

    static int run(StackFacts facts, Settings.Cutover source, boolean discardWrites) {
        String name = facts.stack();
        Env env = facts.env();
        Docker docker = facts.docker();
        String again = "bin/odoo-stack cutover " + name + " abort";
        String pg = facts.containerName("postgres");
        if (!docker.inspect(pg, "{{.State.Running}}").orElse("").equals("true")) {
            throw new Failure("cannot abort: " + pg + " does not run on " + env.engineForMessages() + ": bin/odoo-stack up "
                    + name + ", then " + again);
        }
        String db = facts.outputs().database();
        Map<String, Database> dbs = databases(docker, pg, db);
        if (dbs.containsKey(db + Abort.SWAP) || !filestore(facts, docker, pg, "measure", List.of(db + Abort.SWAP)).isEmpty()) {
            throw new Failure("cannot abort: " + db + Abort.SWAP + " exists: a swap of " + name
                    + " was interrupted, and only a person can tell which copy is which: rename by hand (docs/restore.md), then " + again);
        }
        String liveNote = Optional.ofNullable(dbs.get(db)).map(Database::note).orElse("");
        if (Abort.afterSwap(liveNote)) {
            afterSwap(facts, docker, source, db, dbs, liveNote, discardWrites);
        } else {
            beforeSwap(facts, docker, pg, source, db, dbs);
        }
        Abort.legacySteps(source.upstream(), name).forEach(env.out()::println);
        return 0;
    }

    private static void beforeSwap(StackFacts facts, Docker docker, String pg, Settings.Cutover source, String db,
                                   Map<String, Database> dbs) {
        String name = facts.stack();
        PrintStream out = facts.env().out();
        String staged = db + Abort.STAGED;
        Database copy = dbs.get(staged);
        if (copy != null && !Abort.cutoversCopy(copy.note(), source.upstream(), source.upstreamDb())) {
            throw new Failure("cannot abort: database " + staged + " is not the cutover's copy of " + source.upstream() + ":"
                    + source.upstreamDb() + " (" + (copy.note().isEmpty() ? "it has no note" : "noted \"" + copy.note() + "\"")
                    + "), so nothing was removed: once you know it is not needed, bin/odoo-stack psql " + name
                    + " -c 'DROP DATABASE \"" + staged + "\"', then bin/odoo-stack cutover " + name + " abort");
        }
        Map<String, long[]> dirs = filestore(facts, docker, pg, "measure", List.of(staged, db + Abort.SYNCED));
        Path sync = CutoverSync.record(facts.env(), name);
        if (copy == null && dirs.isEmpty() && !Files.exists(sync)) {
            out.println("nothing to abort: no database " + staged + ", no filestore " + staged + " or " + db + Abort.SYNCED
                    + " on " + name + ", no sync record; the live database " + db + " was never touched");
            return;
        }
        if (copy != null) {
            Docker.Result r = sql(docker, pg, "postgres", "DROP DATABASE \"" + staged + "\" WITH (FORCE)");
            if (!r.ok()) {
                throw new Failure("cannot abort: cannot drop database " + staged + " (" + lastLine(r.err()) + "); nothing else was removed: "
                        + "docker logs " + pg + " may say why, then bin/odoo-stack cutover " + name + " abort");
            }
            out.println("abort database " + staged + ": dropped (" + Abort.size(copy.bytes()) + ", the cutover's staged copy)");
        }
        if (!dirs.isEmpty()) {
            filestore(facts, docker, pg, "remove", List.copyOf(dirs.keySet()));
            dirs.forEach((dir, m) -> out.println("abort filestore " + dir + ": removed (" + m[0] + " files, " + Abort.size(m[1]) + ")"));
        }
        if (Files.exists(sync)) {
            out.println("abort sync record: kept aside as " + aside(sync));
        }
        out.println("abort of " + name + " before the swap: done; the live database " + db + " and its filestore were never touched");
    }

    private static void afterSwap(StackFacts facts, Docker docker, Settings.Cutover source, String db,
                                  Map<String, Database> dbs, String liveNote, boolean discardWrites) {
        String name = facts.stack();
        Env env = facts.env();
        PrintStream out = env.out();
        String again = "bin/odoo-stack cutover " + name + " abort";
        String odoo = facts.containerName("odoo");
        String pg = facts.containerName("postgres");
        if (!docker.inspect(odoo, "{{.State.Running}}").orElse("").equals("true")) {
            throw new Failure("cannot abort: " + name + " went live from the cutover, and its Odoo (" + odoo + ") does not run on "
                    + env.engineForMessages() + ": bin/odoo-stack up " + name + ", then " + again);
        }
        if (!dbs.containsKey(db + "~previous")) {
            throw new Failure("cannot abort: " + name + " went live from the cutover but has no previous generation (no database "
                    + db + "~previous) to return to: restore one of its backups from before the cutover instead "
                    + "(bin/odoo-stack backups " + name + " lists them; bin/odoo-stack restore " + name + " --from-backup ID)");
        }
        Path record = record(env, name);
        Optional<WritesSince.Record> baseline = read(record);
        String counted;
        if (baseline.isEmpty()) {
            counted = "not counted: no record of the swap at " + record + " (final did not finish)";
            if (!discardWrites) {
                throw new Failure("cannot abort: " + name + " went live from the cutover (" + liveNote.substring(Abort.LIVE_NOTE.length())
                        + ") but " + record + " does not exist, so the writes since the swap cannot be counted; a rollback loses "
                        + "them all: " + again + " --discard-writes");
            }
        } else {
            WritesSince.Writes writes = writesSince(docker, pg, db, baseline.get());
            if (!writes.any()) {
                sleep(); // a commit of Odoo's last seconds may be counted only now
                writes = writesSince(docker, pg, db, baseline.get());
            }
            counted = writes.summary();
            if (writes.any() && !discardWrites) {
                throw new Failure("cannot abort: " + name + " took writes since it went live at " + baseline.get().wentLive() + ": "
                        + writes.summary() + "; a rollback loses them: " + again + " --discard-writes");
            }
        }
        out.println("abort writes: " + counted + (discardWrites ? " (--discard-writes: discarded)" : ""));
        int rc = RestoreScript.run(facts, List.of("--rollback"), null, null);
        if (rc != 0) {
            throw Failure.said(rc); // restore.sh said why in one line, and left the stack as it was
        }
        Health.waitHealthy(docker, List.of(odoo), Health.limit(env.vars()), "bin/odoo-stack logs " + name, env.err());
        String back = Optional.ofNullable(dbs.get(db + "~previous")).map(Database::note).filter(n -> !n.isEmpty())
                .map(n -> "noted \"" + n + "\"").orElse("not restored by odoo-stack");
        out.println("abort of " + name + " after the swap: done; " + db + " is its previous generation again (" + back
                + "), Odoo answers healthy; the cutover's copy is kept as " + db + "~previous"
                + (Files.exists(record) ? "; the final record is kept aside as " + aside(record) : ""));
        CutoverFinal.showInOutputs(facts, Optional.empty());
    }

    /** Where final records the swap ({@link WritesSince#parseRecord}), beside the sync's record. */
    static Path record(Env env, String stack) {
        return CutoverSync.record(env, stack).resolveSibling("final");
    }

    private static Optional<WritesSince.Record> read(Path record) {
        if (!Files.exists(record)) {
            return Optional.empty();
        }
        try {
            return Optional.of(WritesSince.parseRecord(Files.readString(record)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new Failure("cannot abort: " + record + " is not a record of final (" + e.getMessage()
                    + "): look at it; the writes since the swap cannot be counted without it");
        }
    }

    private static WritesSince.Writes writesSince(Docker docker, String pg, String db, WritesSince.Record baseline) {
        Docker.Result r = sql(docker, pg, db, WritesSince.BASELINE_SQL);
        if (!r.ok()) {
            throw new Failure("cannot abort: cannot read the write counters of " + db + " (" + lastLine(r.err())
                    + "); nothing was changed: docker logs " + pg + " may say why");
        }
        return WritesSince.of(baseline.baseline(), WritesSince.parse(r.out()));
    }

    private static void sleep() {
        try {
            Thread.sleep(LATE_COUNTS.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while counting the writes since the swap; nothing was changed");
        }
    }

    /** The live database and its generations by name: size and note. */
    private static Map<String, Database> databases(Docker docker, String pg, String db) {
        List<String> names = List.of(db, db + Abort.STAGED, db + "~previous", db + Abort.SWAP);
        Docker.Result r = sql(docker, pg, "postgres", "SELECT datname || '|' || pg_database_size(oid) || '|' || "
                + "coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname IN ('"
                + String.join("', '", names.stream().map(n -> n.replace("'", "''")).toList()) + "')");
        if (!r.ok()) {
            throw new Failure("cannot abort: PostgreSQL in " + pg + " does not answer (" + lastLine(r.err())
                    + "); nothing was changed: docker logs " + pg + " may say why");
        }
        Map<String, Database> dbs = new LinkedHashMap<>();
        for (String line : r.out().lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = line.split("\\|", 3);
            dbs.put(f[0], new Database(Long.parseLong(f[1]), f.length > 2 ? f[2] : ""));
        }
        return dbs;
    }

    private static Docker.Result sql(Docker docker, String pg, String database, String sql) {
        String user = docker.envOf(pg, "POSTGRES_USER");
        return docker.run(List.of("exec", "-i", pg, "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", user,
                "-d", database), sql, Duration.ofMinutes(10));
    }

    /**
     * Measures ("name files bytes" of each that exists) or removes directories of the filestore root, in a one-off
     * container of PostgreSQL's image (it has find, du and rm) that mounts the filestore area as the stack declares it.
     */
    private static Map<String, long[]> filestore(StackFacts facts, Docker docker, String pg, String mode, List<String> dirs) {
        String name = facts.stack();
        String image = docker.inspect(pg, "{{.Config.Image}}").orElseThrow();
        String container = name + "-cutover-abort";
        docker.run("rm", "-f", container); // an interrupted run's
        List<String> c = new ArrayList<>(List.of("run", "--rm", "--name", container, "--network", "none", "--user", "0:0",
                // root only to remove files of the Odoo user in directories of the Odoo user
                "--cap-drop", "ALL", "--cap-add", "DAC_OVERRIDE", "--cap-add", "FOWNER", "--security-opt", "no-new-privileges",
                "--mount", CutoverSync.areaMount(facts, AREA),
                "--entrypoint", "sh", image, "-c", MEASURE_OR_REMOVE, "sh", AREA + "/" + Restore.FILESTORE_SUBDIR, mode));
        c.addAll(dirs);
        Docker.Result r = docker.run(c, null, Duration.ofHours(1));
        if (!r.ok()) {
            throw new Failure("cannot abort: cannot " + mode + " " + String.join(" and ", dirs) + " in the filestore of " + name
                    + " (" + lastLine(r.err()) + ")" + (mode.equals("remove") ? "" : "; nothing was changed")
                    + ": bin/odoo-stack cutover " + name + " abort again");
        }
        Map<String, long[]> measured = new LinkedHashMap<>();
        for (String line : r.out().lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = line.strip().split("\\s+");
            measured.put(f[0], new long[]{Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
        return measured;
    }

    /** Moves a record aside, kept, so that the next cutover starts afresh; returns where it went. */
    private static Path aside(Path record) {
        Path to = record.resolveSibling(Abort.aside(record.getFileName().toString(), Instant.now()));
        try {
            Files.move(record, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    private static String lastLine(String text) {
        return text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).map(String::strip).orElse("no message");
    }
}
