package dev.odoostack.commands;

import dev.odoostack.cutover.FreezeProof;
import dev.odoostack.engine.Failure;
import dev.odoostack.restore.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The freeze proof as its shell runs it, against a throwaway PostgreSQL cluster that listens on 127.0.0.1: the tool
 * reads as a role with the grants docs/cutover.md asks for, "Odoo" is a psql session of the database's owner
 * {@code odoo} over TCP (a stand-in for Odoo: what the proof sees of Odoo is its role's session), a writer of another
 * role keeps inserting. Each scenario has a database of its own, so no counter of one reaches another.
 */
class CutoverFreezeTest {
    @TempDir
    static Path tmp;

    static PostgresCluster pg;

    @BeforeAll
    static void startCluster() throws IOException {
        assumeTrue(PostgresCluster.binDir().isPresent(),
                "PostgreSQL server binaries not found (apt-get install postgresql): SQL tests skipped");
        pg = PostgresCluster.startOnLocalhost(tmp.resolve("pg"));
        // no autovacuum: the scenario that counts the raw counters needs nothing else to move them
        pg.psql("postgres", """
                ALTER SYSTEM SET autovacuum = off;
                SELECT pg_reload_conf();
                CREATE ROLE odoo LOGIN; CREATE ROLE writer LOGIN; CREATE ROLE reader LOGIN;
                CREATE ROLE cutover_reader LOGIN; GRANT pg_read_all_data, pg_read_all_stats TO cutover_reader;
                """);
    }

    @AfterAll
    static void stopCluster() {
        if (pg != null) {
            pg.close();
        }
    }

    /** A database Odoo's role owns, with Odoo's module table and a table the writer may insert into. */
    static void legacyDatabase(String db) {
        pg.psql("postgres", "CREATE DATABASE " + db + " OWNER odoo");
        pg.psqlAs("odoo", db, """
                CREATE TABLE ir_module_module (name varchar, latest_version varchar);
                INSERT INTO ir_module_module VALUES ('base', '17.0.1.3');
                CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar);
                INSERT INTO res_partner (name) SELECT 'partner ' || i FROM generate_series(1, 200) i;
                GRANT SELECT, INSERT ON res_partner TO writer; GRANT USAGE ON SEQUENCE res_partner_id_seq TO writer;
                """);
    }

    static FreezeProof.Subject subject(String db) {
        return new FreezeProof.Subject(db, "odoo@legacy", "bin/odoo-stack cutover opw freeze");
    }

    /** The seam the shell reads through: psql as the tool's reader, here without SSH. */
    static UnaryOperator<String> sql(String db) {
        return text -> pg.psqlAs("cutover_reader", db, text);
    }

    /** pg_stat_database's own write counter, as the issue names it (catalogs included). */
    static long rawWrites(String db) {
        return Long.parseLong(pg.psql(db, "SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()"));
    }

    /** A psql session over TCP from 127.0.0.1 that stays connected until closed; its pid once the server shows it. */
    record Client(Process process, Writer in, int pid) implements AutoCloseable {
        static Client connect(String role, String db, String application) throws IOException {
            ProcessBuilder b = new ProcessBuilder("psql", "-X", "-q", "-h", "127.0.0.1", "-p", String.valueOf(pg.tcpPort()),
                    "-U", role, "-d", db).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            b.environment().put("PGAPPNAME", application);
            Process p = b.start();
            Instant deadline = Instant.now().plusSeconds(30);
            String pid = "";
            while (pid.isEmpty()) {
                assertTrue(p.isAlive() && Instant.now().isBefore(deadline), role + "'s session did not connect within 30 s");
                pid = pg.psql(db, "SELECT pid FROM pg_stat_activity WHERE application_name = '" + application
                        + "' AND client_addr = '127.0.0.1'");
            }
            return new Client(p, new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), Integer.parseInt(pid));
        }

        void send(String sql) throws IOException {
            in.write(sql + "\n");
            in.flush();
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    static String prove(String db, UnaryOperator<String> sql, ByteArrayOutputStream out) {
        CutoverFreeze.prove(subject(db), sql, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSessionOfOdoosRoleStillConnectedIsRefusedAtOnceNamingItsAddress() throws IOException {
        legacyDatabase("freeze_a");
        try (Client odoo = Client.connect("odoo", "freeze_a", "odoo-4711")) {
            var out = new ByteArrayOutputStream();
            Instant start = Instant.now();

            Failure f = assertThrows(Failure.class, () -> prove("freeze_a", sql("freeze_a"), out));

            assertEquals("freeze of freeze_a on odoo@legacy not proven: 1 session of Odoo's role odoo is still connected to freeze_a: "
                    + "127.0.0.1 (role odoo, application odoo-4711, pid " + odoo.pid() + "); stop Odoo on the legacy host "
                    + "(sudo systemctl stop odoo), then run bin/odoo-stack cutover opw freeze again", f.getMessage());
            assertEquals("", out.toString(StandardCharsets.UTF_8));
            assertTrue(Duration.between(start, Instant.now()).compareTo(FreezeProof.SETTLE) < 0, "refused without waiting");
        }
    }

    @Test
    void aWriterOfAnotherRoleThatKeepsInsertingIsRefusedNamingIt() throws Exception {
        legacyDatabase("freeze_b");
        AtomicBoolean writing = new AtomicBoolean(true);
        try (Client writer = Client.connect("writer", "freeze_b", "nightly-import")) {
            Thread t = new Thread(() -> {
                try {
                    while (writing.get()) {
                        writer.send("INSERT INTO res_partner (name) VALUES ('imported');");
                        Thread.sleep(100);  // the writer's own pace, not a wait for anything
                    }
                } catch (IOException | InterruptedException e) {
                    writing.set(false);
                }
            });
            t.start();
            var out = new ByteArrayOutputStream();

            Failure f = assertThrows(Failure.class, () -> prove("freeze_b", sql("freeze_b"), out));

            writing.set(false);
            t.join();
            String line = f.getMessage();
            assertTrue(line.startsWith("freeze of freeze_b on odoo@legacy not proven: "), line);
            assertTrue(line.contains("127.0.0.1 (role writer, application nightly-import, pid " + writer.pid() + ")"), line);
            assertTrue(line.endsWith("; stop what writes there (Odoo: sudo systemctl stop odoo on the legacy host), "
                    + "then run bin/odoo-stack cutover opw freeze again"), line);
            assertEquals(1, line.lines().count(), line);
        }
    }

    @Test
    void aWriteNotYetCommittedIsRefusedThoughNoCounterShowsIt() throws IOException {
        legacyDatabase("freeze_e");
        try (Client etl = Client.connect("writer", "freeze_e", "bulk-load")) {
            etl.send("BEGIN; INSERT INTO res_partner (name) VALUES ('not yet');");
            Instant deadline = Instant.now().plusSeconds(30);
            while (pg.psql("freeze_e", "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND application_name = 'bulk-load'")
                    .equals("0")) {
                assertTrue(Instant.now().isBefore(deadline), "the insert did not start within 30 s");
            }

            Failure f = assertThrows(Failure.class, () -> prove("freeze_e", sql("freeze_e"), new ByteArrayOutputStream()));

            assertEquals("freeze of freeze_e on odoo@legacy not proven: 127.0.0.1 (role writer, application bulk-load, pid " + etl.pid()
                    + ") holds an uncommitted write on freeze_e; stop what writes there (Odoo: sudo systemctl stop odoo on the legacy host), "
                    + "then run bin/odoo-stack cutover opw freeze again", f.getMessage());
        }
    }

    @Test
    void aQuietDatabaseIsProvenAfterTheWholeSpanAndTheProofMovesNoCounter() throws IOException {
        legacyDatabase("freeze_c");
        try (Client reader = Client.connect("reader", "freeze_c", "report-viewer")) {
            reader.send("SELECT count(*) FROM pg_class;");  // a reader of another role, idle by the time the proof starts
            long before = rawWrites("freeze_c");
            var out = new ByteArrayOutputStream();

            String printed = prove("freeze_c", sql("freeze_c"), out);

            List<String> lines = printed.lines().toList();
            assertEquals(3, lines.size(), printed);
            assertEquals("freeze connections ok: no session of Odoo's role odoo on freeze_c; other clients, which may read: "
                    + "127.0.0.1 (role reader, application report-viewer, pid " + reader.pid() + ")", lines.get(0));
            assertTrue(lines.get(1).startsWith("freeze writes      ok: no row written over "), printed);
            Matcher m = Pattern.compile("freeze of freeze_c on odoo@legacy proven: no session of Odoo's role odoo, no write over (\\d+) s")
                    .matcher(lines.get(2));
            assertTrue(m.matches(), printed);
            assertTrue(Long.parseLong(m.group(1)) >= FreezeProof.SETTLE.toSeconds() + FreezeProof.LATE_COUNTS.toSeconds(), printed);
            // every session of the tool has ended, so its counts, if it had any, are in
            assertEquals(before, rawWrites("freeze_c"), "pg_stat_database's write counter of freeze_c");
        }
    }

    @Test
    void anAnalyzeOrANewRoleElsewhereMovesNoCounterOfTheProofWhileAWriteDoes() {
        legacyDatabase("freeze_d");
        UnaryOperator<String> sql = sql("freeze_d");
        long raw = rawWrites("freeze_d");
        long counted = FreezeProof.Sample.parse(sql.apply(FreezeProof.SQL)).writes();

        pg.psql("freeze_d", "ANALYZE res_partner");  // what autovacuum does after Odoo's last writes: pg_statistic rows

        assertNotEquals(raw, rawWrites("freeze_d"), "ANALYZE writes pg_statistic rows, which pg_stat_database counts");
        assertEquals(counted, FreezeProof.Sample.parse(sql.apply(FreezeProof.SQL)).writes());

        // roles and databases are rows of shared catalogs, which every database's pg_stat_sys_tables shows
        pg.psql("postgres", "CREATE ROLE someone_else");
        pg.psql("postgres", "CREATE DATABASE another_one");

        assertEquals(counted, FreezeProof.Sample.parse(sql.apply(FreezeProof.SQL)).writes());

        pg.psqlAs("writer", "freeze_d", "INSERT INTO res_partner (name) VALUES ('one more')");

        assertEquals(counted + 1, FreezeProof.Sample.parse(sql.apply(FreezeProof.SQL)).writes());
    }
}
