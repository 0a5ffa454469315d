package dev.odoostack.cutover;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cutover <stack> sync}: the legacy filestore copied ahead of the freeze into {@code <filestore root>/<db>~cutover},
 * beside the live {@code <db>} and never into it. Each sync writes a new generation, {@code <db>~cutover~next},
 * hard-linked to the previous one (rsync {@code --link-dest}), then puts it in the previous one's place, so an
 * interrupted sync leaves the previous generation whole.
 */
public final class FilestoreSync {
    /** The copy's suffix; Odoo's database names never contain '~' (as the restore's generations rely on). */
    public static final String SUFFIX = "~cutover";
    /** What rsync prints before each item it transfers, to tell those lines from its --stats. */
    private static final String ITEM = "+ ";

    private FilestoreSync() {
    }

    /** The copy of a database's filestore, in the root where Odoo keeps every database's filestore. */
    public static String copy(String filestoreRoot, String db) {
        return filestoreRoot + "/" + db + SUFFIX;
    }

    /**
     * The script the one-off container runs ({@code sh -c SCRIPT sh ROOT DB SOURCE SSH}): it finishes what an
     * interrupted sync left (a previous generation moved aside is moved back; a half new one goes), copies into the
     * new generation, files owned like the filestore root, then swaps it in. Nothing outside {@code <db>~cutover*}
     * is written; the live {@code <db>} is never named.
     */
    public static String script() {
        return String.join("\n",
                "set -eu",
                "root=$1 db=$2 source=$3 ssh=$4",
                "cur=$root/$db" + SUFFIX + " next=$root/$db" + SUFFIX + "~next old=$root/$db" + SUFFIX + "~old",
                // a stack whose Odoo has stored no file yet has no filestore root: made as the restore makes it
                "if [ ! -d \"$root\" ]; then mkdir -- \"$root\"; chown --reference=\"${root%/*}\" -- \"$root\"; fi",
                "if [ ! -d \"$cur\" ] && [ -d \"$old\" ]; then mv -- \"$old\" \"$cur\"; fi",
                "rm -rf -- \"$next\" \"$old\"",
                "set -- " + String.join(" ", rsyncOptions()) + " --chown=\"$(stat -c %u:%g \"$root\")\"",
                "if [ -d \"$cur\" ]; then set -- \"$@\" --link-dest=\"$cur\"; fi",
                "rsync \"$@\" -e \"$ssh\" \"$source/\" \"$next/\"",
                "if [ -d \"$cur\" ]; then mv -- \"$cur\" \"$old\"; fi",
                "mv -- \"$next\" \"$cur\"",
                "rm -rf -- \"$old\"");
    }

    /**
     * rsync's options, as the restore copies a filestore: {@code --whole-file} since Odoo never rewrites a file in
     * place (its name is its content's hash), owner and group given to every file from the filestore root's, and
     * each transferred item printed before the statistics.
     */
    static List<String> rsyncOptions() {
        return List.of("-rlpt", "--whole-file", "-o", "-g", "--numeric-ids", "--stats", "--no-human-readable",
                "--out-format='" + ITEM + "%n'");
    }

    /** The source as rsync names it: {@code user@host:/path}. */
    public static String source(String upstream, String filestore) {
        return upstream + ":" + (filestore.endsWith("/") ? filestore.substring(0, filestore.length() - 1) : filestore);
    }

    /**
     * What a sync copied.
     *
     * @param files    regular files in the copy
     * @param bytes    their total size
     * @param newFiles files transferred by this sync (new or changed on the legacy host since the previous one)
     * @param newBytes their total size
     * @param changed  their paths below the filestore ("ab/ab12..."), which the verification checksums
     */
    public record Copied(long files, long bytes, long newFiles, long newBytes, List<String> changed) {
        public Copied {
            changed = List.copyOf(changed);
        }
    }

    private static final Pattern FILES = Pattern.compile("(?m)^Number of files: \\d+(?: \\((.*)\\))?$");
    private static final Pattern REGULAR = Pattern.compile("reg: (\\d+)");

    /** rsync's output with {@link #rsyncOptions()}: the items it transferred, then its --stats. */
    public static Copied parse(String out) {
        Matcher files = FILES.matcher(out);
        if (!files.find()) {
            throw new IllegalArgumentException("rsync printed no statistics: " + out.strip().lines().reduce((a, b) -> b).orElse(""));
        }
        Matcher reg = REGULAR.matcher(files.group(1) == null ? "" : files.group(1));
        List<String> changed = new ArrayList<>();
        out.lines().filter(l -> l.startsWith(ITEM) && !l.endsWith("/")).forEach(l -> changed.add(l.substring(ITEM.length())));
        return new Copied(reg.find() ? Long.parseLong(reg.group(1)) : 0, stat(out, "Total file size"),
                stat(out, "Number of regular files transferred"), stat(out, "Total transferred file size"), changed);
    }

    private static long stat(String out, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ": (\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalArgumentException("rsync's statistics have no '" + name + "'");
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * ssh's own line when the legacy host was not reached (refused, unknown host key, login denied): rsync ends with
     * 255, or with 12 when it saw the closed pipe before ssh's exit, so its exit alone does not tell.
     */
    public static Optional<String> unreachable(int exit, String err) {
        Optional<String> ssh = err.lines().map(String::strip)
                .filter(l -> l.startsWith("ssh: ") || l.contains("Host key verification failed") || l.contains("Permission denied"))
                .findFirst();
        if (exit == 255) {
            return Optional.of(ssh.orElse(err.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).map(String::strip).orElse("exit 255")));
        }
        return exit == 12 ? ssh : Optional.empty();
    }

    /** The line a sync prints: {@code sync filestore: 10000 files, 1.1 GiB, 312 new (14.0 MiB) in 8.2 s}. */
    public static String summary(Copied c, double seconds) {
        return String.format(Locale.ROOT, "sync filestore: %d files, %s, %d new (%s) in %.1f s",
                c.files(), Preflight.size(c.bytes()), c.newFiles(), Preflight.size(c.newBytes()), seconds);
    }

    /**
     * The record of the last sync, which the final copy reads: one "key value" line each, then a line
     * {@code changed PATH} per file this sync transferred.
     */
    public static String record(Instant time, double seconds, String source, String copy, Copied c) {
        StringBuilder b = new StringBuilder("# the last bin/odoo-stack cutover sync (docs/cutover.md)\n");
        b.append("time ").append(time).append('\n');
        b.append(String.format(Locale.ROOT, "seconds %.1f%n", seconds));
        b.append("source ").append(source).append('\n');
        b.append("copy ").append(copy).append('\n');
        b.append("files ").append(c.files()).append('\n');
        b.append("bytes ").append(c.bytes()).append('\n');
        b.append("new-files ").append(c.newFiles()).append('\n');
        b.append("new-bytes ").append(c.newBytes()).append('\n');
        c.changed().forEach(p -> b.append("changed ").append(p).append('\n'));
        return b.toString();
    }

    /** What {@link #record} wrote: the copy's counts and the files that sync transferred. */
    public static Copied parseRecord(String text) {
        long[] n = new long[4];
        List<String> keys = List.of("files", "bytes", "new-files", "new-bytes");
        List<String> changed = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] kv = line.split(" ", 2);
            if (kv.length == 2 && kv[0].equals("changed")) {
                changed.add(kv[1]);
            } else if (kv.length == 2 && keys.contains(kv[0])) {
                n[keys.indexOf(kv[0])] = Long.parseLong(kv[1]);
            }
        }
        return new Copied(n[0], n[1], n[2], n[3], changed);
    }
}
