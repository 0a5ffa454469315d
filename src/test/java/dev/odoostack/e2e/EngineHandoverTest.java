package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.odoostack.e2e.RealEngine.psql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One stack, one engine at a time, and passwords that follow the stack: cm brought up by the compose engine is
 * refused by `up` on Pulumi in one line naming `move-engine`, which carries the passwords over; and a changed
 * postgresPassword on a running Pulumi stack rotates the role's password and Odoo's file, rows kept. (Before, Pulumi
 * generated passwords of its own on a compose stack's data, and Odoo failed to log in behind a successful up.)
 * The rotation runs on the stack the hand-over left running on Pulumi, rows and all: a fresh stack would only add
 * its first up (about 50 s) to the suite.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineHandoverTest {
    static final String STACK = "cm";
    static final int PORT = 8081;
    static final String HOST = "cm.localhost";

    RealEngine.Project project;
    /** Whether the hand-over left cm running on Pulumi, which the rotation starts from. */
    boolean handedOver;

    @BeforeAll
    void project() throws Exception {
        RealEngine.wipe(STACK);
        project = new RealEngine.Project(Files.createTempDirectory("engine-handover-test"), Map.of());
    }

    @AfterAll
    void wipe() {
        RealEngine.wipe(STACK);
    }

    @Test
    @Order(1)
    void aComposeStackIsHandedToPulumiWithItsPasswords() throws Exception {
        RealEngine.record(EngineHandoverTest.class, "compose");
        Cmd.Result compose = project.odooStack("up", STACK, "--engine", "compose");
        assertEquals(0, compose.exit(), compose.err());
        psql(STACK, "postgres", "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from compose')");
        String composePassword = project.password(STACK, "postgresPassword");
        // the compose engine's preview compares the stack file's rendering with what it applied: the same
        Cmd.Result preview = project.odooStack("preview", STACK, "--engine", "compose");
        assertEquals(0, preview.exit(), preview::text);
        assertTrue(preview.out().contains("odoo-stack preview cm (compose engine): what up would change\n  no changes"), preview.out());

        Cmd.Result refused = project.up(STACK);
        assertNotEquals(0, refused.exit());
        List<String> lines = refused.err().lines().filter(l -> l.startsWith("odoo-stack: up")).toList();
        assertEquals(List.of("odoo-stack: up cm: the stack runs on the compose engine here, with passwords the pulumi engine"
                + " does not have; carry them over and hand the stack to pulumi with: bin/odoo-stack move-engine cm --to pulumi"), lines,
                refused.err());
        assertEquals("from compose", psql(STACK, "postgres", "SELECT note FROM kept"), "nothing was touched");

        Cmd.Result move = project.odooStack("move-engine", STACK, "--to", "pulumi");
        assertEquals(0, move.exit(), move.err());
        assertTrue(move.err().contains("postgresPassword carried over to the pulumi engine"), move.err());
        assertEquals(composePassword, project.secret(STACK, "postgresPassword"));
        assertTrue(!move.err().contains(composePassword) && !move.out().contains(composePassword), "no password echoed");

        project.upOk(STACK);
        assertEquals(200, RealEngine.get(PORT, HOST, "/web/health").status(), "Odoo logs in with the carried password");
        assertEquals("from compose", psql(STACK, "postgres", "SELECT note FROM kept"));
        assertEquals("", RealEngine.dockerOk("ps", "-a", "--filter", "label=odoo-stack.stack=" + STACK,
                "--filter", "label=com.docker.compose.project", "--format", "{{.Names}}"), "no compose container left");
        handedOver = true;
    }

    @Test
    @Order(2)
    void aNewPostgresPasswordIsRotatedOnTheRunningStack() throws Exception {
        assertTrue(handedOver, "starts from the stack the hand-over left running on Pulumi, and that one failed (above)");
        psql(STACK, "postgres", "INSERT INTO kept VALUES ('before the rotation')");
        String before = project.secret(STACK, "postgresPassword");

        project.pulumi("config", "set", "--secret", "postgresPassword", "rotated-" + before.substring(0, 20), "--stack", STACK).orThrow();
        Cmd.Result up = project.up(STACK);
        assertEquals(0, up.exit(), up.err() + up.out());
        assertEquals(200, RealEngine.get(PORT, HOST, "/web/health").status(), "Odoo logs in with the new password");
        assertEquals("from compose\nbefore the rotation", psql(STACK, "postgres", "SELECT note FROM kept ORDER BY note DESC"));
        // over TCP with the new password, as Odoo does; the old one is refused
        String rotated = project.secret(STACK, "postgresPassword");
        assertEquals(0, login(rotated), "the role has the new password");
        assertNotEquals(0, login(before), "and no longer the old one");
        RealEngine.await("Odoo stays healthy", Duration.ofSeconds(30),
                () -> RealEngine.dockerOk("inspect", "--format", "{{.State.Health.Status}}", STACK + "-odoo").equals("healthy"));
    }

    /**
     * A log-in as Odoo makes it: from another container on the database network (inside the PostgreSQL container,
     * the image trusts connections from 127.0.0.1 whatever the password).
     */
    private static int login(String password) {
        String image = RealEngine.dockerOk("inspect", "--format", "{{.Config.Image}}", STACK + "-postgres");
        return RealEngine.docker("run", "--rm", "--network", STACK + "-db", "-e", "PGPASSWORD=" + password,
                "--entrypoint", "psql", image, "-h", STACK + "-postgres", "-U", "odoo", "-d", "postgres", "-Atc", "SELECT 1").exit();
    }
}
