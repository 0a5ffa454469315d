package dev.odoostack.restore;

import dev.odoostack.testing.Cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/scripts/restore.sh against real components: a PostgreSQL cluster holding both the
 * "upstream" Odoo database and the targets, a real sshd on 127.0.0.1 through which the upstream is
 * reached (pg_dump and rsync run on the far side of it), real rsync. Assertions are on what a user
 * would see: the databases, their rows, the files, the script's output and exit status.
 */
class RestoreScriptTest {

    static final Path SCRIPT = Path.of("docker/scripts/restore.sh");
    static final String UPSTREAM_DB = "opw_prod";
    static final String BASE_URL = "https://staging.shiny.test";
    static final Pattern PHASE_LINE = Pattern.compile(
            "^restore: (connect|prepare|fetch-db|verify|fetch-filestore|load|neutralize|stage|swap|cleanup|done|rollback) .+ in \\d+\\.\\d s$");

    @TempDir
    static Path tmp;

    static PostgresCluster pg;
    static SshServer ssh;
    static Path upstreamFilestore;
    static long fullDumpBytes;

    @BeforeAll
    static void startServers() throws IOException {
        assumeTrue(PostgresCluster.binDir().isPresent(),
                "PostgreSQL server binaries not found (apt-get install postgresql): restore tests skipped");
        assumeTrue(SshServer.available(), "sshd/ssh not found (apt-get install openssh-server openssh-client): restore tests skipped");
        for (String tool : List.of("rsync", "psql", "pg_dump", "pg_restore")) {
            assumeTrue(Cmd.onPath(tool), tool + " not found (apt-get install rsync postgresql-client): restore tests skipped");
        }
        pg = PostgresCluster.start(tmp.resolve("pg"));
        ssh = SshServer.start(tmp.resolve("ssh"));
        OdooShapedSource.createDatabase(pg, UPSTREAM_DB);
        upstreamFilestore = tmp.resolve("upstream/filestore/" + UPSTREAM_DB);
        OdooShapedSource.createFilestore(upstreamFilestore, 120, 1);
        fullDumpBytes = dumpSize(UPSTREAM_DB);
    }

