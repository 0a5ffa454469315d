package dev.odoostack.cutover;

import dev.odoostack.config.Settings;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The moment a stack goes live from the legacy host (docs/cutover.md, {@code final}): the note it leaves on the
 * database, which moves with it through every swap and rollback, so a second final (or a copy from the legacy host)
 * is refused for as long as that copy is live; the record of the final copy; and its freeze window, phase by phase.
 */
public final class GoLive {
    /** The start of the note of a database that went live; a restore's note starts "odoo-stack restore: ". */
    public static final String NOTE = "odoo-stack cutover: live from ";

    private GoLive() {
    }

    /** The note: {@code odoo-stack cutover: live from odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z}. */
    public static String note(String upstream, String db, Instant at) {
        return NOTE + new Settings.WentLive(upstream + ":" + db, at).text();
    }

    /** What a live copy's note says after its prefix ("odoo@opw-prod.shiny:opw_prod at ..."); empty for any other note. */
    public static Optional<String> wentLive(String note) {
        return note != null && note.startsWith(NOTE) ? Optional.of(note.substring(NOTE.length()).strip()) : Optional.empty();
    }

    /** The refusal of a second final on a stack whose live copy went live already. */
    public static String secondFinal(String stack, String db, String wentLive) {
        return "final of " + stack + " refused: " + stack + " went live from " + wentLive + " (noted on its database " + db
                + "); a second final would replace production's data with the legacy host's: to go back to the copy before "
                + "the cutover, bin/odoo-stack cutover " + stack + " abort";
    }

    /** The phases of a final copy, in order, each with its time; the window runs from the freeze proven to Odoo healthy. */
    public record Phases(Map<String, Duration> times) {
        public Phases {
            times = new LinkedHashMap<>(times);
        }

        public Duration window() {
            return times.values().stream().reduce(Duration.ZERO, Duration::plus);
        }

        /** {@code freeze window 74.2 s: filestore 3.1 s, database 52.0 s, verification 9.8 s, swap and start 9.3 s}. */
        public String line() {
            return String.format(Locale.ROOT, "freeze window %.1f s (from the freeze proven to Odoo healthy): %s", seconds(window()),
                    times.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), seconds(e.getValue())))
                            .collect(Collectors.joining(", ")));
        }
    }

    /**
     * The record of a final copy, which {@code abort} reads: when and from where it went live, each phase's seconds,
     * then the write counts of every table right after Odoo came up ({@code baselines}: lines of
     * {@link WritesSince#BASELINE_SQL}), against which abort counts the writes production has taken since.
     */
    public static String record(Instant wentLive, String upstream, String db, Phases phases, List<String> baselines) {
        StringBuilder b = new StringBuilder("# the final copy of bin/odoo-stack cutover (docs/cutover.md)\n");
        b.append("went-live ").append(wentLive.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        b.append("source ").append(upstream).append(':').append(db).append('\n');
        phases.times().forEach((k, v) -> b.append(String.format(Locale.ROOT, "phase %s %.1f%n", k.replace(' ', '-'), seconds(v))));
        baselines.stream().filter(l -> l.startsWith("baseline ")).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
