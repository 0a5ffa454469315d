package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A STAND-IN S3 server, as {@code src/test/fixtures/s3-server} runs it: moto's server (an AWS emulator from PyPI, not
 * AWS nor MinIO) with request signatures checked, in a {@link LegacyHost}'s network namespace, so it is another
 * machine at that host's address. Its buckets are in its memory.
 */
final class S3StandIn implements AutoCloseable {
    static final Path SCRIPT = RealEngine.REPO.resolve("src/test/fixtures/s3-server");

    private final Path dir;
    private final Map<String, String> env;

    private S3StandIn(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** Starts it in the host's namespace, on the host's address and the port given. */
    static S3StandIn up(Path dir, LegacyHost host, int port) {
        script("up", dir.toString(), "--host", host.dir().toString(), "--port", String.valueOf(port));
        return new S3StandIn(dir, LegacyHost.parseEnv(script("env", dir.toString()).out()));
    }

    /** http://ADDR:PORT */
    String endpoint() {
        return env.get("S3_ENDPOINT");
    }

    String accessKeyId() throws IOException {
        return Files.readString(Path.of(env.get("S3_ACCESS_KEY_ID_FILE"))).strip();
    }

    String secretAccessKey() throws IOException {
        return Files.readString(Path.of(env.get("S3_SECRET_ACCESS_KEY_FILE"))).strip();
    }

    /** What the server logged: one line per request it answered. */
    String log() throws IOException {
        return Files.readString(Path.of(env.get("S3_LOG")));
    }

    private static Cmd.Result script(String... args) {
        List<String> c = new ArrayList<>(List.of(SCRIPT.toString()));
        c.addAll(List.of(args));
        // the first up installs it (a minute; bin/real-engine prepare does it beforehand)
        Cmd.Result r = Cmd.run(c, Map.of(), null, Duration.ofMinutes(10));
        if (r.exit() != 0) {
            throw new IllegalStateException("s3-server " + args[0] + " failed:\n" + r.err() + r.out());
        }
        return r;
    }

    /** The server goes away: nothing listens on its address any more. */
    @Override
    public void close() {
        Cmd.run(List.of(SCRIPT.toString(), "down", dir.toString()), Map.of(), null, Duration.ofMinutes(1));
    }
}
