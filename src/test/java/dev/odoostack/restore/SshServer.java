package dev.odoostack.restore;

import dev.odoostack.testing.Cmd;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real sshd on 127.0.0.1 with a host key and a client key made here, and a client directory
 * (id_ed25519 + known_hosts written from the host key) as restore.sh expects in RESTORE_SSH_DIR.
 * Logins are as the user running the tests.
 */
final class SshServer implements AutoCloseable {

    static final String SSHD = "/usr/sbin/sshd";

    private final Path dir;
    private final int port;
    private final Process process;

    private SshServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static boolean available() {
        return Cmd.onPath(SSHD) && Cmd.onPath("ssh") && Cmd.onPath("ssh-keygen");
    }

    static SshServer start(Path dir) throws IOException {
        Path server = Files.createDirectories(dir.resolve("server"));
        Path client = Files.createDirectories(dir.resolve("client"));
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwx------"));
        keygen(server.resolve("host_ed25519"));
        keygen(client.resolve("id_ed25519"));
        Files.copy(client.resolve("id_ed25519.pub"), server.resolve("authorized_keys"));
        if (Cmd.isRoot()) {
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        }
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path config = server.resolve("sshd_config");
            Files.writeString(config, String.join("\n",
                    "ListenAddress 127.0.0.1",
                    "Port " + port,
                    "HostKey " + server.resolve("host_ed25519"),
                    "AuthorizedKeysFile " + server.resolve("authorized_keys"),
                    "PidFile " + server.resolve("sshd.pid"),
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "StrictModes no", // the test's temp dirs are not the user's home
                    "UsePAM no",
                    "") + "\n");
            Process p = new ProcessBuilder(SSHD, "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(server.resolve("sshd.log").toFile()))
                    .start();
            if (awaitListening(p, port, Duration.ofSeconds(20))) {
                SshServer ssh = new SshServer(dir, port, p);
                ssh.writeKnownHosts(client, server.resolve("host_ed25519.pub"));
                return ssh;
            }
            p.destroyForcibly();
            last = new IOException("sshd did not listen on port " + port + ": "
                    + Files.readString(server.resolve("sshd.log")));
        }
        throw last;
    }

    private static void keygen(Path key) {
        Cmd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "restore-test", "-f", key.toString()))
                .orThrow();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean awaitListening(Process p, int port, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        return false;
    }

    private void writeKnownHosts(Path client, Path hostPub) throws IOException {
        String[] key = Files.readString(hostPub).strip().split(" ");
        Files.writeString(client.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + key[0] + " " + key[1] + "\n");
    }

    /** A client directory whose known_hosts names another key for this server: a host impersonation. */
    Path clientDirWithWrongHostKey() throws IOException {
        Path other = Files.createDirectories(dir.resolve("client-wrong-host-key"));
        Files.copy(clientDir().resolve("id_ed25519"), other.resolve("id_ed25519"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path impostor = dir.resolve("impostor_ed25519");
        if (!Files.exists(impostor)) {
            keygen(impostor);
        }
        writeKnownHosts(other, dir.resolve("impostor_ed25519.pub"));
        return other;
    }

    Path clientDir() {
        return dir.resolve("client");
    }

    int port() {
        return port;
    }

    String destination() {
        return System.getProperty("user.name") + "@127.0.0.1";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
