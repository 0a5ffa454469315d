package dev.odoostack.cutover;

import dev.odoostack.cutover.Preflight.Backups;
import dev.odoostack.cutover.Preflight.Check;
import dev.odoostack.cutover.Preflight.Legacy;
import dev.odoostack.cutover.Preflight.Space;
import dev.odoostack.cutover.Preflight.Target;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each decision of {@code cutover <stack> check}, over facts written here. */
class PreflightTest {
    static final long GIB = 1L << 30;
    static final long NOW = 1_800_000_000L;

    static Target target() {
        return new Target("opw", true, 7, List.of(), 17, Optional.of("16.0"), PreflightTest::runSeries,
                new Space(100 * GIB, "/var/lib/postgresql/data", 100 * GIB, "/var/lib/odoo", true));
    }

    static String runSeries(String series) {
        return "pulumi config set odooBaseImage ghcr.io/adomi-io/odoo:" + series + " --stack opw";
    }

    static Legacy legacy() {
        return new Legacy("odoo@opw-prod.shiny", "opw_prod", null, "cutover_reader", 150004, true, true, "16.0.1.3",
                10 * GIB, 20 * GIB);
    }

    static Backups drilled() {
        return new Backups(true, Optional.of((NOW - 3 * 3600) + " ok 1a2b3c4d partners=10 attachments=4 files=4"), NOW);
    }

    private static void refused(Check c, String... says) {
        assertFalse(c.ok(), c.line());
        assertTrue(c.line().startsWith("check " + c.name()) && c.line().contains(" refused: "), c.line());
        for (String s : says) {
            assertTrue(c.line().contains(s), "'" + s + "' in: " + c.line());
        }
        assertFalse(c.line().contains("\n"), "one line: " + c.line());
    }

    @Test
    void everyCheckPassesOnAReadyTargetAndSource() {
        List<Check> checks = Preflight.all(target(), drilled(), legacy(), "ssh ...");
        assertEquals(List.of("target", "backups", "legacy", "postgres", "series", "room"), checks.stream().map(Check::name).toList());
        checks.forEach(c -> assertTrue(c.ok(), c.line()));
        assertEquals("check series    ok: Odoo 16.0 on both", checks.get(4).line());
    }

    @Test
    void aNonProductionTargetIsRefusedWithTheSettingThatMakesItOne() {
        Target t = target();
        refused(Preflight.target(new Target("opw", false, t.containers(), t.unsettled(), 17, t.odooSeries(), PreflightTest::runSeries, t.space())),
                "not marked production", "pulumi config set production true --stack opw");
    }

    @Test
    void aTargetThatIsNotUpAndHealthyNamesEachContainerThatIsNotAndTheFix() {
        Target t = target();
        List<String> unsettled = List.of("opw-odoo running (unhealthy)", "opw-traefik missing");
        refused(Preflight.target(new Target("opw", true, 7, unsettled, 17, t.odooSeries(), PreflightTest::runSeries, t.space())),
                "opw is not up and healthy (opw-odoo running (unhealthy), opw-traefik missing)",
                "bin/odoo-stack up opw, then bin/odoo-stack status opw");
        refused(Preflight.target(new Target("opw", true, 0, List.of(), 17, t.odooSeries(), PreflightTest::runSeries, t.space())),
                "(no container)");
        assertEquals("check target    ok: opw is production, 7 containers up and healthy", Preflight.target(t).line());
    }

    @Test
    void backupsMustBeOnAndTheLastDrillMustHavePassed() {
        refused(Preflight.backups("opw", new Backups(false, Optional.empty(), NOW)), "no backups", "pulumi config set backup true --stack opw");
        refused(Preflight.backups("opw", new Backups(true, Optional.empty(), NOW)), "no restore drill", "bin/odoo-stack backup opw --drill");
        refused(Preflight.backups("opw", new Backups(true, Optional.of((NOW - 7200) + " failed: restic check: pack damaged"), NOW)),
                "2 hours ago, failed: restic check: pack damaged", "bin/odoo-stack backup opw --drill");
        refused(Preflight.backups("opw", new Backups(true, Optional.of("garbage"), NOW)), "cannot be read");
        Check ok = Preflight.backups("opw", drilled());
        assertTrue(ok.ok(), ok.line());
        assertTrue(ok.text().contains("passed 3 hours ago"), ok.line());
    }

