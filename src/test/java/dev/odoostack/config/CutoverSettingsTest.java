package dev.odoostack.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.odoostack.config.SettingsParserTest.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cutover source's keys: valid on a production stack only; the restore stays refused there. */
class CutoverSettingsTest {

    /** A production stack with backups, and a complete cutover source. */
    static Map<String, RawValue> production() {
        Map<String, RawValue> m = SettingsParserTest.valid();
        m.put(NS + "production", RawValue.plain("true"));
        m.put(NS + "backupRepository", RawValue.plain("/srv/backups/opw"));
        m.put(NS + "backupPassword", RawValue.secret("backup-Secret-123"));
        m.put(NS + "cutoverUpstream", RawValue.plain("odoo@opw-prod.shiny"));
        m.put(NS + "cutoverSshDir", RawValue.plain("/home/deploy/.ssh/opw-prod"));
        m.put(NS + "cutoverUpstreamDb", RawValue.plain("opw_prod"));
        m.put(NS + "cutoverUpstreamFilestore", RawValue.plain("/var/lib/odoo/filestore/opw_prod"));
        return m;
    }

    private static List<String> lines(Map<String, RawValue> raw) {
        return SettingsParserTest.problems(raw).problems().stream().map(Problem::message).toList();
    }

    @Test
    void aProductionStackDeclaresItsCutoverSource() {
        Map<String, RawValue> raw = production();
        raw.put(NS + "cutoverSshPort", RawValue.plain("2222"));
        raw.put(NS + "cutoverPsql", RawValue.plain("sudo -u postgres psql"));
        Settings s = SettingsParser.parse("opw", raw, SecretPolicy.REQUIRE);
        assertEquals(new Settings.Cutover("odoo@opw-prod.shiny", 2222, "/home/deploy/.ssh/opw-prod", "opw_prod",
                "/var/lib/odoo/filestore/opw_prod", "sudo -u postgres psql"), s.cutover().orElseThrow());
        assertTrue(s.restore().isEmpty());
    }

    @Test
    void theDefaultsAreSshOn22AndThePsqlOnThePath() {
        Settings.Cutover c = SettingsParser.parse("opw", production(), SecretPolicy.REQUIRE).cutover().orElseThrow();
        assertEquals(22, c.sshPort());
        assertEquals("psql", c.psql());
    }

