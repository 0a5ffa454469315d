package dev.odoostack.commands;

import dev.odoostack.cutover.DatabaseFacts;
import dev.odoostack.cutover.Verification;
import dev.odoostack.engine.Failure;
import dev.odoostack.restore.PostgresCluster;
import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cutover's verification as its shell runs it: the query on a throwaway PostgreSQL cluster, as a role with the
 * grants docs/cutover.md asks for, and find and sha256sum on a filestore here, the source and a copy of it.
 */
class CutoverVerifyTest {
    @TempDir
    static Path tmp;

    static PostgresCluster pg;

    /** Odoo's shape, small: a serial, a sequence never used, a table with an odd name, attachments in the filestore. */
    static final String SOURCE = """
            CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar);
            INSERT INTO res_partner (name) SELECT 'partner ' || i FROM generate_series(1, 250) i;
            CREATE SEQUENCE never_used_seq;
            CREATE SCHEMA "odd schema";
            CREATE TABLE "odd schema"."Odd Table" (x int);
            CREATE TABLE ir_attachment (id serial PRIMARY KEY, name varchar, store_fname varchar, db_datas bytea);
            INSERT INTO ir_attachment (name, store_fname) VALUES ('a.pdf', 'ab/ab01'), ('b.pdf', 'cd/cd02'), ('c.pdf', 'cd/cd02');
            INSERT INTO ir_attachment (name, db_datas) VALUES ('in the database', 'x');
            """;

    @BeforeAll
    static void startCluster() throws IOException {
        assumeTrue(PostgresCluster.binDir().isPresent(),
                "PostgreSQL server binaries not found (apt-get install postgresql): SQL tests skipped");
        pg = PostgresCluster.start(tmp.resolve("pg"));
        pg.psql("postgres", "CREATE ROLE cutover_reader LOGIN; GRANT pg_read_all_data, pg_read_all_stats TO cutover_reader;");
    }

    @AfterAll
    static void stopCluster() {
        if (pg != null) {
            pg.close();
        }
    }

    /** A source database and filestore, and a copy of both: the database from it as a template, the files by cp -a. */
    static CutoverVerify.Side[] sourceAndCopy(String name) throws IOException {
        pg.psql("postgres", "CREATE DATABASE " + name);
        pg.psql(name, SOURCE);
        pg.psql("postgres", "CREATE DATABASE " + name + "_copy TEMPLATE " + name);
        Path files = tmp.resolve(name);
        for (String[] f : List.of(new String[]{"ab/ab01", "one"}, new String[]{"cd/cd02", "two, changed since the sync"},
                new String[]{"ef/ef03", "three, no attachment"})) {
            Files.createDirectories(files.resolve(f[0]).getParent());
            Files.writeString(files.resolve(f[0]), f[1]);
        }
        Cmd.run(List.of("cp", "-a", files.toString(), files + "_copy")).orThrow();
        return new CutoverVerify.Side[]{side(name, files), side(name + "_copy", Path.of(files + "_copy"))};
    }

    static CutoverVerify.Side side(String db, Path files) {
        return new CutoverVerify.Side(db, sql -> pg.psqlAs("cutover_reader", db, sql),
                (command, stdin) -> Cmd.run(List.of("sh", "-c", command), Map.of(), stdin, Duration.ofSeconds(60)).orThrow().out(),
                files.toString());
    }

    static String writes(String db) {
        return pg.psql(db, "SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()");
    }

