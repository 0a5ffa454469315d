package dev.odoostack.restore;

import dev.odoostack.testing.Cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway PostgreSQL cluster, as {@code src/test/fixtures/pg-cluster} makes it (the fixture bench/restore.sh
 * uses too): its own data directory, no TCP listener, the socket in its own directory. As root the cluster runs
 * as the postgres user (initdb refuses root).
 */
public final class PostgresCluster implements AutoCloseable {

    static final Path FIXTURE = Path.of("src/test/fixtures/pg-cluster").toAbsolutePath();

    private final Path dir;
    private final Map<String, String> env;

    private PostgresCluster(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** The newest installed server binaries, as the fixture finds them. */
    public static Optional<Path> binDir() {
        Cmd.Result r = Cmd.run(List.of(FIXTURE.toString(), "bindir"));
        return r.exit() == 0 ? Optional.of(Path.of(r.out().strip())) : Optional.empty();
    }

    public static PostgresCluster start(Path dir) throws IOException {
        return start(dir, List.of());
    }

    /**
     * A cluster that also listens on 127.0.0.1, at a port free when asked, so its sessions have a client address
     * ({@link #tcpPort()}).
     */
    public static PostgresCluster startOnLocalhost(Path dir) throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return start(dir, List.of("--port", String.valueOf(port), "-c", "listen_addresses=127.0.0.1"));
    }

    private static PostgresCluster start(Path dir, List<String> options) throws IOException {
        Files.createDirectories(dir);
        if (Cmd.isRoot()) {
            // the postgres user must be able to reach its directory
            Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // fsync off: a throwaway cluster
        List<String> command = new ArrayList<>(List.of(FIXTURE.toString(), "start", dir.toString(), "-c", "fsync=off"));
        command.addAll(options);
        Cmd.Result r = Cmd.run(command, Map.of(), null, Duration.ofSeconds(120)).orThrow();
        Map<String, String> env = new TreeMap<>();
        for (String line : r.out().split("\n")) {
            Matcher m = KV.matcher(line);
            if (m.matches()) {
                env.put(m.group(1), m.group(2).replace("'\\''", "'"));
            }
        }
        return new PostgresCluster(dir, env);
    }

    /** A line of the fixture's output: KEY='VALUE', with ' written as '\''. */
    private static final Pattern KV = Pattern.compile("([A-Z]+)='(.*)'");

    private String socketDir() {
        return env.get("PGHOST");
    }

    private String port() {
        return env.get("PGPORT");
    }

    /** The port of 127.0.0.1 where a cluster of {@link #startOnLocalhost} listens. */
    public int tcpPort() {
        return Integer.parseInt(port());
    }

    /** PGHOST/PGPORT/PGUSER for clients of this cluster. */
    Map<String, String> libpqEnv() {
        return Map.of("PGHOST", socketDir(), "PGPORT", port(), "PGUSER", env.get("PGUSER"));
    }

    String pgDumpCommand() {
        return "pg_dump -h " + socketDir() + " -p " + port() + " -U postgres";
    }

    /** Runs SQL (several statements allowed) and returns the unaligned, tuples-only output. */
    public String psql(String db, String sql) {
        return psqlAs("postgres", db, sql);
    }

    public String psqlAs(String role, String db, String sql) {
        return Cmd.run(List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDir(),
                        "-p", port(), "-U", role, "-d", db, "-f", "-"),
                Map.of("PGOPTIONS", "-c client_min_messages=warning"), sql, Duration.ofSeconds(120))
                .orThrow().out().strip();
    }

    /**
     * Runs a SQL file as restore.sh runs its own: from standard input, unaligned and tuples only, with psql
     * variables (and any other psql arguments); the result is the caller's to check.
     */
    Cmd.Result psqlFile(String db, Path file, Map<String, String> vars, String... psqlArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", socketDir(), "-p", port(), "-U", "postgres", "-d", db));
        vars.forEach((k, v) -> command.addAll(List.of("-v", k + "=" + v)));
        command.addAll(List.of(psqlArgs));
        return Cmd.run(command, Map.of("PGOPTIONS", "-c client_min_messages=warning"), Files.readString(file),
                Duration.ofSeconds(120));
    }

    boolean databaseExists(String name) {
        return psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")
                .equals("1");
    }

    @Override
    public void close() {
        Cmd.run(List.of(FIXTURE.toString(), "stop", dir.toString()), Map.of(), null, Duration.ofSeconds(60));
    }
}