    @AfterAll
    static void stopServers() {
        if (ssh != null) {
            ssh.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    // ------------------------------------------------------------------ success paths

    @Test
    void fullRestoreCopiesNeutralizesAndReportsEveryPhase() throws IOException {
        // a fresh stack: Odoo has not created <data_dir>/filestore yet, only its parent exists
        Path root = newDir("full-data").resolve("filestore");
        Cmd.Result r = restore(env("shop_full", root));

        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err(), "nothing on stderr when all went well");
        assertPhaseLines(r.out(), List.of("connect", "prepare", "fetch-db", "verify", "fetch-filestore", "load",
                "neutralize", "swap", "cleanup", "done"));
        assertTrue(r.out().contains("fetch-filestore 120 files"), r.out());
        assertTrue(r.out().contains("120 transferred"), r.out());

        // the data, the extensions and the trigram index came along
        for (String table : List.of("res_partner", "mail_message", "ir_attachment")) {
            assertEquals(tableDigest(UPSTREAM_DB, table), tableDigest("shop_full", table), table);
        }
        assertEquals("pg_trgm,unaccent", pg.psql("shop_full",
                "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent')"));
        assertEquals("1", pg.psql("shop_full", "SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%'"));

        assertNeutralized("shop_full");
        assertEquals(TargetState.files(upstreamFilestore).replaceAll(" ino=\\d+", "").replaceAll(" mtime=\\d+", ""),
                TargetState.files(root.resolve("shop_full")).replaceAll(" ino=\\d+", "").replaceAll(" mtime=\\d+", ""),
                "the filestore is a copy of the upstream one");

        // the live copy takes writes; no temporary copy is left; the dump is kept
        assertEquals("off", pg.psql("shop_full", "SHOW default_transaction_read_only"));
        assertEquals("shop_full", generations("shop_full"));
        assertEquals(List.of("shop_full"), entries(root));
        assertTrue(Files.size(tmp.resolve("cache-shop_full/shop_full.dump")) > 0, "the fetched dump is kept");
    }

    @Test
    void secondRestoreHardLinksUnchangedFilesAndKeepsExactlyOnePreviousGeneration() throws IOException {
        Path upstream = tmp.resolve("upstream/filestore/second");
        OdooShapedSource.createFilestore(upstream, 60, 2);
        Path root = newDir("second-root");
        Map<String, String> env = env("shop_second", root);
        env.put("RESTORE_UPSTREAM_FILESTORE", upstream.toString());
        assertEquals(0, restore(env).exit());
        pg.psql("shop_second", "UPDATE ir_config_parameter SET value = 'edited in generation 1' WHERE key = 'base_setup.default_user_rights'");

        // upstream moves on: three files rewritten, one added, one deleted
        List<Path> files = listFiles(upstream);
        List<Path> changed = files.subList(0, 3);
        for (Path rel : changed) {
            Files.write(upstream.resolve(rel), ("new content of " + rel).getBytes(StandardCharsets.UTF_8));
        }
        Path deleted = files.get(3);
        Files.delete(upstream.resolve(deleted));
        Path added = OdooShapedSource.writeContentAddressed(upstream, "a new attachment".getBytes(StandardCharsets.UTF_8));

        Cmd.Result second = restore(env);
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("fetch-filestore 60 files"), second.out());
        assertTrue(second.out().contains("4 transferred"), "only the changed and the new file cross the wire: " + second.out());
        assertTrue(second.out().contains("56 hard-linked"), second.out());

        Path live = root.resolve("shop_second");
        Path previous = root.resolve("shop_second~previous");
        for (Path rel : files.subList(4, files.size())) {
            assertEquals(inode(previous.resolve(rel)), inode(live.resolve(rel)), "unchanged file is a hard link: " + rel);
        }
        for (Path rel : changed) {
            assertNotEquals(inode(previous.resolve(rel)), inode(live.resolve(rel)), rel.toString());
            assertEquals("new content of " + rel, Files.readString(live.resolve(rel)));
        }
        assertFalse(Files.exists(live.resolve(deleted)), "a file gone upstream is gone from the new copy");
        assertTrue(Files.exists(previous.resolve(deleted)), "but still in the previous generation");
        assertTrue(Files.exists(live.resolve(added)));

        // the previous generation is the replaced live copy, frozen read-only
        assertEquals("edited in generation 1", param("shop_second~previous", "base_setup.default_user_rights"));
        assertEquals("keep-me", param("shop_second", "base_setup.default_user_rights"));
        assertEquals("on", pg.psql("shop_second~previous", "SHOW default_transaction_read_only"));

        // a third restore drops generation 1: exactly one previous generation remains
        assertEquals(0, restore(env).exit());
        assertEquals("shop_second,shop_second~previous", generations("shop_second"));
        assertEquals("keep-me", param("shop_second~previous", "base_setup.default_user_rights"));
        assertEquals(List.of("shop_second", "shop_second~previous"), entries(root));
    }

