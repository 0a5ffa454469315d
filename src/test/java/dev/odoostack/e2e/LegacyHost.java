package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The legacy production host, as {@code src/test/fixtures/legacy-host} makes it (the fixture the restore benchmark
 * uses too): another machine with its own address in a network namespace, running sshd and PostgreSQL, with an
 * {@code odoo} account whose filestore is in the usual {@code ~/.local/share/Odoo/filestore/<db>}.
 */
final class LegacyHost implements AutoCloseable {
    static final Path SCRIPT = RealEngine.REPO.resolve("src/test/fixtures/legacy-host");

    private final Path dir;
    private final Map<String, String> env = new TreeMap<>();

    private LegacyHost(Path dir) {
        this.dir = dir;
    }

    static LegacyHost up(Path dir, String name, String subnet) {
        LegacyHost h = new LegacyHost(dir);
        h.script("up", dir.toString(), "--name", name, "--subnet", subnet);
        h.env.putAll(parseEnv(h.script("env", dir.toString()).out()));
        return h;
    }

    /** The KEY='VALUE' lines a fixture's {@code env} command prints (legacy-host, s3-server). */
    static Map<String, String> parseEnv(String out) {
        Map<String, String> env = new TreeMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String v = line.substring(eq + 1);
                // shell-quoted: 'value', with ' written as '\''
                if (v.startsWith("'") && v.endsWith("'")) {
                    v = v.substring(1, v.length() - 1).replace("'\\''", "'");
                }
                env.put(line.substring(0, eq), v);
            }
        }
        return env;
    }

    /** The directory the fixture keeps this host under (another fixture joins its namespace through it). */
    Path dir() {
        return dir;
    }

    void seed(String db, int mb, int files, int fileKb) {
        script("seed", dir.toString(), "--db", db, "--db-mb", String.valueOf(mb), "--files", String.valueOf(files),
                "--file-kb", String.valueOf(fileKb));
    }

    /** A value of {@code legacy-host env}: LEGACY_ADDR, LEGACY_SSH_DIR, LEGACY_FILESTORE_ROOT, ... */
    String get(String key) {
        String v = env.get(key);
        if (v == null) {
            throw new IllegalStateException("legacy-host env has no " + key + ": " + env.keySet());
        }
        return v;
    }

    /** The stack file's lines that make this host, and its database db, a stack's cutover source (docs/cutover.md). */
    List<String> cutoverSource(String db) {
        return List.of(
                "odoo-stack:cutoverUpstream: " + get("LEGACY_DESTINATION"),
                "odoo-stack:cutoverSshDir: " + get("LEGACY_SSH_DIR"),
                "odoo-stack:cutoverUpstreamDb: " + db,
                "odoo-stack:cutoverUpstreamFilestore: " + get("LEGACY_FILESTORE_ROOT") + "/" + db,
                // the fixture's reader role, as docs/cutover.md grants it: pg_read_all_data and pg_read_all_stats
                "odoo-stack:cutoverPsql: " + get("LEGACY_PG_DUMP").replaceFirst("^pg_dump", "psql"));
    }

    /**
     * The stack file of the cutover tests' target: production, backed up to {@code repository} (the sync runs in the
     * backup image; check asks for a drill), with this host's {@code db} as its cutover source; {@code more} after.
     */
    List<String> productionStack(String db, java.nio.file.Path repository, String... more) {
        List<String> lines = new java.util.ArrayList<>(List.of("odoo-stack:production: true", "odoo-stack:backup: true",
                "odoo-stack:backupRepository: " + repository));
        lines.addAll(cutoverSource(db));
        lines.addAll(List.of(more));
        return lines;
    }

    /** The Odoo series the legacy database says it runs (ir_module_module's base version), e.g. 19.0. */
    void runsSeries(String db, String series) {
        psql(db, "UPDATE ir_module_module SET latest_version = '" + series + ".1.3' WHERE name = 'base'");
    }

    /** psql on the legacy host's server as its superuser, through the socket the host shares. */
    String psql(String db, String sql) {
        return Cmd.run(List.of("psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", get("LEGACY_PGHOST"),
                "-p", get("LEGACY_PGPORT"), "-U", "postgres", "-d", db, "-c", sql)).orThrow().out().strip();
    }

    private Cmd.Result script(String... args) {
        List<String> c = new ArrayList<>(List.of(SCRIPT.toString()));
        c.addAll(List.of(args));
        Cmd.Result r = Cmd.run(c, Map.of(), null, Duration.ofMinutes(5));
        if (r.exit() != 0) {
            throw new IllegalStateException("legacy-host " + args[0] + " failed:\n" + r.err() + r.out());
        }
        return r;
    }

    @Override
    public void close() {
        Cmd.run(List.of(SCRIPT.toString(), "down", dir.toString()), Map.of(), null, Duration.ofMinutes(2));
    }
}
