package dev.odoostack.engine;

import dev.odoostack.cli.OfflineCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host checks' shell side (HostFacts): it asks the Docker CLI of the stack's engine and nothing else, and the rule
 * (HostChecksTest) decides; an engine that does not answer is one line, not a refusal.
 */
class HostCheckCommandTest {
    @TempDir
    Path project;

    private final List<List<String>> asked = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private boolean run(String memTotal, boolean engineAnswers, String stackLines) throws Exception {
        Files.copy(Path.of("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.writeString(project.resolve("Pulumi.t01.yaml"), "config:\n" + stackLines);
        Processes.Lines docker = (argv, env, lines) -> {
            asked.add(argv);
            if (argv.contains("info")) {
                lines.accept(memTotal);
                return engineAnswers ? 0 : 1;
            }
            return 1; // no network of that name
        };
        return HostFacts.check(project, "t01", Map.of("DOCKER_HOST", "unix:///run/i27.sock"), docker,
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingNetworkIsOneLineAndARefusal() throws Exception {
        assertFalse(run("25276182528", true, "  odoo-stack:traefikExternalNetwork: shared-web\n"));
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().startsWith("odoo-stack host-check t01: odoo-stack:traefikExternalNetwork = shared-web: does not exist"), err());
        assertEquals(List.of(List.of("docker", "--host", "unix:///run/i27.sock", "info", "--format", "{{.MemTotal}}"),
                List.of("docker", "--host", "unix:///run/i27.sock", "network", "inspect", "--format", "{{.Name}}", "shared-web")), asked);
    }

    @Test
    void tooLittleMemoryIsOneLineNamingTheKey() throws Exception {
        assertFalse(run(String.valueOf(4096L << 20), true, "  odoo-stack:odooWorkers: 4\n"));
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().contains("odoo-stack:odooWorkers = 4: "), err());
    }

    @Test
    void enoughMemoryAndNoSharedProxyPass() throws Exception {
        assertTrue(run("25276182528", true, "  odoo-stack:odooWorkers: 2\n"));
        assertEquals("", err());
    }

    @Test
    void anEngineThatDoesNotAnswerIsNamedAndNotARefusal() throws Exception {
        assertTrue(run("Cannot connect to the Docker daemon", false, "  odoo-stack:odooWorkers: 2\n"));
        assertEquals("odoo-stack host-check t01: not made: no Docker engine answers at unix:///run/i27.sock (docker info)\n", err());
    }

    /** plan, offline, ends with one line on stderr naming the host checks; --json on stdout stays as it was. */
    @Test
    void planNamesTheHostChecksItDidNotMake() throws Exception {
        Files.copy(Path.of("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.createSymbolicLink(project.resolve("docker"), Path.of("docker").toAbsolutePath());
        Files.writeString(project.resolve("Pulumi.t01.yaml"), "config:\n  odoo-stack:traefikExternalNetwork: shared-web\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = OfflineCommands.plan(project, "t01", true, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("{"), "the JSON alone on stdout");
        assertEquals("odoo-stack plan t01: offline, so not checked against the Docker host (bin/odoo-stack preview and up"
                + " check it): the host's memory against the 8192 MiB Odoo may take; that network shared-web exists\n", err());
    }
}
