package dev.odoostack.cutover;

import dev.odoostack.cutover.FreezeProof.Sample;
import dev.odoostack.cutover.FreezeProof.Session;
import dev.odoostack.cutover.FreezeProof.State;
import dev.odoostack.cutover.FreezeProof.Subject;
import dev.odoostack.cutover.FreezeProof.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each decision of the freeze proof, over samples written here. */
class FreezeProofTest {
    static final Instant T0 = Instant.parse("2026-12-07T18:00:00Z");
    static final Subject OPW = new Subject("opw_prod", "odoo@opw-prod.shiny", "bin/odoo-stack cutover opw freeze");
    static final String FIX = "then run bin/odoo-stack cutover opw freeze again";

    /** The tool's own session, as Odoo's role itself: it never counts. */
    static final Session OWN = new Session(900, "odoo", "", "active", false, T0, "odoo-stack-cutover");
    /** A reader of another role, idle since before the proof. */
    static final Session READER = new Session(310, "metabase", "10.0.0.7", "idle", false, T0.minusSeconds(600), "Metabase");

    static Sample sample(double second, long writes, Session... sessions) {
        return new Sample(T0.plusMillis((long) (second * 1000)), true, writes, Set.of("odoo"), List.of(sessions));
    }

    /** Samples a second apart from 0 to {@code last} s, the counter still, with these sessions. */
    static List<Sample> still(int last, Session... sessions) {
        List<Sample> samples = new ArrayList<>();
        for (int s = 0; s <= last; s++) {
            samples.add(sample(s, 48213, sessions));
        }
        return samples;
    }

    @Test
    void aStillCounterOverTenSecondsAndElevenMoreWithNoSessionOfOdooIsProvenAndTheToolsOwnSessionDoesNotCount() {
        List<Sample> samples = still(21, OWN, READER);

        Verdict v = FreezeProof.judge(OPW, samples);

        assertEquals(State.PROVEN, v.state());
        assertEquals("freeze of opw_prod on odoo@opw-prod.shiny proven: no session of Odoo's role odoo, no write over 21 s", v.line());
        assertEquals("freeze connections ok: no session of Odoo's role odoo on opw_prod; other clients, which may read: "
                + "10.0.0.7 (role metabase, application Metabase, pid 310)", FreezeProof.connections(OPW, samples.get(0)));
        assertEquals("freeze writes      ok: no row written over 21 s (the write counter stayed at 48213 in 22 samples: "
                + "10 s to settle, 11 s more for counts PostgreSQL adds late)", FreezeProof.writes(samples));
        assertEquals("freeze connections ok: no session of Odoo's role odoo on opw_prod, and no other client",
                FreezeProof.connections(OPW, sample(0, 1, OWN)));
    }

    @Test
    void untilTheSamplesSpanTheSettleTimeAndTheLateCountsItWaits() {
        assertEquals(State.WAITING, FreezeProof.judge(OPW, still(20)).state());
        assertEquals(State.WAITING, FreezeProof.judge(OPW, List.of(sample(0, 5), sample(20.9, 5))).state());
        assertEquals(State.PROVEN, FreezeProof.judge(OPW, List.of(sample(0, 5), sample(21, 5))).state());
        assertEquals(State.WAITING, FreezeProof.judge(OPW, List.of()).state());
    }

    @Test
    void aSessionOfOdoosRoleIsRefusedNamingItsAddressWhateverItDoes() {
        Session odoo = new Session(4711, "odoo", "127.0.0.1", "idle", false, T0.minusSeconds(3600), "odoo-1234");
        Session socket = new Session(4712, "odoo", "", "idle", false, T0.minusSeconds(3600), "");

        Verdict v = FreezeProof.judge(OPW, List.of(sample(0, 1, OWN, odoo, socket)));

        assertEquals(State.REFUSED, v.state());
        assertEquals("freeze of opw_prod on odoo@opw-prod.shiny not proven: 2 sessions of Odoo's role odoo are still connected "
                + "to opw_prod: 127.0.0.1 (role odoo, application odoo-1234, pid 4711), the local socket (role odoo, pid 4712); "
                + "stop Odoo on the legacy host (sudo systemctl stop odoo), " + FIX, v.line());
    }