    @Test
    void rollbackSwapsThePreviousGenerationBackAndForth() throws IOException {
        pg.psql("postgres", "CREATE DATABASE rb_prod TEMPLATE " + UPSTREAM_DB);
        Path upstream = tmp.resolve("upstream/filestore/rb");
        OdooShapedSource.createFilestore(upstream, 20, 3);
        Path root = newDir("rb-root");
        Map<String, String> env = env("shop_rb", root);
        env.put("RESTORE_UPSTREAM_DB", "rb_prod");
        env.put("RESTORE_UPSTREAM_FILESTORE", upstream.toString());
        assertEquals(0, restore(env).exit());

        // nothing to roll back to yet: refused, nothing changed
        TargetState before = TargetState.capture(pg, "shop_rb", root);
        Cmd.Result refused = restore(env, "--rollback");
        assertOneLineFailure(refused, "rollback", "no previous generation");
        assertEquals(before, TargetState.capture(pg, "shop_rb", root));

        pg.psql("rb_prod", "INSERT INTO res_partner (name) VALUES ('generation two')");
        Path added = OdooShapedSource.writeContentAddressed(upstream, "generation two file".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, restore(env).exit());
        assertEquals("1", countGenerationTwo("shop_rb"));

        Cmd.Result back = restore(env, "--rollback");
        assertEquals(0, back.exit(), back.err());
        assertEquals("", back.err());
        assertPhaseLines(back.out(), List.of("rollback"));
        assertEquals("0", countGenerationTwo("shop_rb"), "generation 1 is live again");
        assertFalse(Files.exists(root.resolve("shop_rb").resolve(added)));
        assertEquals("1", countGenerationTwo("shop_rb~previous"), "generation 2 is kept as the previous one");
        assertTrue(Files.exists(root.resolve("shop_rb~previous").resolve(added)));
        assertEquals("off", pg.psql("shop_rb", "SHOW default_transaction_read_only"));
        assertEquals("on", pg.psql("shop_rb~previous", "SHOW default_transaction_read_only"));

        assertEquals(0, restore(env, "--rollback").exit());
        assertEquals("1", countGenerationTwo("shop_rb"), "rolling back again restores generation 2");
        assertTrue(Files.exists(root.resolve("shop_rb").resolve(added)));
        assertEquals("shop_rb,shop_rb~previous", generations("shop_rb"));
    }

    /**
     * What a cutover's final step does with the script: stage an unneutralized copy whose files are hard-linked to
     * an early sync, leave the live copy alone while the caller verifies, then swap the staged copy in.
     */
    @Test
    void stageLeavesTheLiveCopyAloneAndSwapStagedSwapsTheVerifiedCopyIn() throws IOException {
        pg.psql("postgres", "CREATE DATABASE st_prod TEMPLATE " + UPSTREAM_DB);
        Path upstream = tmp.resolve("upstream/filestore/st");
        OdooShapedSource.createFilestore(upstream, 30, 4);
        Path root = newDir("st-root");
        Map<String, String> env = env("shop_st", root);
        env.put("RESTORE_UPSTREAM_DB", "st_prod");
        env.put("RESTORE_UPSTREAM_FILESTORE", upstream.toString());
        assertEquals(0, restore(env).exit());
        String liveRows = tableDigest("shop_st", "res_partner");
        String liveFiles = regularFiles(root.resolve("shop_st"));

        // an early sync of the files beside the live copy, then production moves on: a row and a file
        Path sync = root.resolve("shop_st~cutover");
        Cmd.run(List.of("cp", "-a", upstream.toString(), sync.toString())).orThrow();
        pg.psql("st_prod", "INSERT INTO res_partner (name) VALUES ('generation two')");
        Path added = OdooShapedSource.writeContentAddressed(upstream, "written after the sync".getBytes(StandardCharsets.UTF_8));
        env.put("RESTORE_LINK_DEST", sync.toString());
        env.put("RESTORE_NEUTRALIZE", "0");

        Cmd.Result staged = restore(env, "--stage");
        assertEquals(0, staged.exit(), staged.err());
        assertPhaseLines(staged.out(), List.of("connect", "prepare", "fetch-db", "verify", "fetch-filestore", "load",
                "neutralize", "stage"));
        assertTrue(staged.out().contains("1 transferred"), "only the file written after the sync crosses the wire: " + staged.out());
        assertEquals(liveRows, tableDigest("shop_st", "res_partner"), "the live copy is untouched");
        assertEquals(liveFiles, regularFiles(root.resolve("shop_st")));
        assertEquals("1", countGenerationTwo("shop_st~restore"), "the staged copy is production as it is now");
        assertEquals(param("st_prod", "database.secret"), param("shop_st~restore", "database.secret"), "not neutralized");
        for (Path rel : listFiles(sync)) {
            assertEquals(inode(sync.resolve(rel)), inode(root.resolve("shop_st~restore").resolve(rel)), "hard-linked to the sync: " + rel);
        }
        assertTrue(Files.exists(root.resolve("shop_st~restore").resolve(added)));

        Cmd.Result swapped = restore(env, "--swap-staged");
        assertEquals(0, swapped.exit(), swapped.err());
        assertPhaseLines(swapped.out(), List.of("swap", "cleanup", "done"));
        assertEquals("1", countGenerationTwo("shop_st"), "the staged copy is live");
        assertEquals(liveRows, tableDigest("shop_st~previous", "res_partner"), "the replaced copy is the previous generation");
        assertEquals(liveFiles, regularFiles(root.resolve("shop_st~previous")));
        assertEquals("shop_st,shop_st~previous", generations("shop_st"));
        assertTrue(pg.psql("postgres", "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 'shop_st'")
                .startsWith("odoo-stack restore: " + ssh.destination() + ":st_prod at "), "the origin noted when staged");

        // nothing staged any more: refused in one line, nothing moved
        TargetState before = TargetState.capture(pg, "shop_st", root);
        assertOneLineFailure(restore(env, "--swap-staged"), "swap", "nothing staged: database shop_st~restore does not exist");
        assertEquals(before, TargetState.capture(pg, "shop_st", root));
    }

