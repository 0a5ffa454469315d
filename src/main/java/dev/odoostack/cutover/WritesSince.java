package dev.odoostack.cutover;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The writes the live database took since the swap of a cutover: its tables' write counters now
 * ({@code pg_stat_user_tables}) minus what {@code final} recorded right after the swap. An abort after the swap
 * would lose them (docs/cutover.md, abort).
 */
public final class WritesSince {
    /** One line per user table, "baseline schema.table inserted updated deleted": the final record's, and now. */
    public static final String BASELINE_SQL = """
            SELECT 'baseline ' || schemaname || '.' || relname || ' ' || n_tup_ins || ' ' || n_tup_upd || ' ' || n_tup_del
              FROM pg_stat_user_tables ORDER BY 1;""";
    private static final String BASELINE = "baseline ";

    /** A table's rows inserted, updated and deleted. */
    public record Counts(long inserted, long updated, long deleted) {
        public long total() {
            return inserted + updated + deleted;
        }

        Counts minus(Counts o) {
            return new Counts(inserted - o.inserted, updated - o.updated, deleted - o.deleted);
        }

        boolean below(Counts o) {
            return inserted < o.inserted || updated < o.updated || deleted < o.deleted;
        }
    }

    /**
     * What {@code final} records after the swap ({@code $ODOO_STACK_HOME/cutover/<stack>/final}).
     *
     * @param wentLive the UTC time of the swap, as written
     * @param source   upstream:db the stack went live from
     */
    public record Record(String wentLive, String source, SortedMap<String, Counts> baseline) {
    }

    /**
     * The writes since the swap.
     *
     * @param written tables with writes since, by name, in order
     * @param dropped tables in the baseline that are gone
     * @param reset   tables whose counters went back (statistics reset, or a table dropped and made again)
     */
    public record Writes(SortedMap<String, Counts> written, List<String> dropped, List<String> reset) {
        public long rows() {
            return written.values().stream().mapToLong(Counts::total).sum();
        }

        /** Whether an abort would lose anything it can see, or cannot tell. */
        public boolean any() {
            return !written.isEmpty() || !dropped.isEmpty() || !reset.isEmpty();
        }

        /** "3 rows written since the swap: res_partner 2 inserted, 1 updated; ..." or "no row written since the swap". */
        public String summary() {
            List<String> parts = new ArrayList<>();
            written.forEach((table, c) -> {
                List<String> kinds = new ArrayList<>();
                if (c.inserted() > 0) {
                    kinds.add(c.inserted() + " inserted");
                }
                if (c.updated() > 0) {
                    kinds.add(c.updated() + " updated");
                }
                if (c.deleted() > 0) {
                    kinds.add(c.deleted() + " deleted");
                }
                parts.add(display(table) + " " + String.join(", ", kinds));
            });
            long rows = rows();
            StringBuilder s = new StringBuilder(rows == 0 ? "no row written since the swap"
                    : rows + (rows == 1 ? " row" : " rows") + " written since the swap: " + String.join("; ", parts));
            if (!dropped.isEmpty()) {
                s.append("; dropped since the swap: ").append(String.join(", ", dropped.stream().map(WritesSince::display).toList()));
            }
            if (!reset.isEmpty()) {
                s.append("; counters reset since the swap (a PostgreSQL crash or pg_stat_reset; their writes cannot be counted): ")
                        .append(String.join(", ", reset.stream().map(WritesSince::display).toList()));
            }
            return s.toString();
        }
    }

    private WritesSince() {
    }

    /** The counters of BASELINE_SQL's lines; other lines are skipped. */
    public static SortedMap<String, Counts> parse(String text) {
        SortedMap<String, Counts> counts = new TreeMap<>();
        for (String line : text.lines().map(String::strip).filter(l -> l.startsWith(BASELINE)).toList()) {
            String[] f = line.split(" ");
            if (f.length != 5) {
                throw new IllegalArgumentException("not a baseline line: " + line);
            }
            try {
                counts.put(f[1], new Counts(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a baseline line: " + line);
            }
        }
        return counts;
    }

    /** The final record's text ({@link GoLive#record}): "went-live TIME", "source UPSTREAM:DB", then the baseline lines. */
    public static Record parseRecord(String text) {
        String wentLive = field(text, "went-live ").orElseThrow(() -> new IllegalArgumentException("no went-live line"));
        String source = field(text, "source ").orElse("");
        return new Record(wentLive, source, parse(text));
    }

    public static Writes of(Map<String, Counts> baseline, Map<String, Counts> now) {
        SortedMap<String, Counts> written = new TreeMap<>();
        List<String> reset = new ArrayList<>();
        now.forEach((table, c) -> {
            Counts before = baseline.getOrDefault(table, new Counts(0, 0, 0)); // a table new since the swap
            if (c.below(before)) {
                reset.add(table);
            } else if (c.minus(before).total() > 0) {
                written.put(table, c.minus(before));
            }
        });
        List<String> dropped = baseline.keySet().stream().filter(t -> !now.containsKey(t)).sorted().toList();
        return new Writes(written, dropped, reset.stream().sorted().toList());
    }

    private static Optional<String> field(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()).strip());
    }

    /** Odoo's tables as Odoo names them; another schema's with it. */
    private static String display(String table) {
        return table.startsWith("public.") ? table.substring("public.".length()) : table;
    }
}
