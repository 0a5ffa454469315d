package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/odoo-stack cutover opw final} on the Pulumi engine, against the legacy host fixture (another machine with
 * real sshd and PostgreSQL 15, read over SSH): a process standing in for the legacy Odoo writes rows until it stops;
 * while it runs, final refuses and names it; a copy changed from outside (psql, no hook in the product) fails the
 * verification and nothing is swapped; once it has stopped, final copies every row it wrote, verifies, swaps and the
 * stack's Odoo comes back healthy, noted live; a second final is refused. The legacy database is Odoo-SHAPED (a
 * stand-in), the writer is a psql session standing in for the legacy Odoo, and the stack's Odoo is the Odoo STAND-IN.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CutoverFinalTest {
    private static final String STACK = "opw";
    private static final String LEGACY_DB = "opw_prod";
    private static final String WRITTEN = "written by the stand-in legacy Odoo";

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static LegacyHost legacy;
    static RealEngine.Project project;
    static Writer standInOdoo;
    static Process standInOdooProcess;

    @BeforeAll
    static void productionStackWithADrilledBackupAndTheLegacyHostAsItsCutoverSource() throws IOException {
        legacy = opw.legacyHost("legacy", "odoo-final-e2e", "10.203.22");
        legacy.seed(LEGACY_DB, 2, 30, 8);
        project = opw.project(legacy.productionStack(LEGACY_DB, opw.tmp().resolve("repository")));
        project.withoutRestore(STACK);
        // like for like: the legacy database runs the series of the stack's image
        legacy.runsSeries(LEGACY_DB, project.odooVersion(STACK));
        project.upOk(STACK);
        // the stack's database before the cutover: what abort would return to
        opw.database("CREATE TABLE res_partner (id serial, name text); INSERT INTO res_partner (name) VALUES ('before the cutover')");
        project.backupAndDrillOk(STACK);
    }

    @AfterAll
    static void stopTheWriter() throws Exception {
        stopStandInOdoo();
    }

    private static Cmd.Result cutover(String step) {
        return project.odooStack("cutover", STACK, step);
    }

    @Test
    @Order(1)
    void beforeAnySyncFinalIsRefusedAndNothingIsCopied() {
        Cmd.Result r = cutover("final");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("needs the legacy filestore synced ahead") && r.err().contains("bin/odoo-stack cutover opw sync"), r.err());
        assertEquals("", databases("opw~restore"));
    }

    @Test
    @Order(2)
    void whileTheLegacyOdooStillWritesFinalRefusesAndNamesIt() throws Exception {
        assertEquals(0, cutover("sync").exit());
        startStandInOdoo();
        RealEngine.await("the stand-in legacy Odoo's first rows", Duration.ofSeconds(30), () -> writtenOnLegacy() > 0);

        Cmd.Result r = cutover("final");

        assertEquals(1, r.exit(), r.out() + r.err());
        String refusal = lastLine(r.err());
        assertTrue(refusal.contains("freeze of " + LEGACY_DB) && refusal.contains("not proven") && refusal.contains("still connected"), refusal);
        assertTrue(refusal.contains("application stand-in-legacy-odoo"), "names the client: " + refusal);
        assertEquals("", databases("opw~restore"), "nothing was copied");
        assertEquals("before the cutover", RealEngine.psql(STACK, STACK, "SELECT string_agg(name, ',') FROM res_partner"));
    }

    /** The copy is changed from outside between its load and its verification: no swap, the live copy untouched. */
    @Test
    @Order(3)
    void aCopyThatDiffersFromTheLegacyDatabaseIsNotSwappedIn() throws Exception {
        stopStandInOdoo();
        Started fin = start("cutover", STACK, "final");
        // once the staged copy has its tables, a session waits in it for the stage's note (the copy loaded), then writes
        RealEngine.await("the staged copy's partners", Duration.ofMinutes(3), () -> !databases("opw~restore").isEmpty()
                && RealEngine.docker("exec", "opw-postgres", "psql", "-U", "odoo", "-d", "opw~restore", "-Atc",
                "SELECT to_regclass('public.res_partner')").out().strip().equals("res_partner"));
        Cmd.Result changed = Cmd.run(List.of("docker", "exec", "-i", "opw-postgres", "psql", "-X", "-q", "-U", "odoo", "-d", "opw~restore",
                "-v", "ON_ERROR_STOP=1"), RealEngine.env(), """
                SET default_transaction_read_only = off;
                SET statement_timeout = '5min';
                DO $$ BEGIN
                  LOOP
                    EXIT WHEN (SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database())
                      LIKE 'odoo-stack restore:%';
                    PERFORM pg_sleep(0.05);
                  END LOOP;
                END $$;
                INSERT INTO res_partner (name) VALUES ('changed in the copy from outside');
                """, Duration.ofMinutes(6));
        assertEquals(0, changed.exit(), changed.err());
        assertTrue(fin.process().waitFor(5, TimeUnit.MINUTES));
        String out = Files.readString(fin.out());
        String err = Files.readString(fin.err());

        assertEquals(1, fin.process().exitValue(), out + err);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("verification failed: rows differ in 1 of ")), out);
        String refusal = lastLine(err);
        assertTrue(refusal.contains("final of opw stopped before the swap: the copy differs from the legacy database"), refusal);
        Path report = project.home.resolve("cutover/opw/verification");
        assertTrue(Files.readString(report).contains("public.res_partner: "), Files.readString(report));
        assertEquals("before the cutover", RealEngine.psql(STACK, STACK, "SELECT string_agg(name, ',') FROM res_partner"), "not swapped");
        assertEquals("", note(STACK));
    }

    @Test
    @Order(4)
    void onceTheLegacyOdooHasStoppedFinalCopiesEveryRowItWroteVerifiesAndGoesLive() throws IOException {
        long written = writtenOnLegacy();
        assertTrue(written > 0);
        String lastWritten = legacy.psql(LEGACY_DB, "SELECT max(id) FROM res_partner");
        Map<String, String> containers = RealEngine.containerIds(STACK);

        Cmd.Result r = cutover("final");

        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("freeze of " + LEGACY_DB + " on "), r.out());
        assertTrue(r.out().contains("restore: neutralize skipped: production's copy, like for like"), "not neutralized: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("verified: rows of ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("final freeze window ")), r.out());
        assertTrue(r.out().contains("final: opw is live from " + legacy.get("LEGACY_DESTINATION") + ":" + LEGACY_DB + " since "), r.out());
        // every row the legacy Odoo wrote before it stopped is live on the stack, as it was
        assertEquals(String.valueOf(written), RealEngine.psql(STACK, STACK, "SELECT count(*) FROM res_partner WHERE name LIKE '" + WRITTEN + "%'"));
        assertEquals(lastWritten, RealEngine.psql(STACK, STACK, "SELECT max(id) FROM res_partner"));
        assertEquals(legacy.psql(LEGACY_DB, "SELECT count(*) FROM res_partner"), RealEngine.psql(STACK, STACK, "SELECT count(*) FROM res_partner"));
        assertFalse(RealEngine.psql(STACK, STACK, "SELECT count(*) FROM res_partner WHERE name = 'changed in the copy from outside'").equals("1"));
        assertEquals("before the cutover", RealEngine.psql(STACK, "opw~previous", "SELECT string_agg(name, ',') FROM res_partner"),
                "the copy before the cutover is the previous generation");
        assertTrue(note(STACK).startsWith("odoo-stack cutover: live from " + legacy.get("LEGACY_DESTINATION") + ":" + LEGACY_DB + " at "), note(STACK));
        opw.awaitOdooHealthy();
        Cmd.Result status = project.odooStack("status", STACK);
        assertTrue(status.out().contains("cutover:  live from " + legacy.get("LEGACY_DESTINATION") + ":" + LEGACY_DB + " at "), status.out());
        // in the stack's outputs too, through an up that changed nothing else: every container is the one it was
        String wentLive = note(STACK).substring("odoo-stack cutover: live from ".length());
        assertEquals(wentLive, project.pulumi("stack", "output", "wentLive", "--stack", STACK).orThrow().out().strip());
        assertTrue(r.out().contains("outputs: wentLive " + wentLive + " (bin/odoo-stack status opw"), r.out());
        assertEquals(containers, RealEngine.containerIds(STACK), "no container replaced by final's up");
        assertTrue(Files.readString(project.dir.resolve("Pulumi.opw.yaml")).contains("odoo-stack:cutoverWentLive: \"" + wentLive + "\""));
        String record = Files.readString(project.home.resolve("cutover/opw/final"));
        assertTrue(record.contains("\nbaseline public.res_partner "), record);
        // the legacy database was only read: the stand-in Odoo's rows are all it has beyond the seed
        assertEquals(String.valueOf(written), legacy.psql(LEGACY_DB, "SELECT count(*) FROM res_partner WHERE name LIKE '" + WRITTEN + "%'"));
    }

    @Test
    @Order(5)
    void aSecondFinalIsRefusedInOneLine() {
        String before = RealEngine.psql(STACK, STACK, "SELECT count(*) || ' ' || max(id) FROM res_partner");

        Cmd.Result r = cutover("final");

        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("final of opw refused: opw went live from " + legacy.get("LEGACY_DESTINATION")), r.err());
        assertTrue(r.err().strip().endsWith("bin/odoo-stack cutover opw abort"), r.err());
        assertEquals(before, RealEngine.psql(STACK, STACK, "SELECT count(*) || ' ' || max(id) FROM res_partner"));
        assertNotEquals("", note(STACK));
    }

    // ------------------------------------------------------------------ the stand-in legacy Odoo

    /** A psql session of Odoo's role on the legacy host that commits a row every 100 ms until stopped. */
    static void startStandInOdoo() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-q", "-h", legacy.get("LEGACY_PGHOST"), "-p", legacy.get("LEGACY_PGPORT"),
                "-U", "postgres", "-d", LEGACY_DB).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PGAPPNAME", "stand-in-legacy-odoo");
        standInOdooProcess = pb.start();
        standInOdoo = new OutputStreamWriter(standInOdooProcess.getOutputStream(), StandardCharsets.UTF_8);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 1; ; i++) {
                    standInOdoo.write("INSERT INTO res_partner (name, create_date) VALUES ('" + WRITTEN + " " + i + "', now()); SELECT pg_sleep(0.1);\n");
                    standInOdoo.flush();
                    Thread.sleep(20); // the pg_sleep paces it; this only keeps the pipe from filling up
                }
            } catch (IOException | InterruptedException e) {
                // stopped
            }
        });
        writer.setDaemon(true);
        writer.start();
    }

    /** The legacy Odoo stopped: its session ends once what it had sent is committed. */
    static void stopStandInOdoo() throws Exception {
        if (standInOdooProcess == null) {
            return;
        }
        try {
            standInOdoo.close();
        } catch (IOException e) {
            // already closed
        }
        if (!standInOdooProcess.waitFor(60, TimeUnit.SECONDS)) {
            standInOdooProcess.destroyForcibly().waitFor();
        }
        standInOdooProcess = null;
    }

    private static long writtenOnLegacy() {
        return Long.parseLong(legacy.psql(LEGACY_DB, "SELECT count(*) FROM res_partner WHERE name LIKE '" + WRITTEN + "%'"));
    }

    private static String databases(String name) {
        return RealEngine.psql(STACK, "postgres", "SELECT datname FROM pg_database WHERE datname = '" + name + "'");
    }

    private static String note(String db) {
        return RealEngine.psql(STACK, "postgres", "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = '" + db + "'");
    }

    private static Started start(String... args) throws IOException {
        List<String> c = new ArrayList<>(List.of(RealEngine.REPO.resolve("bin/odoo-stack").toString()));
        c.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(c);
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(project.operatorEnv());
        // both streams to files: a full pipe would stop the command
        Path out = Files.createTempFile(opw.tmp(), "final", ".out");
        Path err = Files.createTempFile(opw.tmp(), "final", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(p, out, err);
    }

    /** A process whose output goes to files; read them once it has ended. */
    private record Started(Process process, Path out, Path err) {
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((a, b) -> b).orElse("");
    }
}
