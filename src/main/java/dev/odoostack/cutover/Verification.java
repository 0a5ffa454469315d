package dev.odoostack.cutover;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Is the copy the source as of the freeze? Facts of both sides in, a report out (docs/cutover.md): every table's
 * rows equal, every sequence at least the source's, the filestore's file count and bytes equal, the files changed
 * since the last sync with equal checksums, and a file for every attachment that points at the filestore. Any
 * mismatch fails the whole.
 */
public final class Verification {
    private Verification() {
    }

    /** The report: a line per check, then one per mismatch; {@code summary} is the one line to print. */
    public record Report(boolean ok, List<String> lines, String summary) {
        public String text() {
            return String.join("\n", lines) + "\n";
        }
    }

    /** One check: what it covered, what it says when it fails, each mismatch, and what the report notes besides. */
    private record Part(String covered, String failed, List<String> mismatches, List<String> notes) {
        Part(String covered, String failed, List<String> mismatches) {
            this(covered, failed, mismatches, List.of());
        }

        boolean ok() {
            return mismatches.isEmpty();
        }
    }

    public static Report of(DatabaseFacts source, DatabaseFacts copy, FilestoreFacts sourceFiles, FilestoreFacts copyFiles) {
        List<Part> parts = List.of(rows(source, copy), sequences(source, copy), filestore(sourceFiles, copyFiles),
                checksums(sourceFiles, copyFiles), attachments(copy, copyFiles, sourceFiles));
        boolean ok = parts.stream().allMatch(Part::ok);
        List<String> lines = new ArrayList<>();
        for (Part p : parts) {
            lines.add((p.ok() ? "ok        " : "MISMATCH  ") + (p.ok() ? p.covered() : p.failed()));
            p.mismatches().forEach(m -> lines.add("          " + m));
            p.notes().forEach(m -> lines.add("          " + m));
        }
        String summary = ok
                ? "verified: " + String.join(", ", parts.stream().map(Part::covered).toList())
                : "verification failed: " + String.join("; ", parts.stream().filter(p -> !p.ok()).map(Part::failed).toList());
        return new Report(ok, lines, summary);
    }

    static Part rows(DatabaseFacts source, DatabaseFacts copy) {
        TreeSet<String> tables = new TreeSet<>(source.rows().keySet());
        tables.addAll(copy.rows().keySet());
        List<String> bad = tables.stream().filter(t -> !Objects.equals(source.rows().get(t), copy.rows().get(t)))
                .map(t -> t + ": " + count(source.rows().get(t)) + " in the source, " + count(copy.rows().get(t)) + " in the copy")
                .toList();
        return new Part("rows of " + tables.size() + " tables equal",
                "rows differ in " + bad.size() + " of " + tables.size() + " tables", bad);
    }

    static Part sequences(DatabaseFacts source, DatabaseFacts copy) {
        List<String> bad = source.sequences().entrySet().stream()
                .filter(e -> copy.sequences().getOrDefault(e.getKey(), Long.MIN_VALUE) < e.getValue())
                .map(e -> e.getKey() + ": " + e.getValue() + " in the source, "
                        + Objects.requireNonNullElse(copy.sequences().get(e.getKey()), "no such sequence") + " in the copy")
                .toList();
        int n = source.sequences().size();
        return new Part(n + " sequences at least the source's", bad.size() + " of " + n + " sequences behind the source", bad);
    }

    static Part filestore(FilestoreFacts source, FilestoreFacts copy) {
        String sourceSays = files(source);
        String copySays = files(copy);
        TreeSet<String> paths = new TreeSet<>(source.sizes().keySet());
        paths.addAll(copy.sizes().keySet());
        List<String> bad = sourceSays.equals(copySays) ? List.of() : paths.stream()
                .filter(p -> !Objects.equals(source.sizes().get(p), copy.sizes().get(p)))
                .map(p -> p + ": " + bytes(source.sizes().get(p)) + " in the source, " + bytes(copy.sizes().get(p)) + " in the copy")
                .toList();
        if (!sourceSays.equals(copySays) && bad.isEmpty()) {
            bad = List.of("the listings differ, though no path does");
        }
        return new Part(sourceSays + " in the filestore", "the filestore has " + copySays + ", the source " + sourceSays, bad);
    }

    static Part checksums(FilestoreFacts source, FilestoreFacts copy) {
        List<String> bad = source.checksums().entrySet().stream()
                .filter(e -> !e.getValue().equals(copy.checksums().get(e.getKey())))
                .map(e -> e.getKey() + ": sha256 " + e.getValue() + " in the source, "
                        + Objects.requireNonNullElse(copy.checksums().get(e.getKey()), "no file") + " in the copy")
                .toList();
        int n = source.checksums().size();
        return new Part("checksums of " + n + " files changed since the last sync equal",
                "checksums differ for " + bad.size() + " of " + n + " files changed since the last sync", bad);
    }

    /**
     * Every attachment of the copy has its file, unless the source lacks that file too: a copy is like for like, so
     * production's own missing files are named in the report, not held against the copy.
     */
    static Part attachments(DatabaseFacts copy, FilestoreFacts copyFiles, FilestoreFacts sourceFiles) {
        List<String> missing = copy.attachments().stream().filter(a -> !copyFiles.sizes().containsKey(a)).sorted().toList();
        List<String> bad = missing.stream().filter(a -> sourceFiles.sizes().containsKey(a))
                .map(a -> a + ": no such file in the copy's filestore").toList();
        List<String> upstream = missing.stream().filter(a -> !sourceFiles.sizes().containsKey(a)).toList();
        int n = copy.attachments().size();
        String covered = upstream.isEmpty() ? "every one of " + n + " attachments has its file"
                : (n - upstream.size()) + " of " + n + " attachments have their file, " + upstream.size()
                        + " have none on the source either (as there: like for like)";
        return new Part(covered, bad.size() + " of " + n + " attachments have no file", bad,
                upstream.stream().map(a -> a + ": no such file on the source either").toList());
    }

    private static String files(FilestoreFacts f) {
        return f.sizes().size() + " files, " + f.bytes() + " bytes";
    }

    private static String count(Long rows) {
        return rows == null ? "no such table" : rows + " rows";
    }

    private static String bytes(Long size) {
        return size == null ? "no file" : size + " bytes";
    }
}
