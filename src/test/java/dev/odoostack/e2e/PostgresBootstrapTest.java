package dev.odoostack.e2e;

import dev.odoostack.database.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.odoostack.e2e.RealEngine.docker;
import static dev.odoostack.e2e.RealEngine.dockerOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The first start of a PostgreSQL container (stand-in image, same bootstrap as the official one): the cluster is
 * initialised on a temporary server that listens on the socket only. A readiness check over the socket passes
 * then, though nothing on the network can connect; the stack's check (over TCP) waits for the real server.
 */
@Tag("e2e")
class PostgresBootstrapTest {
    private static final String NAME = "odoo-stack-e2e-bootstrap";

    @TempDir
    Path tmp;

    @AfterEach
    void remove() {
        docker("rm", "-f", NAME);
    }

    @Test
    void aSocketCheckPassesDuringBootstrapTheStacksCheckDoesNot() throws Exception {
        docker("rm", "-f", NAME);
        Path init = Files.createDirectories(tmp.resolve("init"));
        // holds the bootstrap until the test says so: no timing involved
        Files.writeString(init.resolve("hold.sh"), "until [ -e /tmp/release ]; do sleep 0.2; done\n");
        Path password = Files.writeString(tmp.resolve("password"), "bootstrap-test-password");
        password.toFile().setReadable(true, false);
        dockerOk("run", "-d", "--name", NAME, "-e", "POSTGRES_USER=odoo", "-e", "POSTGRES_PASSWORD_FILE=/run/secrets/pw",
                "-v", password + ":/run/secrets/pw:ro", "-v", init + ":/docker-entrypoint-initdb.d:ro", "postgres:17");

        List<String> socketCheck = List.of("pg_isready", "-U", "odoo", "-d", "postgres");
        List<String> stackCheck = Postgres.healthcheck("odoo");
        RealEngine.await("the temporary server answers on its socket", Duration.ofSeconds(60),
                () -> exec(socketCheck) == 0);
        assertEquals(0, exec(socketCheck), "the socket check passes during bootstrap");
        assertNotEquals(0, exec(stackCheck), "the stack's check must not pass while the server is the temporary one");

        dockerOk("exec", NAME, "touch", "/tmp/release");
        RealEngine.await("the real server answers over TCP", Duration.ofSeconds(60), () -> exec(stackCheck) == 0);
        assertEquals("1", dockerOk("exec", "-e", "PGPASSWORD=bootstrap-test-password", NAME,
                "psql", "-h", "127.0.0.1", "-U", "odoo", "-d", "postgres", "-Atc", "SELECT 1"));
    }

    private static int exec(List<String> command) {
        List<String> c = new ArrayList<>(List.of("exec", NAME));
        c.addAll(command);
        return docker(c.toArray(String[]::new)).exit();
    }
}