    @Test
    void aFaithfulCopyIsVerifiedInOneLineAndTheReportSaysWhatWasCompared() throws IOException {
        CutoverVerify.Side[] s = sourceAndCopy("faithful");
        var out = new ByteArrayOutputStream();
        Path report = tmp.resolve("reports/faithful.txt");

        Verification.Report r = CutoverVerify.run(s[0], s[1], List.of("cd/cd02"), report, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertTrue(r.ok(), r.text());
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("verified: rows of 3 tables equal, 3 sequences at least the source's, 3 files, 50 bytes in the filestore, "
                + "checksums of 1 files changed since the last sync equal, every one of 2 attachments has its file ("), line);
        assertTrue(line.strip().endsWith("; report: " + report + ")"), line);
        assertEquals(1, line.lines().count(), line);
        String text = Files.readString(report);
        assertTrue(text.startsWith("verification of faithful_copy against faithful at "), text);
        assertEquals(6, text.lines().count(), text);
    }

    @Test
    void eachChangeToTheCopyMadeFromOutsideIsAMismatchTheReportNames() throws IOException {
        CutoverVerify.Side[] s = sourceAndCopy("changed");
        pg.psql("changed_copy", """
                DELETE FROM res_partner WHERE id = 7;
                SELECT setval('res_partner_id_seq', 100);
                INSERT INTO "odd schema"."Odd Table" VALUES (1);
                """);
        Path copyFiles = Path.of(s[1].filestore());
        Files.writeString(copyFiles.resolve("cd/cd02"), "TWO, CHANGED SINCE THE SYNC");  // same size, other bytes
        Files.delete(copyFiles.resolve("ab/ab01"));
        Path report = tmp.resolve("changed.txt");

        Verification.Report r = CutoverVerify.run(s[0], s[1], List.of("cd/cd02"), report,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertFalse(r.ok());
        assertEquals("verification failed: rows differ in 2 of 3 tables; 1 of 3 sequences behind the source; "
                + "the filestore has 2 files, 47 bytes, the source 3 files, 50 bytes; "
                + "checksums differ for 1 of 1 files changed since the last sync; 1 of 2 attachments have no file", r.summary());
        String text = Files.readString(report);
        for (String says : List.of("public.res_partner: 250 rows in the source, 249 rows in the copy",
                "\"odd schema\".\"Odd Table\": 0 rows in the source, 1 rows in the copy",
                "public.res_partner_id_seq: 250 in the source, 100 in the copy",
                "ab/ab01: 3 bytes in the source, no file in the copy", "cd/cd02: sha256 ", "ab/ab01: no such file in the copy's filestore")) {
            assertTrue(text.contains(says), says + " in:\n" + text);
        }
    }

    @Test
    void theVerificationWritesNothingOnTheSourceAndItsSessionsAreMarkedAsTheTools() throws IOException {
        CutoverVerify.Side[] s = sourceAndCopy("readonly");
        String before = writes("readonly");

        CutoverVerify.run(s[0], s[1], List.of(), tmp.resolve("readonly.txt"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // each psql session has ended, so its counters are in pg_stat_database
        assertEquals(before, writes("readonly"), "the source's write counters");
        assertEquals("odoo-stack-cutover|on", pg.psqlAs("cutover_reader", "readonly", DatabaseFacts.SESSION
                + "SELECT current_setting('application_name') || '|' || current_setting('transaction_read_only');"));
        assertThrows(Exception.class, () -> pg.psql("readonly", DatabaseFacts.SESSION + "INSERT INTO res_partner (name) VALUES ('x');"));
    }

    @Test
    void aSourceThatAnswersSomethingElseIsOneLineAndNoReport() throws IOException {
        CutoverVerify.Side[] s = sourceAndCopy("stray");
        CutoverVerify.Side odd = new CutoverVerify.Side("odoo@opw-prod.shiny stray", sql -> "Welcome to the legacy host!\n",
                s[0].shell(), s[0].filestore());
        Path report = tmp.resolve("stray.txt");

        Failure f = assertThrows(Failure.class, () -> CutoverVerify.run(odd, s[1], List.of(), report,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));

        assertEquals("cannot verify: odoo@opw-prod.shiny stray answered what the verification does not read for its database "
                + "(not a line of the verification's query: Welcome to the legacy host!); nothing was changed", f.getMessage());
        assertFalse(Files.exists(report));
    }
}
