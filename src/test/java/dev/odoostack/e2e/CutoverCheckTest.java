package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/odoo-stack cutover opw check} on the Pulumi engine, against the legacy host fixture (another machine
 * with real sshd and PostgreSQL, read over SSH as the restore reads it): a production stack with backups and a passed
 * drill may start a cutover; another Odoo series on the legacy host, or a stack that is not production, is refused
 * in one line with the fix. The legacy database is Odoo-SHAPED (a stand-in, not Odoo's), and the stack's Odoo is
 * the Odoo STAND-IN, not Odoo.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CutoverCheckTest {
    private static final String STACK = "opw";
    private static final String LEGACY_DB = "opw_prod";

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static LegacyHost legacy;
    static RealEngine.Project project;
    static String series;

    @BeforeAll
    static void productionStackWithADrilledBackup() throws IOException {
        legacy = opw.legacyHost("legacy", "odoo-cutover-e2e", "10.203.17");
        legacy.seed(LEGACY_DB, 2, 10, 8);
        project = opw.project(lines(true));
        project.withoutRestore(STACK);
        // the stand-in legacy database says it runs the series of the stack's image: like for like
        series = project.odooVersion(STACK);
        legacy.runsSeries(LEGACY_DB, series);
        project.upOk(STACK);
        opw.database("CREATE TABLE res_partner (id serial, name text); INSERT INTO res_partner (name) VALUES ('a partner')");
        project.backupAndDrillOk(STACK);
    }

    /** A production stack with backups to a local repository, and the legacy host as its cutover source. */
    static List<String> lines(boolean production) {
        List<String> lines = legacy.productionStack(LEGACY_DB, opw.tmp().resolve("repository"));
        lines.set(0, "odoo-stack:production: " + production);
        return lines;
    }

    private static Cmd.Result check() {
        return project.odooStack("cutover", STACK, "check");
    }

    private static String line(Cmd.Result r, String check) {
        return r.out().lines().filter(l -> l.startsWith("check " + check + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line of the check " + check + ":\n" + r.out() + r.err()));
    }

    @Test
    @Order(1)
    void aReadyProductionStackMayStartACutoverAndEachCheckSaysSoInOneLine() {
        Cmd.Result r = project.odooStack("cutover", STACK, "check");
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        for (String check : List.of("target", "backups", "legacy", "postgres", "series", "room")) {
            assertTrue(line(r, check).matches("check " + check + " +ok: .*"), line(r, check));
        }
        assertTrue(line(r, "backups").contains("last restore drill passed"), line(r, "backups"));
        assertTrue(line(r, "legacy").contains("readable as restore_reader"), line(r, "legacy"));
        assertEquals("check series    ok: Odoo " + series + " on both", line(r, "series"));
        assertTrue(r.out().contains("freeze window: not known, no rehearsal of opw is recorded yet"), r.out());
        assertTrue(r.out().contains("cutover of opw may start"), r.out());
        assertFalse(r.err().contains("odoo-stack:"), "no refusal when every check passes: " + r.err());
    }

    @Test
    @Order(2)
    void theCheckOnlyReadsTheLegacyDatabase() {
        // the write counters of the legacy database stay as they were over a check (each of the check's sessions
        // has ended, and a session's counts reach pg_stat_database at the latest when it ends)
        String sql = "SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = '" + LEGACY_DB + "'";
        String before = legacy.psql(LEGACY_DB, sql);
        assertEquals(0, check().exit());
        assertEquals(before, legacy.psql(LEGACY_DB, sql));
    }

    /** The freeze proof over SSH: with no Odoo running there, proven after its 21 s, and the counters as they were. */
    @Test
    @Order(3)
    void withNothingWritingTheFreezeIsProvenOverSshAndTheProofOnlyReads() {
        // the rows of the database's own tables: an autovacuum that analyzes after the seed writes pg_statistic rows,
        // which pg_stat_database counts (153 of them over the proof in the first run) and the proof rightly leaves out
        String sql = "SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables";
        String before = legacy.psql(LEGACY_DB, sql);

        Cmd.Result r = project.odooStack("cutover", STACK, "freeze");

        assertEquals(0, r.exit(), () -> r.err() + r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("freeze connections ok: no session of Odoo's role postgres on " + LEGACY_DB), r.out());
        assertTrue(lines.get(1).startsWith("freeze writes      ok: no row written over 2"), r.out());
        assertTrue(lines.get(2).matches("freeze of " + LEGACY_DB + " on \\S+ proven: no session of Odoo's role postgres, no write over (2[1-9]|[3-9]\\d) s"),
                r.out());
        // each session of the proof has ended, so its counts, had it any, are in
        assertEquals(before, legacy.psql(LEGACY_DB, sql));
    }

    @Test
    @Order(4)
    void anotherOdooSeriesOnTheLegacyHostIsRefusedAndTheUpgradeIsNamedAsItsOwnStep() {
        String other = series.equals("16.0") ? "15.0" : "16.0";
        legacy.psql(LEGACY_DB, "UPDATE ir_module_module SET latest_version = '" + other + ".1.0' WHERE name = 'base'");
        try {
            Cmd.Result r = check();
            assertNotEquals(0, r.exit(), r.out());
            String seriesLine = line(r, "series");
            assertTrue(seriesLine.startsWith("check series    refused: " + LEGACY_DB + " is Odoo " + other + ", opw's image runs " + series
                    + "; a cutover copies like for like, and an upgrade is a separate step (docs/operations.md, odooUpgradedFrom):"
                    + " cut over onto an image of " + other + " (pulumi config set odoo"), seriesLine);
            assertTrue(seriesLine.endsWith(":" + other + " --stack opw), then upgrade") || seriesLine.endsWith("odooBranch " + other
                    + " --stack opw), then upgrade"), "the fix names the setting that runs the stack on " + other + ": " + seriesLine);
            assertTrue(line(r, "legacy").contains(" ok: "), "the other checks still pass: " + r.out());
            assertEquals(List.of("odoo-stack: cutover of opw may not start: 1 of 6 checks refused (each line says the fix);"
                    + " then run bin/odoo-stack cutover opw check again"), r.err().strip().lines().toList());
        } finally {
            legacy.runsSeries(LEGACY_DB, series);
        }
    }

    @Test
    @Order(5)
    void aStackThatIsNotProductionIsRefusedWithTheSettingThatMakesIt() throws IOException {
        project.setStackFile(STACK, lines(false));
        project.withoutRestore(STACK);
        Cmd.Result r = check();
        assertEquals(1, r.exit(), r.out());
        assertFalse(r.out().contains("check "), "no check runs against a stack the settings refuse: " + r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.contains("odoo-stack:cutoverUpstream") && l.contains("not marked production")
                && l.contains("pulumi config set production true --stack opw")), r.err());
    }
}