    @Test
    void aNonProductionStackRefusesACutoverSourceInOneLineWithTheFix() {
        Map<String, RawValue> raw = production();
        raw.put(NS + "production", RawValue.plain("false"));
        raw.put(NS + "backup", RawValue.plain("true"));
        List<String> lines = lines(raw);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("cutoverUpstream") && lines.get(0).contains("not marked production"), lines.get(0));
        assertTrue(lines.get(0).contains("pulumi config set production true --stack opw"), lines.get(0));
    }

    @Test
    void theRestoreStaysRefusedOnAProductionStackThatMayCutOver() {
        Map<String, RawValue> raw = production();
        raw.put(NS + "restoreUpstream", RawValue.plain("odoo@opw-prod.shiny"));
        raw.put(NS + "restoreSshDir", RawValue.plain("/home/deploy/.ssh/opw-prod"));
        raw.put(NS + "restoreUpstreamDb", RawValue.plain("opw_prod"));
        raw.put(NS + "restoreUpstreamFilestore", RawValue.plain("/var/lib/odoo/filestore/opw_prod"));
        List<String> lines = lines(raw);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("restoreUpstream") && lines.get(0).contains("marked production"), lines.get(0));
    }

    @Test
    void eachMissingKeyIsNamedWithTheCommandThatSetsIt() {
        Map<String, RawValue> raw = production();
        raw.remove(NS + "cutoverSshDir");
        raw.remove(NS + "cutoverUpstreamDb");
        List<String> lines = lines(raw);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("a cutover needs it (cutoverUpstream is set)")
                && l.contains("pulumi config set cutoverSshDir")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("pulumi config set cutoverUpstreamDb")), lines.toString());
    }

    @Test
    void theDestinationIsCheckedAsTheRestoresIsAndThePortHasItsOwnKey() {
        Map<String, RawValue> raw = production();
        raw.put(NS + "cutoverUpstream", RawValue.plain("odoo@opw-prod.shiny:2222"));
        List<String> lines = lines(raw);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("pulumi config set cutoverUpstream odoo@opw-prod.shiny --stack opw && pulumi config set cutoverSshPort 2222 --stack opw"),
                lines.get(0));
    }

    @Test
    void aRelativeFilestoreIsAPathOnTheLegacyHost() {
        Map<String, RawValue> raw = production();
        raw.put(NS + "cutoverUpstreamFilestore", RawValue.plain("filestore/opw_prod"));
        List<String> lines = lines(raw);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("the legacy host (cutoverUpstream)"), lines.get(0));
    }

    @Test
    void aCutoverKeyWithoutTheSourceIsNamedWithTheCommandThatRemovesIt() {
        Map<String, RawValue> raw = SettingsParserTest.valid();
        raw.put(NS + "cutoverUpstreamDb", RawValue.plain("opw_prod"));
        List<String> lines = lines(raw);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("cutoverUpstream is not set") && lines.get(0).contains("pulumi config rm cutoverUpstreamDb --stack opw"),
                lines.get(0));
    }

    @Test
    void aMultiLinePsqlIsRefused() {
        Map<String, RawValue> raw = production();
        raw.put(NS + "cutoverPsql", RawValue.plain("psql\nrm -rf /"));
        List<String> lines = lines(raw);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("cutoverPsql") && lines.get(0).contains("one-line command"), lines.get(0));
    }

    @Test
    void theDumpRunsAsTheSameRoleOrSudoRuleAsPsql() {
        Map<String, RawValue> raw = production();
        for (String[] c : new String[][]{{"sudo -u postgres psql", "sudo -u postgres pg_dump"},
                {"psql -h 127.0.0.1 -U cutover_reader", "pg_dump -h 127.0.0.1 -U cutover_reader"},
                {"/usr/lib/postgresql/15/bin/psql -p 5433", "/usr/lib/postgresql/15/bin/pg_dump -p 5433"}}) {
            raw.put(NS + "cutoverPsql", RawValue.plain(c[0]));
            assertEquals(c[1], SettingsParser.parse("opw", raw, SecretPolicy.REQUIRE).cutover().orElseThrow().pgDump());
        }
    }

    @Test
    void aPsqlCommandWithoutPsqlIsRefusedByItsKey() {
        Map<String, RawValue> raw = production();
        raw.put(NS + "cutoverPsql", RawValue.plain("sudo -u postgres psqlx"));
        List<String> lines = lines(raw);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("cutoverPsql") && lines.get(0).contains("must run psql"), lines.get(0));
    }

    @Test
    void whatFinalRecordsIsTheStacksOutputWentLive() {
        Map<String, RawValue> raw = production();
        raw.put(NS + "cutoverWentLive", RawValue.plain("odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z"));
        Settings s = SettingsParser.parse("opw", raw, SecretPolicy.REQUIRE);
        assertEquals("odoo@opw-prod.shiny:opw_prod", s.wentLive().orElseThrow().source());
        assertEquals("odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z",
                dev.odoostack.assembly.DeploymentModel.of(s, java.nio.file.Path.of("")).outputs().asMap().get("wentLive"));
        Settings before = SettingsParser.parse("opw", production(), SecretPolicy.REQUIRE);
        assertFalse(dev.odoostack.assembly.DeploymentModel.of(before, java.nio.file.Path.of("")).outputs().asMap()
                .containsKey("wentLive"), "no output before a cutover");
    }

    @Test
    void aWentLiveThatFinalDidNotWriteOrOnAStackNotProductionIsOneLineWithTheFix() {
        Map<String, RawValue> raw = production();
        raw.put(NS + "cutoverWentLive", RawValue.plain("yesterday"));
        List<String> lines = lines(raw);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("cutoverWentLive") && lines.get(0).contains("is not what cutover final records"), lines.get(0));
        assertTrue(lines.get(0).endsWith("pulumi config rm cutoverWentLive --stack opw"), lines.get(0));

        raw.put(NS + "cutoverWentLive", RawValue.plain("odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z"));
        raw.remove(NS + "cutoverUpstream");
        raw.remove(NS + "cutoverSshDir");
        raw.remove(NS + "cutoverUpstreamDb");
        raw.remove(NS + "cutoverUpstreamFilestore");
        raw.put(NS + "production", RawValue.plain("false"));
        raw.put(NS + "backup", RawValue.plain("true"));
        lines = lines(raw);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("cutoverWentLive") && lines.get(0).contains("not marked production"), lines.get(0));
    }

}
