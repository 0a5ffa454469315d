package dev.odoostack.cutover;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What verification compares of a database: each table's row count, each sequence's value, and the filestore names
 * {@code ir_attachment} points at. One query per kind ({@link #SQL}), read the same way on the source and on the copy.
 *
 * @param rows        rows of each table ("public.res_partner")
 * @param sequences   each sequence's last value handed out (one step before its start when none was)
 * @param attachments the {@code store_fname} of every attachment kept in the filestore ("ab/ab12...")
 */
public record DatabaseFacts(Map<String, Long> rows, Map<String, Long> sequences, Set<String> attachments) {
    /** The tool's own name in {@code pg_stat_activity}: the freeze proof leaves its own sessions out by it. */
    public static final String APPLICATION_NAME = "odoo-stack-cutover";

    /** How every session of the tool on the legacy database starts: it writes nothing, and says whose it is. */
    public static final String SESSION = """
            SET default_transaction_read_only = on;
            SET application_name = '%s';
            """.formatted(APPLICATION_NAME);

    /** Lines "rows N TABLE", "sequence N SEQUENCE", "attachment NAME", all from one snapshot. */
    public static final String SQL = SESSION + """
            BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
            SELECT 'rows ' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                     false, true, '')))[1]::text || ' ' || format('%I.%I', n.nspname, c.relname)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
             ORDER BY 1;
            -- a sequence never used reads null; one step before its start says the same on both sides
            SELECT 'sequence ' || coalesce(last_value, start_value - increment_by) || ' ' || format('%I.%I', schemaname, sequencename)
              FROM pg_sequences WHERE schemaname <> 'information_schema' AND schemaname NOT LIKE 'pg\\_%'
             ORDER BY 1;
            SELECT DISTINCT 'attachment ' || store_fname FROM ir_attachment WHERE coalesce(store_fname, '') <> '' ORDER BY 1;
            COMMIT;
            """;

    /** {@link #SQL}'s answer (psql -At) as facts; a line it does not write is an error, not something to skip. */
    public static DatabaseFacts parse(String psqlOutput) {
        Map<String, Long> rows = new TreeMap<>();
        Map<String, Long> sequences = new TreeMap<>();
        Set<String> attachments = new TreeSet<>();
        for (String line : psqlOutput.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ", 3);
            switch (f[0]) {
                case "rows" -> rows.put(name(f, line), number(f[1], line));
                case "sequence" -> sequences.put(name(f, line), number(f[1], line));
                case "attachment" -> attachments.add(line.substring("attachment ".length()));
                default -> throw new IllegalArgumentException("not a line of the verification's query: " + line);
            }
        }
        return new DatabaseFacts(rows, sequences, attachments);
    }

    private static String name(String[] f, String line) {
        if (f.length < 3) {
            throw new IllegalArgumentException("not a line of the verification's query: " + line);
        }
        return f[2];
    }

    private static long number(String s, String line) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a line of the verification's query: " + line, e);
        }
    }
}