    /** A copy that went live in a cutover is production: a copy from upstream is refused in one line, nothing moved. */
    @Test
    void aDatabaseThatWentLiveInACutoverRefusesACopyFromUpstream() throws IOException {
        Path root = newDir("golive-root");
        Map<String, String> env = env("shop_golive", root);
        assertEquals(0, restore(env).exit());
        pg.psql("postgres", "COMMENT ON DATABASE shop_golive IS 'odoo-stack cutover: live from odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:00:00Z'");
        TargetState before = TargetState.capture(pg, "shop_golive", root);

        assertOneLineFailure(restore(env), "prepare", "shop_golive is production: it went live from odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:00:00Z");
        assertOneLineFailure(restore(env, "--stage"), "prepare", "shop_golive is production");

        assertEquals(before, TargetState.capture(pg, "shop_golive", root));
        assertEquals("", pg.psql("postgres", "SELECT datname FROM pg_database WHERE datname = 'shop_golive~restore'"));
    }

    @Test
    void snapshotCopiesTheLiveGenerationAsThePreviousOneAndRollbackReturnsToIt() throws IOException {
        Path root = newDir("snap-root");
        Map<String, String> env = env("shop_snap", root);
        assertEquals(0, restore(env).exit());
        assertEquals(0, restore(env).exit()); // a previous generation to be replaced by the snapshot
        String live = regularFiles(root.resolve("shop_snap"));
        String rows = tableDigest("shop_snap", "res_partner");

        Cmd.Result snap = restore(env, "--snapshot");
        assertEquals(0, snap.exit(), snap.err());
        assertEquals("", snap.err());
        assertTrue(snap.out().lines().anyMatch(l -> l.matches("restore: snapshot shop_snap~previous is a copy of shop_snap "
                + "\\(.+, 120 files hard-linked\\) in [0-9.]+ s")), snap.out());
        assertEquals(live, regularFiles(root.resolve("shop_snap")), "the live files untouched (same inodes)");
        assertEquals(live, regularFiles(root.resolve("shop_snap~previous")), "the snapshot shares the live files' inodes");
        assertEquals(rows, tableDigest("shop_snap~previous", "res_partner"));
        assertEquals("shop_snap,shop_snap~previous", generations("shop_snap"), "one previous generation, nothing left over");
        assertEquals(List.of("shop_snap", "shop_snap~previous"), entries(root));
        assertEquals("on", pg.psql("shop_snap~previous", "SHOW default_transaction_read_only"));
        String origin = "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ";
        assertTrue(pg.psql("postgres", origin + "'shop_snap'").startsWith("odoo-stack restore: "), "the restore notes its origin");
        assertEquals(pg.psql("postgres", origin + "'shop_snap'"), pg.psql("postgres", origin + "'shop_snap~previous'"),
                "the snapshot keeps the note of where the live copy came from");

        // what an update does after the snapshot: a change of rows and a new file
        pg.psql("shop_snap", "INSERT INTO res_partner (name) VALUES ('generation two')");
        Path added = OdooShapedSource.writeContentAddressed(root.resolve("shop_snap"), "new file".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, restore(env, "--rollback").exit());
        assertEquals(rows, tableDigest("shop_snap", "res_partner"), "back to the rows of the snapshot");
        assertEquals(live, regularFiles(root.resolve("shop_snap")), "back to the files of the snapshot");
        assertTrue(Files.exists(root.resolve("shop_snap~previous").resolve(added)), "the replaced generation is kept");
    }

