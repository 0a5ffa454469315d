package dev.odoostack.cutover;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The note a final copy leaves on the live database, its record, and its freeze window as the operator reads it. */
class GoLiveTest {
    private static final Instant AT = Instant.parse("2026-12-07T20:15:02.734Z");

    @Test
    void theNoteSaysFromWhereAndWhenAndOnlyACutoverNoteCountsAsLive() {
        String note = GoLive.note("odoo@opw-prod.shiny", "opw_prod", AT);
        assertEquals("odoo-stack cutover: live from odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z", note);
        assertEquals(Optional.of("odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z"), GoLive.wentLive(note));
        assertEquals(Optional.empty(), GoLive.wentLive("odoo-stack restore: odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z"));
        assertEquals(Optional.empty(), GoLive.wentLive(""));
        assertEquals(Optional.empty(), GoLive.wentLive(null));
    }

    @Test
    void aSecondFinalIsRefusedWithTheWayBack() {
        String line = GoLive.secondFinal("opw", "opw", "odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z");
        assertTrue(line.startsWith("final of opw refused: opw went live from odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z"), line);
        assertTrue(line.endsWith("bin/odoo-stack cutover opw abort"), line);
        assertTrue(!line.contains("\n"));
    }

    @Test
    void theWindowIsTheSumOfItsPhasesInTheirOrder() {
        Map<String, Duration> times = new LinkedHashMap<>();
        times.put("filestore", Duration.ofMillis(3100));
        times.put("database", Duration.ofMillis(52_000));
        times.put("verification", Duration.ofMillis(9800));
        times.put("swap and start", Duration.ofMillis(9300));
        GoLive.Phases p = new GoLive.Phases(times);
        assertEquals(Duration.ofMillis(74_200), p.window());
        assertEquals("freeze window 74.2 s (from the freeze proven to Odoo healthy): filestore 3.1 s, database 52.0 s, "
                + "verification 9.8 s, swap and start 9.3 s", p.line());
    }

    @Test
    void theRecordKeepsTheBaselineOfEveryTableAndNothingElseOfTheQuery() {
        GoLive.Phases p = new GoLive.Phases(Map.of("database", Duration.ofSeconds(2)));
        String r = GoLive.record(AT, "odoo@opw-prod.shiny", "opw_prod", p,
                List.of("baseline public.res_partner 10 2 0", "", "baseline public.sale_order 3 0 1"));
        assertEquals("""
                # the final copy of bin/odoo-stack cutover (docs/cutover.md)
                went-live 2026-12-07T20:15:02Z
                source odoo@opw-prod.shiny:opw_prod
                phase database 2.0
                baseline public.res_partner 10 2 0
                baseline public.sale_order 3 0 1
                """, r);
    }
}
