package dev.odoostack.cutover;

import java.util.Map;
import java.util.TreeMap;

/**
 * What verification compares of a filestore: every file's size, and the checksums of the files changed since the
 * last sync. Read by the same commands (GNU find, sha256sum) on the legacy host and in the stack's Odoo container.
 *
 * @param sizes     bytes of each file, by its path under the filestore ("ab/ab12...")
 * @param checksums SHA-256 of the files changed since the last sync, by path
 */
public record FilestoreFacts(Map<String, Long> sizes, Map<String, String> checksums) {

    /** Lines "BYTES PATH", one per file under {@code dir}. */
    public static String listCommand(String dir) {
        return "cd -- " + quoted(dir) + " && find . -type f -printf '%s %P\\n'";
    }

    /** sha256sum's lines for the paths under {@code dir} that standard input names, NUL-separated. */
    public static String checksumCommand(String dir) {
        return "cd -- " + quoted(dir) + " && xargs -0 -r sha256sum --";
    }

    public static Map<String, Long> parseList(String out) {
        Map<String, Long> sizes = new TreeMap<>();
        byPath(out, " ", "\\d+", "the filestore's listing").forEach((path, size) -> sizes.put(path, Long.parseLong(size)));
        return sizes;
    }

    public static Map<String, String> parseChecksums(String out) {
        return byPath(out, " {2}", "[0-9a-f]{64}", "sha256sum");
    }

    /** Lines "VALUE PATH" as a map by path; a line of any other shape is an error (find's or sha256sum's own). */
    private static Map<String, String> byPath(String out, String separator, String value, String what) {
        Map<String, String> byPath = new TreeMap<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                String[] f = line.split(separator, 2);
                if (f.length < 2 || !f[0].matches(value)) {
                    throw new IllegalArgumentException("not a line of " + what + ": " + line);
                }
                byPath.put(f[1], f[0]);
            }
        }
        return byPath;
    }

    public long bytes() {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