    @Test
    void aLegacyHostThatDoesNotAnswerIsRefusedAndWhatDependsOnItCannotPass() {
        Legacy gone = Legacy.unreachable("odoo@opw-prod.shiny", "opw_prod", "ssh: connect to host opw-prod.shiny port 22: Connection refused");
        List<Check> checks = Preflight.all(target(), drilled(), gone, "ssh -F none odoo@opw-prod.shiny psql");
        refused(checks.get(2), "does not answer", "Connection refused", "ssh -F none odoo@opw-prod.shiny psql");
        for (Check c : checks.subList(3, 6)) {
            refused(c, "cannot tell");
        }
    }

    @Test
    void aRoleWithoutTheReadGrantsIsRefusedWithTheGrantToRun() {
        Legacy l = legacy();
        refused(Preflight.legacy("opw", new Legacy(l.destination(), l.db(), null, "reader", l.versionNum(), true, false,
                        l.baseVersion(), l.dbBytes(), l.filestoreBytes()), "ssh"),
                "role reader", "lacks pg_read_all_stats", "GRANT pg_read_all_stats TO reader");
        refused(Preflight.legacy("opw", new Legacy(l.destination(), l.db(), null, "reader", l.versionNum(), false, false,
                        l.baseVersion(), l.dbBytes(), l.filestoreBytes()), "ssh"),
                "lacks pg_read_all_data and pg_read_all_stats", "GRANT pg_read_all_data, pg_read_all_stats TO reader");
    }

    @Test
    void aLegacyPostgresNewerThanTheTargetsIsRefused() {
        Legacy l = legacy();
        Legacy newer = new Legacy(l.destination(), l.db(), null, l.role(), 180001, true, true, l.baseVersion(), l.dbBytes(), l.filestoreBytes());
        refused(Preflight.postgres(target(), newer), "legacy PostgreSQL 18 is newer than the target's 17",
                "pulumi config set postgresVersion 18 --stack opw");
        assertTrue(Preflight.postgres(target(), l).ok(), "15 into 17");
        Legacy same = new Legacy(l.destination(), l.db(), null, l.role(), 170002, true, true, l.baseVersion(), l.dbBytes(), l.filestoreBytes());
        assertTrue(Preflight.postgres(target(), same).ok(), "17 into 17");
        Legacy old = new Legacy(l.destination(), l.db(), null, l.role(), 90624, true, true, l.baseVersion(), l.dbBytes(), l.filestoreBytes());
        assertEquals("check postgres  ok: legacy 9, target 17", Preflight.postgres(target(), old).line(), "9.6's number is read as 9");
    }

    @Test
    void anotherOdooSeriesIsRefusedAndTheUpgradeIsNamedAsASeparateStep() {
        Target t = target();
        Target newer = new Target("opw", true, t.containers(), t.unsettled(), 17, Optional.of("17.0"), PreflightTest::runSeries, t.space());
        refused(Preflight.series(newer, legacy()), "opw_prod is Odoo 16.0", "image runs 17.0", "like for like",
                "an upgrade is a separate step", "pulumi config set odooBaseImage ghcr.io/adomi-io/odoo:16.0 --stack opw");
        refused(Preflight.series(new Target("opw", true, t.containers(), t.unsettled(), 17, Optional.empty(), PreflightTest::runSeries, t.space()), legacy()),
                "not known", "pulumi config set odooSeries 16.0 --stack opw");
        Legacy l = legacy();
        refused(Preflight.series(t, new Legacy(l.destination(), l.db(), null, l.role(), l.versionNum(), true, true, null,
                l.dbBytes(), l.filestoreBytes())), "cannot be read from ir_module_module", "no version of base");
    }