    @Test
    void rollbackWithPostgresUnreachableSaysSoNotNoPreviousGeneration() throws IOException {
        Map<String, String> env = env("shop_down", newDir("down-root"));
        env.put("PGPORT", "1"); // nothing listens there
        env.put("PGHOST", "127.0.0.1");
        for (String mode : List.of("--rollback", "--snapshot")) {
            Cmd.Result r = restore(env, mode);
            assertOneLineFailure(r, mode.substring(2), "cannot connect to the target PostgreSQL");
            assertFalse(r.err().contains("no previous generation") || r.err().contains("no database"), r.err());
        }
    }

    @Test
    void neutralizesADatabaseThatLacksSomeOdooTables() throws IOException {
        OdooShapedSource.createLegacyDatabase(pg, "legacy_prod");
        Path upstream = tmp.resolve("upstream/filestore/legacy");
        OdooShapedSource.createFilestore(upstream, 5, 4);
        Path root = newDir("legacy-root");
        Map<String, String> env = env("legacy", root);
        env.put("RESTORE_UPSTREAM_DB", "legacy_prod");
        env.put("RESTORE_UPSTREAM_FILESTORE", upstream.toString());

        Cmd.Result r = restore(env);
        assertEquals(0, r.exit(), r.err());
        assertEquals("t|Base: Auto-vacuum internal data\nf|Mail queue\nf|Reminders",
                pg.psql("legacy", "SELECT active, name FROM ir_cron ORDER BY id"));
        assertEquals("disabled,disabled", pg.psql("legacy", "SELECT string_agg(state, ',') FROM payment_acquirer"));
        assertEquals(BASE_URL, param("legacy", "web.base.url"));
        assertEquals("True", param("legacy", "database.is_neutralized"));
        assertEquals("", pg.psql("legacy", "SELECT string_agg(relname, ',') FROM pg_class WHERE relname IN "
                + "('ir_mail_server', 'fetchmail_server', 'payment_provider')"), "no table is invented");
    }

