package dev.odoostack.restore;

import dev.odoostack.testing.Cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What restore.sh says about bad input, before it touches anything: no servers needed. Each case
 * breaks one variable of an otherwise valid environment and expects exit 2 with one line on stderr
 * that names that variable (the upstream host is never contacted: validation comes first).
 */
class RestoreScriptInputTest {

    @TempDir
    Path tmp;

    Map<String, String> env;

    @BeforeEach
    void validEnvironment() throws IOException {
        Path sshDir = Files.createDirectories(tmp.resolve("ssh"));
        Files.writeString(sshDir.resolve("id_ed25519"), "not used: validation fails first\n");
        Files.writeString(sshDir.resolve("known_hosts"), "opw-prod.shiny ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample\n");
        Files.createDirectories(tmp.resolve("filestore"));
        env = new HashMap<>();
        for (String k : System.getenv().keySet()) {
            if (k.startsWith("PG") || k.startsWith("RESTORE_") || k.startsWith("TARGET_")) {
                env.put(k, null);
            }
        }
        env.put("RESTORE_UPSTREAM", "odoo@opw-prod.shiny");
        env.put("RESTORE_SSH_DIR", sshDir.toString());
        env.put("RESTORE_UPSTREAM_DB", "opw");
        env.put("RESTORE_UPSTREAM_FILESTORE", "/srv/odoo/filestore/opw");
        env.put("TARGET_DB", "shop");
        env.put("TARGET_FILESTORE_ROOT", tmp.resolve("filestore").toString());
        env.put("TARGET_BASE_URL", "https://staging.shiny.test");
        env.put("RESTORE_JOBS", "2");
        env.put("RESTORE_CACHE_DIR", tmp.resolve("cache").toString());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(nullValues = "UNSET", value = {
        "TARGET_DB, UNSET, TARGET_DB is not set",
        "TARGET_DB, shop~previous, TARGET_DB",
        "TARGET_DB, ../etc, TARGET_DB",
        "TARGET_FILESTORE_ROOT, UNSET, TARGET_FILESTORE_ROOT is not set",
        "TARGET_FILESTORE_ROOT, /nonexistent/filestore, TARGET_FILESTORE_ROOT",
        "RESTORE_UPSTREAM, UNSET, RESTORE_UPSTREAM is not set",
        "RESTORE_UPSTREAM, -oProxyCommand=touch /tmp/x, RESTORE_UPSTREAM",
        "RESTORE_SSH_PORT, 22x, RESTORE_SSH_PORT",
        "RESTORE_SSH_PORT, 70000, RESTORE_SSH_PORT",
        "RESTORE_SSH_DIR, UNSET, RESTORE_SSH_DIR is not set",
        "RESTORE_UPSTREAM_DB, UNSET, RESTORE_UPSTREAM_DB is not set",
        "RESTORE_UPSTREAM_FILESTORE, UNSET, RESTORE_UPSTREAM_FILESTORE is not set",
        "TARGET_BASE_URL, UNSET, TARGET_BASE_URL is not set",
        "TARGET_BASE_URL, staging.shiny.test, TARGET_BASE_URL",
        "RESTORE_JOBS, abc, RESTORE_JOBS",
        "RESTORE_JOBS, 0, RESTORE_JOBS",
    })
    void badVariableIsNamed(String variable, String value, String expected) {
        env.put(variable, value);
        assertUsageError(run(), expected);
    }

    @Test
    void sshDirWithoutPrivateKeyIsNamed() throws IOException {
        Files.delete(tmp.resolve("ssh/id_ed25519"));
        assertUsageError(run(), "RESTORE_SSH_DIR");
        assertTrue(run().err().contains("private key"));
    }

    @Test
    void sshDirWithoutKnownHostsIsNamed() throws IOException {
        Files.delete(tmp.resolve("ssh/known_hosts"));
        Cmd.Result r = run();
        assertUsageError(r, "RESTORE_SSH_DIR");
        assertTrue(r.err().contains("known_hosts"), r.err());
    }

    @Test
    void helpListsEveryVariableOfTheInterface() {
        Cmd.Result r = run("--help");
        assertEquals(0, r.exit());
        for (String name : List.of("RESTORE_UPSTREAM", "RESTORE_SSH_PORT", "RESTORE_SSH_DIR", "RESTORE_UPSTREAM_DB",
                "RESTORE_UPSTREAM_FILESTORE", "RESTORE_UPSTREAM_PG_DUMP", "TARGET_DB", "TARGET_FILESTORE_ROOT",
                "TARGET_PG_CONTAINER", "TARGET_ODOO_CONTAINER", "TARGET_PG_SERVICE", "ODOO_STACK_DB_DOCKER_HOST",
                "TARGET_ODOO_SERVICES", "TARGET_ODOO_IMAGE", "TARGET_BASE_URL", "RESTORE_JOBS",
                "RESTORE_CACHE_DIR", "--rollback")) {
            assertTrue(r.out().contains(name), "--help mentions " + name);
        }
    }

    @Test
    void aSwarmServiceWithoutAManagerToAskIsOneLineNamingTheService() {
        assumeTrue(Cmd.onPath("docker"), "the docker CLI is not installed (apt-get install docker.io): case skipped");
        env.put("TARGET_PG_SERVICE", "opw_postgres");
        env.put("DOCKER_HOST", "unix://" + tmp.resolve("no-engine.sock"));
        Cmd.Result r = run();
        assertUsageError(r, "no running task of the swarm service opw_postgres: DOCKER_HOST must name a manager");
        env.put("TARGET_PG_CONTAINER", "opw-postgres");
        assertUsageError(run(), "TARGET_PG_CONTAINER and TARGET_PG_SERVICE exclude each other");
    }

    @Test
    void unknownArgumentIsRefused() {
        assertUsageError(run("--force"), "--force");
    }

    @Test
    void scriptsAreShellcheckClean() {
        assumeTrue(Cmd.onPath("shellcheck"), "shellcheck not installed (apt-get install shellcheck): lint skipped");
        Cmd.Result r = Cmd.run(List.of("shellcheck", "-S", "style", "-x", "docker/scripts/restore.sh",
                "bench/restore.sh", "src/test/fixtures/pg-cluster", "src/test/fixtures/legacy-host"));
        assertEquals(0, r.exit(), r.out());
    }

    private Cmd.Result run(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", RestoreScriptTest.SCRIPT.toString()));
        command.addAll(List.of(args));
        return Cmd.run(command, env, null, Duration.ofSeconds(30));
    }

    private static void assertUsageError(Cmd.Result r, String expected) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line:\n" + r.err());
        assertTrue(err.contains(expected), err);
    }
}
