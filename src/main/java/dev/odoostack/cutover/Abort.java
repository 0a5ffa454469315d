package dev.odoostack.cutover;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The decisions of {@code cutover <stack> abort} (docs/cutover.md): before or after the swap, which staged copy is
 * the cutover's, and what the operator does on the legacy host afterwards. The shell reads and removes.
 */
public final class Abort {
    /** The note restore.sh --stage puts on a staged copy: "odoo-stack restore: <upstream>:<db> at <UTC>". */
    public static final String RESTORE_NOTE = "odoo-stack restore: ";
    /** The note final puts on the cutover's copy at the swap: "odoo-stack cutover: live from <upstream>:<db> at <UTC>". */
    public static final String LIVE_NOTE = GoLive.NOTE;
    /** The names of the cutover's copies beside the live ones (restore.sh's and the sync's). */
    public static final String STAGED = "~restore";
    public static final String SYNCED = FilestoreSync.SUFFIX;
    public static final String SWAP = "~swap";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Abort() {
    }

    /** After the swap: the live database is the cutover's copy, noted so by final. */
    public static boolean afterSwap(String liveNote) {
        return liveNote.startsWith(LIVE_NOTE);
    }

    /** Whether a staged copy's note says it came from the cutover source (staged, or noted at a swap that did not happen). */
    public static boolean cutoversCopy(String note, String upstream, String upstreamDb) {
        String origin = upstream + ":" + upstreamDb + " at ";
        return note.startsWith(RESTORE_NOTE + origin) || note.startsWith(LIVE_NOTE + origin);
    }

    /** Where a record is moved aside by an abort, kept: {@code sync.aborted-20261207T201500Z}. */
    public static String aside(String record, Instant at) {
        return record + ".aborted-" + STAMP.format(at);
    }

    /** The host part of an ssh destination (odoo@opw-prod.shiny: opw-prod.shiny). */
    static String host(String upstream) {
        return upstream.substring(upstream.indexOf('@') + 1);
    }

    /** How Odoo starts again on the legacy host, as the runbook stops it (docs/runbooks/cutover.md). */
    private static final String START_ODOO = "sudo systemctl start odoo";

    /** What the operator does next: production runs on the legacy host again, whose data the cutover only read. */
    public static List<String> legacySteps(String upstream, String stack) {
        String host = host(upstream);
        return List.of(
                "the legacy host " + host + " was only read by the cutover: its data is as Odoo left it there. To run production on it again:",
                "  1. on " + host + ": " + START_ODOO + " (ssh " + upstream + ")",
                "  2. if the public domain's DNS already points at " + stack + ", point it back at " + host
                        + " (and its TLS certificate stays the one " + host + " serves)");
    }

    /** When final stops before the swap: the legacy host is still production, and one command makes it serve again. */
    public static String stillProduction(String upstream) {
        return "the legacy host stays production: start Odoo there again (" + START_ODOO + " on " + host(upstream).replace("[", "").replace("]", "") + ")";
    }

    /** Bytes as people read them: 512 B, 3.2 MiB. */
    public static String size(long bytes) {
        return Preflight.size(bytes);
    }
}
