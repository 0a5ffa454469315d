package dev.odoostack.cutover;

import dev.odoostack.cutover.WritesSince.Counts;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writes since a cutover's swap, from the final record's baseline and the counters now, and abort's decisions. */
class WritesSinceTest {
    static final String BASELINE = """
            baseline public.res_partner 100 20 0
            baseline public.sale_order 50 5 1
            baseline public.x_gone 3 0 0
            baseline report.daily 7 0 0
            """;

    @Test
    void theRecordReadsBackAsFinalWritesIt() {
        // as final writes it: the phases' lines between the source and the baseline
        String text = GoLive.record(java.time.Instant.parse("2026-12-07T20:15:00Z"), "odoo@opw-prod.shiny", "opw_prod",
                new GoLive.Phases(java.util.Map.of("database", java.time.Duration.ofSeconds(3))), BASELINE.lines().toList());
        WritesSince.Record r = WritesSince.parseRecord(text);
        assertEquals("2026-12-07T20:15:00Z", r.wentLive());
        assertEquals("odoo@opw-prod.shiny:opw_prod", r.source());
        assertEquals(4, r.baseline().size());
        assertEquals(new Counts(50, 5, 1), r.baseline().get("public.sale_order"));
        assertThrows(IllegalArgumentException.class, () -> WritesSince.parseRecord(BASELINE), "a record without went-live");
        assertThrows(IllegalArgumentException.class, () -> WritesSince.parse("baseline public.res_partner 1 two 3"));
    }

    @Test
    void nothingWrittenWhenTheCountersStandStill() {
        WritesSince.Writes w = WritesSince.of(WritesSince.parse(BASELINE), WritesSince.parse(BASELINE));
        assertFalse(w.any());
        assertEquals(0, w.rows());
        assertEquals("no row written since the swap", w.summary());
    }

    @Test
    void eachTableWithWritesIsNamedWithItsCounts() {
        SortedMap<String, Counts> now = WritesSince.parse("""
                baseline public.res_partner 103 22 0
                baseline public.sale_order 57 5 1
                baseline public.x_gone 3 0 0
                baseline report.daily 7 0 2
                """);
        WritesSince.Writes w = WritesSince.of(WritesSince.parse(BASELINE), now);
        assertTrue(w.any());
        assertEquals(14, w.rows());
        assertEquals("14 rows written since the swap: res_partner 3 inserted, 2 updated; sale_order 7 inserted; report.daily 2 deleted",
                w.summary());
    }

    @Test
    void aTableNewSinceTheSwapCountsAllItsRowsAndADroppedOneIsNamed() {
        SortedMap<String, Counts> now = WritesSince.parse("""
                baseline public.res_partner 100 20 0
                baseline public.sale_order 50 5 1
                baseline public.x_new 1 0 0
                baseline report.daily 7 0 0
                """);
        WritesSince.Writes w = WritesSince.of(WritesSince.parse(BASELINE), now);
        assertEquals(Map.of("public.x_new", new Counts(1, 0, 0)), w.written());
        assertEquals(List.of("public.x_gone"), w.dropped());
        assertEquals("1 row written since the swap: x_new 1 inserted; dropped since the swap: x_gone", w.summary());
    }

    @Test
    void countersThatWentBackCannotBeCountedAndSaySo() {
        SortedMap<String, Counts> now = WritesSince.parse(BASELINE.replace("public.res_partner 100 20 0", "public.res_partner 4 0 0"));
        WritesSince.Writes w = WritesSince.of(WritesSince.parse(BASELINE), now);
        assertTrue(w.any(), "writes that cannot be counted are not none");
        assertEquals(List.of("public.res_partner"), w.reset());
        assertTrue(w.summary().startsWith("no row written since the swap; counters reset since the swap"), w.summary());
    }

    @Test
    void theLiveNoteSaysBeforeOrAfterTheSwapAndTheStagedNoteWhoseCopyItIs() {
        assertTrue(Abort.afterSwap("odoo-stack cutover: live from odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:00Z"));
        assertFalse(Abort.afterSwap("odoo-stack restore: odoo@opw-prod.shiny:opw_prod at 2026-12-01T03:00:00Z"));
        assertFalse(Abort.afterSwap(""));
        assertTrue(Abort.cutoversCopy("odoo-stack restore: odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:10:00Z",
                "odoo@opw-prod.shiny", "opw_prod"));
        assertTrue(Abort.cutoversCopy("odoo-stack cutover: live from odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:10:00Z",
                "odoo@opw-prod.shiny", "opw_prod"), "noted for a swap that did not happen");
        assertFalse(Abort.cutoversCopy("odoo-stack restore: snapshot 1a2b3c4d of opw-backup at 2026-12-07T20:10:00Z",
                "odoo@opw-prod.shiny", "opw_prod"));
        assertFalse(Abort.cutoversCopy("odoo-stack restore: odoo@opw-prod.shiny:opw_prod_old at 2026-12-07T20:10:00Z",
                "odoo@opw-prod.shiny", "opw_prod"), "another database of the same host");
        assertFalse(Abort.cutoversCopy("", "odoo@opw-prod.shiny", "opw_prod"));
    }

    @Test
    void aRecordGoesAsideUnderItsTimeAndTheLegacyStepsNameTheHost() {
        assertEquals("final.aborted-20261207T201500Z", Abort.aside("final", Instant.parse("2026-12-07T20:15:00Z")));
        List<String> steps = Abort.legacySteps("odoo@opw-prod.shiny", "opw");
        assertEquals("  1. on opw-prod.shiny: sudo systemctl start odoo (ssh odoo@opw-prod.shiny)", steps.get(1));
        assertTrue(steps.get(2).contains("points at opw, point it back at opw-prod.shiny"), steps.get(2));
    }
}
