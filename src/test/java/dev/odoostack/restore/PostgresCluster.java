package dev.odoostack.restore;

import dev.odoostack.testing.Cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster from the machine's server binaries: its own data directory, no TCP
 * listener, the socket in its own directory. initdb refuses root, so as root the cluster runs as the
 * postgres user.
 */
final class PostgresCluster implements AutoCloseable {

    private final Path bin;
    private final Path data;
    private final Path socketDir;
    private final int port = 5432; // only names the socket file: no TCP listener, no clash

    private PostgresCluster(Path bin, Path dir) {
        this.bin = bin;
        this.data = dir.resolve("data");
        this.socketDir = dir.resolve("sock");
    }

    /** The newest installed server binaries: pg_config --bindir, else /usr/lib/postgresql/N/bin. */
    static Optional<Path> binDir() {
        if (Cmd.onPath("pg_config")) {
            Cmd.Result r = Cmd.run(List.of("pg_config", "--bindir"));
            if (r.exit() == 0 && Files.isExecutable(Path.of(r.out().strip(), "initdb"))) {
                return Optional.of(Path.of(r.out().strip()));
            }
        }
        try (Stream<Path> majors = Files.list(Path.of("/usr/lib/postgresql"))) {
            return majors.map(m -> m.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static PostgresCluster start(Path dir) throws IOException {
        Path bin = binDir().orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries"));
        PostgresCluster pg = new PostgresCluster(bin, dir);
        Files.createDirectories(pg.socketDir);
        if (Cmd.isRoot()) {
            // the postgres user must be able to reach its directory
            Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Cmd.run(List.of("chown", "-R", "postgres:", dir.toString())).orThrow();
        }
        pg.asOwner(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-A", "trust",
                "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")).orThrow();
        // fsync off: a throwaway cluster; -W: we poll readiness ourselves
        pg.asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", pg.data.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-W", "start", "-o",
                "-p " + pg.port + " -k " + pg.socketDir + " -c listen_addresses= -c fsync=off")).orThrow();
        pg.awaitReady(Duration.ofSeconds(60));
        return pg;
    }

    private Cmd.Result asOwner(List<String> command) {
        List<String> full = new ArrayList<>();
        if (Cmd.isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return Cmd.run(full, Map.of(), null, Duration.ofSeconds(120));
    }

    private void awaitReady(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Cmd.Result r = Cmd.run(List.of(bin.resolve("pg_isready").toString(), "-q", "-h", socketDir.toString(),
                    "-p", String.valueOf(port)));
            if (r.exit() == 0) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new IllegalStateException("PostgreSQL did not become ready within " + limit);
    }

    /** PGHOST/PGPORT/PGUSER for clients of this cluster. */
    Map<String, String> libpqEnv() {
        return Map.of("PGHOST", socketDir.toString(), "PGPORT", String.valueOf(port), "PGUSER", "postgres");
    }

    String pgDumpCommand() {
        return "pg_dump -h " + socketDir + " -p " + port + " -U postgres";
    }

    /** Runs SQL (several statements allowed) and returns the unaligned, tuples-only output. */
    String psql(String db, String sql) {
        return psqlAs("postgres", db, sql);
    }

    String psqlAs(String role, String db, String sql) {
        return Cmd.run(List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDir.toString(),
                        "-p", String.valueOf(port), "-U", role, "-d", db, "-f", "-"),
                Map.of("PGOPTIONS", "-c client_min_messages=warning"), sql, Duration.ofSeconds(120))
                .orThrow().out().strip();
    }

    boolean databaseExists(String name) {
        return psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")
                .equals("1");
    }

    @Override
    public void close() {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"));
    }
}