    @Test
    void restoredCopyKeepsTheOwnerOfTheDatabaseItReplaces() throws IOException {
        // the stack's Odoo connects as a plain role that owns its database; the restore runs as a superuser
        pg.psql("postgres", "CREATE ROLE odoo LOGIN; CREATE DATABASE shop_owned OWNER odoo");
        Cmd.Result r = restore(env("shop_owned", newDir("owned-root")));
        assertEquals(0, r.exit(), r.err());
        assertEquals("odoo", pg.psql("postgres",
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'shop_owned'"));
        assertEquals("odoo", pg.psql("shop_owned", "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables "
                + "WHERE schemaname = 'public'"));
        assertEquals("1", pg.psqlAs("odoo", "shop_owned",
                "INSERT INTO res_partner (name) VALUES ('written by Odoo') RETURNING 1"), "Odoo can write its tables");
    }

    @Test
    void upstreamDatabaseAndFilestoreAreNeverWritten() throws IOException {
        String dbBefore = upstreamDatabaseDigest();
        String filesBefore = TargetState.files(upstreamFilestore);
        Path root = newDir("ro-root");

        assertEquals(0, restore(env("shop_ro", root)).exit());
        Map<String, String> cutOff = env("shop_ro", root);
        cutOff.put("RESTORE_UPSTREAM_PG_DUMP", wrapper("cut-ro", "pg_dump \"$@\" | head -c 20000; exit 1"));
        assertEquals(1, restore(cutOff).exit());

        assertEquals(dbBefore, upstreamDatabaseDigest(), "upstream database unchanged");
        assertEquals(filesBefore, TargetState.files(upstreamFilestore), "upstream files, inodes and mtimes unchanged");
    }

    // ------------------------------------------------------------------ failures leave the target as it was

    @Test
    void unreachableUpstreamFailsInConnect() throws IOException {
        Map<String, String> env = liveEnv();
        env.put("RESTORE_SSH_PORT", String.valueOf(SshServer.freePort())); // nobody listens there
        assertFailsLeavingLiveTargetAsItWas(env, "connect", "cannot reach");
    }

    @Test
    void unknownHostKeyIsRejectedNotAccepted() throws IOException {
        Map<String, String> env = liveEnv();
        Path clientDir = ssh.clientDirWithWrongHostKey();
        String knownHosts = Files.readString(clientDir.resolve("known_hosts"));
        env.put("RESTORE_SSH_DIR", clientDir.toString());
        assertFailsLeavingLiveTargetAsItWas(env, "connect", "Host key verification failed");
        assertEquals(knownHosts, Files.readString(clientDir.resolve("known_hosts")), "known_hosts is never rewritten");
    }

    @Test
    void dumpCutOffMidStreamIsDetectedByItsExitStatus() throws IOException {
        Map<String, String> env = liveEnv();
        // pg_dump dies after 32 KiB, as when the connection to the database drops
        env.put("RESTORE_UPSTREAM_PG_DUMP", wrapper("cut-status", "pg_dump \"$@\" | head -c 32768; exit 1"));
        assertFailsLeavingLiveTargetAsItWas(env, "fetch-db", "dump cut off");
        assertFalse(Files.exists(tmp.resolve("cache-shop_live/shop_live.dump.part")), "no partial dump is left");
    }

    @Test
    void dumpSilentlyTruncatedIsCaughtBeforeTheSwap() throws IOException {
        Map<String, String> env = liveEnv();
        // half a dump and a clean exit: only reading the archive can tell
        env.put("RESTORE_UPSTREAM_PG_DUMP", wrapper("cut-silent", "pg_dump \"$@\" | head -c " + fullDumpBytes / 2));
        Cmd.Result r = assertFailsLeavingLiveTargetAsItWas(env, null, null);
        assertTrue(r.err().startsWith("restore: verify failed") || r.err().startsWith("restore: load failed"), r.err());
    }

    @Test
    void corruptArchiveFailsTheLoad() throws IOException {
        Map<String, String> env = liveEnv();
        // the table of contents intact, the data after it scrambled byte by byte
        env.put("RESTORE_UPSTREAM_PG_DUMP", wrapper("corrupt", "pg_dump \"$@\" | { dd bs=" + fullDumpBytes / 2
                + " count=1 iflag=fullblock 2>/dev/null; tr '\\000-\\377' '\\001-\\377\\000'; }"));
        assertFailsLeavingLiveTargetAsItWas(env, "load", "pg_restore");
    }

    @Test
    void fullCacheDiskFailsTheFetch() throws IOException {
        Path small = newDir("small-cache");
        mountTmpfs(small, "64k");
        try {
            Map<String, String> env = liveEnv();
            env.put("RESTORE_CACHE_DIR", small.toString());
            assertFailsLeavingLiveTargetAsItWas(env, "fetch-db", "No space left on device");
        } finally {
            Cmd.run(List.of("umount", small.toString()));
        }
    }

    @Test
    void fullFilestoreDiskFailsTheFetch() throws IOException {
        Path small = newDir("small-root");
        mountTmpfs(small, "256k");
        try {
            // a target that has a database and files of its own, none of them like upstream's
            pg.psql("postgres", "CREATE DATABASE shop_small");
            pg.psql("shop_small", "CREATE TABLE marker (note text); INSERT INTO marker VALUES ('the live copy')");
            Files.createDirectories(small.resolve("shop_small/ab"));
            Files.writeString(small.resolve("shop_small/ab/abcdef"), "a file of the live copy");
            TargetState before = TargetState.capture(pg, "shop_small", small);

            Map<String, String> env = env("shop_small", small);
            Cmd.Result r = restore(env);
            assertOneLineFailure(r, "fetch-filestore", "No space left on device");
            assertEquals(before, TargetState.capture(pg, "shop_small", small));
        } finally {
            Cmd.run(List.of("umount", small.toString()));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A target with a live copy and a previous generation, made once and shared by the failure tests. */
    private static synchronized Map<String, String> liveEnv() throws IOException {
        Path root = tmp.resolve("live-root");
        if (!Files.exists(root)) {
            Files.createDirectories(root);
            assertEquals(0, restore(env("shop_live", root)).exit());
            assertEquals(0, restore(env("shop_live", root)).exit());
        }
        return env("shop_live", root);
    }

    private static Cmd.Result assertFailsLeavingLiveTargetAsItWas(Map<String, String> env, String phase, String reason) {
        Path root = Path.of(env.get("TARGET_FILESTORE_ROOT"));
        TargetState before = TargetState.capture(pg, "shop_live", root);
        Cmd.Result r = restore(env);
        assertOneLineFailure(r, phase, reason);
        assertEquals(before, TargetState.capture(pg, "shop_live", root), "target database and filestore as they were");
        assertFalse(pg.databaseExists("shop_live~restore"), "the temporary database is dropped");
        assertFalse(Files.exists(root.resolve("shop_live~restore")), "the temporary filestore is removed");
        return r;
    }

    private static void assertOneLineFailure(Cmd.Result r, String phase, String reason) {
        assertEquals(1, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertFalse(err.isEmpty(), "a failure says why");
        assertFalse(err.contains("\n"), "one line on stderr, got:\n" + r.err());
        if (phase != null) {
            assertTrue(err.startsWith("restore: " + phase + " failed: "), err);
        }
        if (reason != null) {
            assertTrue(err.contains(reason), err);
        }
    }

    private static void assertPhaseLines(String out, List<String> phases) {
        List<String> lines = out.lines().toList();
        List<String> seen = new ArrayList<>();
        for (String line : lines) {
            Matcher m = PHASE_LINE.matcher(line);
            assertTrue(m.matches(), "progress line: " + line);
            seen.add(m.group(1));
        }
        assertEquals(phases.stream().sorted().toList(), seen.stream().sorted().toList(), "one line per phase:\n" + out);
    }

    private static void assertNeutralized(String db) {
        assertEquals("4", pg.psql(db, "SELECT string_agg(id::text, ',') FROM ir_cron WHERE active"),
                "only base.autovacuum_job stays active");
        assertEquals("neutralized: no outgoing mail (restore.sh)|invalid", pg.psql(db,
                "SELECT name || '|' || smtp_host FROM ir_mail_server WHERE active"), "one active catch-all that goes nowhere");
        assertEquals("3", pg.psql(db, "SELECT count(*) FROM ir_mail_server"));
        assertEquals("f|draft", pg.psql(db, "SELECT active, state FROM fetchmail_server"));
        assertEquals("disabled,disabled,disabled", pg.psql(db, "SELECT string_agg(state, ',') FROM payment_provider"));
        assertEquals("True", param(db, "database.is_neutralized"));
        assertEquals(BASE_URL, param(db, "web.base.url"));
        assertEquals("True", param(db, "web.base.url.freeze"));
        assertEquals(BASE_URL, param(db, "report.url"));
        assertNotEquals(param(UPSTREAM_DB, "database.uuid"), param(db, "database.uuid"));
        assertTrue(param(db, "database.uuid").matches("[0-9a-f-]{36}"), "a fresh uuid");
        assertNotEquals(param(UPSTREAM_DB, "database.secret"), param(db, "database.secret"));
        assertEquals("", param(db, "database.enterprise_code"), "enterprise code removed");
        assertEquals("keep-me", param(db, "base_setup.default_user_rights"), "other parameters untouched");
    }

    static Cmd.Result restore(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return Cmd.run(command, env, null, Duration.ofSeconds(120));
    }

    /** The environment the Pulumi command resource would pass, for TARGET_DB in its own root and cache. */
    static Map<String, String> env(String targetDb, Path root) {
        Map<String, String> env = new HashMap<>();
        for (String k : System.getenv().keySet()) {
            if (k.startsWith("PG") || k.startsWith("RESTORE_") || k.startsWith("TARGET_")) {
                env.put(k, null); // nothing from the caller's environment leaks in
            }
        }
        env.putAll(pg.libpqEnv());
        env.put("RESTORE_UPSTREAM", ssh.destination());
        env.put("RESTORE_SSH_PORT", String.valueOf(ssh.port()));
        env.put("RESTORE_SSH_DIR", ssh.clientDir().toString());
        env.put("RESTORE_UPSTREAM_DB", UPSTREAM_DB);
        env.put("RESTORE_UPSTREAM_FILESTORE", upstreamFilestore.toString());
        env.put("RESTORE_UPSTREAM_PG_DUMP", pg.pgDumpCommand());
        env.put("TARGET_DB", targetDb);
        env.put("TARGET_FILESTORE_ROOT", root.toString());
        env.put("TARGET_BASE_URL", BASE_URL);
        env.put("RESTORE_JOBS", "2");
        env.put("RESTORE_CACHE_DIR", tmp.resolve("cache-" + targetDb).toString());
        return env;
    }

    /** An upstream pg_dump command: a shell script that gets pg_dump's arguments and may misbehave. */
    private static String wrapper(String name, String body) throws IOException {
        Path script = tmp.resolve("wrappers/" + name + ".sh");
        Files.createDirectories(script.getParent());
        String pgdump = pg.pgDumpCommand();
        Files.writeString(script, "#!/bin/sh\npg_dump() { command " + pgdump + " \"$@\"; }\n" + body + "\n");
        return "sh " + script;
    }

    private static void mountTmpfs(Path dir, String size) {
        Cmd.Result r = Cmd.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=755", "tmpfs", dir.toString()));
        Assumptions.assumeTrue(r.exit() == 0,
                "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN: " + r.err().strip() + "), full-disk case skipped");
    }

    private static long dumpSize(String db) {
        Map<String, String> env = new HashMap<>(pg.libpqEnv());
        Cmd.Result r = Cmd.run(List.of("sh", "-c", "pg_dump --format=custom --compress=1 " + db + " | wc -c"), env, null,
                Duration.ofSeconds(60)).orThrow();
        return Long.parseLong(r.out().strip());
    }

    /** The plain dump's hash, less the random "restrict" key that pg_dump 15.14+ writes on each run. */
    private static String upstreamDatabaseDigest() {
        Cmd.Result r = Cmd.run(List.of("sh", "-c", "pg_dump " + UPSTREAM_DB + " | grep -v '^.\\(un\\)\\?restrict ' | sha256sum"),
                pg.libpqEnv(), null,
                Duration.ofSeconds(60)).orThrow();
        return r.out().strip();
    }

    private static String tableDigest(String db, String table) {
        return pg.psql(db, "SELECT count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY t.id)) FROM " + table + " t");
    }

    private static String param(String db, String key) {
        return pg.psql(db, "SELECT value FROM ir_config_parameter WHERE key = '" + key + "'");
    }

    /** Each regular file with its inode, size, mtime and hash (directories of a hard-linked copy are new). */
    private static String regularFiles(Path root) {
        return TargetState.files(root).lines().filter(l -> !l.contains("/ ino=")).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String countGenerationTwo(String db) {
        return pg.psql(db, "SELECT count(*) FROM res_partner WHERE name = 'generation two'");
    }

    /** The databases of one target: live, previous and any temporary copy. */
    private static String generations(String db) {
        return pg.psql("postgres", "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database "
                + "WHERE datname = '" + db + "' OR left(datname, " + (db.length() + 1) + ") = '" + db + "~'");
    }

    private static List<String> entries(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    private static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    private static Path newDir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }
}