    @Test
    void theSeriesIsTheModuleVersionsFirstTwoParts() {
        assertEquals(Optional.of("16.0"), Preflight.series("16.0.1.3"));
        assertEquals(Optional.of("saas~17.2"), Preflight.series("saas~17.2.1.0"));
        assertEquals(Optional.of("17.0"), Preflight.series("17.0"));
        assertEquals(Optional.empty(), Preflight.series(""));
        assertEquals(Optional.empty(), Preflight.series("abc"));
    }

    @Test
    void roomIsTheDatabaseTwiceAndTheFilestoreOnceOnOneFileSystem() {
        Target t = target();
        // 10 GiB database, 20 GiB files: 40 GiB needed
        Check enough = Preflight.room(new Target("opw", true, t.containers(), t.unsettled(), 17, t.odooSeries(), PreflightTest::runSeries,
                new Space(40 * GIB, "/var/lib/postgresql/data", 40 * GIB, "/var/lib/odoo", true)), legacy());
        assertTrue(enough.ok(), enough.line());
        refused(Preflight.room(new Target("opw", true, t.containers(), t.unsettled(), 17, t.odooSeries(), PreflightTest::runSeries,
                        new Space(40 * GIB - 1, "/var/lib/postgresql/data", 40 * GIB - 1, "/var/lib/odoo", true)), legacy()),
                "needs 40.0 GiB", "database twice (20.0 GiB)", "filestore once (20.0 GiB)", "/var/lib/postgresql/data has 40.0 GiB free");
    }

    @Test
    void onTwoFileSystemsEachMustHoldItsOwnPart() {
        Target t = target();
        Check both = Preflight.room(new Target("opw", true, t.containers(), t.unsettled(), 17, t.odooSeries(), PreflightTest::runSeries,
                new Space(20 * GIB, "/pg", 20 * GIB, "/files", false)), legacy());
        assertTrue(both.ok(), both.line());
        refused(Preflight.room(new Target("opw", true, t.containers(), t.unsettled(), 17, t.odooSeries(), PreflightTest::runSeries,
                new Space(20 * GIB - 1, "/pg", 100 * GIB, "/files", false)), legacy()), "database needs 20.0 GiB", "/pg has");
        refused(Preflight.room(new Target("opw", true, t.containers(), t.unsettled(), 17, t.odooSeries(), PreflightTest::runSeries,
                new Space(100 * GIB, "/pg", 20 * GIB - 1, "/files", false)), legacy()), "filestore needs 20.0 GiB", "/files has");
    }

    @Test
    void theFreezeWindowSaysWhenNoRehearsalIsRecorded() {
        assertEquals("freeze window: not known, no rehearsal of opw is recorded yet: bin/odoo-stack cutover opw rehearse",
                Preflight.freezeWindow("opw", Optional.empty()));
        var phases = new java.util.LinkedHashMap<String, Double>();
        phases.put("deploy", 30.0);
        phases.put("copy", 60.2);
        phases.put("verify", 4.4);
        phases.put("start", 9.0);
        phases.put("remove", 5.0);
        var r = new Rehearsal.Record(java.time.Instant.parse("2026-12-07T20:00:00Z"), phases, 1L << 30, 10_000, true);
        // the proof's 21 s + copy + verify + start; neither the scratch stack's deploy nor its removal
        assertEquals("freeze window: about 95 s (freeze proof 21 s + copy 60.2 s + verify 4.4 s + start 9.0 s), as the rehearsal"
                + " of 2026-12-07T20:00:00Z measured", Preflight.freezeWindow("opw", Optional.of(r)));
        var failed = new Rehearsal.Record(r.time(), phases, 1L << 30, 10_000, false);
        assertTrue(Preflight.freezeWindow("opw", Optional.of(failed)).endsWith(
                "; its verification failed: bin/odoo-stack cutover opw rehearse again"));
    }

    @Test
    void sizesAreWrittenAsPeopleReadThem() {
        assertEquals("512 B", Preflight.size(512));
        assertEquals("1.5 KiB", Preflight.size(1536));
        assertEquals("2.0 GiB", Preflight.size(2 * GIB));
    }
}