    @Test
    void odoosRoleComingBackInTheLastSampleIsRefusedToo() {
        List<Sample> samples = still(20);
        samples.add(new Sample(T0.plusSeconds(21), true, 48213, Set.of("odoo", "odoo_installer"),
                List.of(new Session(5, "odoo_installer", "10.0.0.3", "idle", false, T0.plusSeconds(21), ""))));

        Verdict v = FreezeProof.judge(OPW, samples);

        assertEquals(State.REFUSED, v.state());
        assertTrue(v.line().contains("1 session of Odoo's roles odoo, odoo_installer is still connected to opw_prod: 10.0.0.3 (role odoo_installer, pid 5)"),
                v.line());
    }

    @Test
    void aMovingCounterIsRefusedAtOnceNamingTheClientsThatDidSomethingAndNotTheIdleReader() {
        Session writer = new Session(77, "importer", "10.0.0.9", "idle", false, T0.plusMillis(1500), "nightly-import");

        Verdict v = FreezeProof.judge(OPW, List.of(sample(0, 100, READER), sample(1, 100, READER), sample(2, 137, READER, writer)));

        assertEquals(State.REFUSED, v.state());
        assertEquals("freeze of opw_prod on odoo@opw-prod.shiny not proven: opw_prod took 37 writes within 2 s, "
                + "from 10.0.0.9 (role importer, application nightly-import, pid 77); "
                + "stop what writes there (Odoo: sudo systemctl stop odoo on the legacy host), " + FIX, v.line());
    }

    @Test
    void aCounterThatMovedWhileTheWriterLeftSaysSoAndAStatsResetIsAMoveToo() {
        assertTrue(FreezeProof.judge(OPW, List.of(sample(0, 100, READER), sample(0.4, 101, READER))).line()
                .contains("opw_prod took 1 write within 1 s, from no client connected now (one that connected, wrote and left: "
                        + "the legacy server's log names it)"));
        assertEquals(State.REFUSED, FreezeProof.judge(OPW, List.of(sample(0, 100), sample(1, 0))).state());
    }

    @Test
    void anUncommittedWriteIsRefusedThoughTheCounterCannotShowItYet() {
        Session bulk = new Session(88, "etl", "10.0.0.4", "active", true, T0.minusSeconds(30), "");

        Verdict v = FreezeProof.judge(OPW, List.of(sample(0, 100, bulk)));

        assertEquals("freeze of opw_prod on odoo@opw-prod.shiny not proven: 10.0.0.4 (role etl, pid 88) holds an uncommitted write "
                + "on opw_prod; stop what writes there (Odoo: sudo systemctl stop odoo on the legacy host), " + FIX, v.line());
    }

    @Test
    void aServerThatCountsNoWritesCannotProveAnything() {
        Verdict v = FreezeProof.judge(OPW, List.of(new Sample(T0, false, 0, Set.of("odoo"), List.of())));

        assertEquals("freeze of opw_prod on odoo@opw-prod.shiny not proven: the legacy server counts no writes (track_counts is off), "
                + "so a still counter proves nothing; set track_counts = on in its postgresql.conf and reload it "
                + "(SELECT pg_reload_conf()), " + FIX, v.line());
    }

    @Test
    void theQuerysAnswerIsReadLineByLineAndAnythingElseIsAnError() {
        Sample s = Sample.parse("""
                at 1796666400.250000
                counting on
                writes 48213
                odoo odoo
                session 900\todoo\t\tactive\tfalse\t1796666400.2\todoo-stack-cutover
                session 4711\todoo\t127.0.0.1\tidle\ttrue\t1796666399.000001\todoo 1234\twith a tab
                session 12\tpostgres\t\tidle\tfalse\t\t
                """);

        assertEquals(new Sample(Instant.parse("2026-12-07T18:00:00.25Z"), true, 48213, Set.of("odoo"), List.of(
                new Session(900, "odoo", "", "active", false, Instant.parse("2026-12-07T18:00:00.2Z"), "odoo-stack-cutover"),
                new Session(4711, "odoo", "127.0.0.1", "idle", true, Instant.parse("2026-12-07T17:59:59.000001Z"), "odoo 1234\twith a tab"),
                new Session(12, "postgres", "", "idle", false, null, ""))), s);
        assertThrows(IllegalArgumentException.class, () -> Sample.parse("Welcome to the legacy host!\n"));
        assertThrows(IllegalArgumentException.class, () -> Sample.parse("at 1796666400\ncounting on\n"));
    }
}
