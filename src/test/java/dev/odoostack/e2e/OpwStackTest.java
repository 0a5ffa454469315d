package dev.odoostack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoostack.config.Settings;
import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.odoostack.e2e.RealEngine.docker;
import static dev.odoostack.e2e.RealEngine.dockerOk;
import static dev.odoostack.e2e.RealEngine.get;
import static dev.odoostack.e2e.RealEngine.psql;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The opw stack brought up from fresh state on the real engine with {@code bin/odoo-stack up opw} on the Pulumi
 * engine (the real CLI and providers; the Java language host is a stand-in: docs/testing.md)
 * (Traefik, PostgreSQL 17 stand-in image, Odoo built FROM the stand-in for adomi's image), then changed, then
 * protected. The tests run in order on one deployment, as an operator's first day would. The stack file is the
 * committed one with only the private addon repository replaced (docs/testing.md, "The suite's stack files").
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpwStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PORT = 80;
    private static final String HOST = "opw.localhost";

    @TempDir
    static Path tmp;
    static RealEngine.Project project;
    static Cmd.Result firstUp;
    /** The contract of the image opw runs (odooImageFlavour), which the assertions below take their ids and paths from. */
    static dev.odoostack.config.Settings.ImageFlavour contract;

    @BeforeAll
    static void up() throws IOException {
        RealEngine.wipe("opw");
        project = new RealEngine.Project(tmp, Map.of());
        contract = project.settings("opw").odoo().flavour();
        firstUp = project.up("opw");
        assertEquals(0, firstUp.exit(), () -> "bin/odoo-stack up opw failed:\n" + firstUp.err() + firstUp.out());
    }

    @AfterAll
    static void down() {
        RealEngine.wipe("opw");
    }

    @Test
    @Order(1)
    void everyContainerIsHealthyAndTheInitContainerFinished() {
        for (String c : List.of("opw-postgres", "opw-odoo", "opw-traefik")) {
            assertEquals("running healthy", dockerOk("inspect", "--format", "{{.State.Status}} {{.State.Health.Status}}", c), c);
        }
        assertEquals("exited 0", dockerOk("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "opw-odoo-init"));
    }

    @Test
    @Order(1)
    void theRealTargetsRestoreIsConfiguredButTheFirstUpDoesNotRunIt() {
        String all = firstUp.out() + firstUp.err();
        assertTrue(all.contains("odoo-stack: restore: configured, but restoreOnFirstUp is false, so up does not run it; "
                + "to restore now: bin/odoo-stack restore opw"), all);
        assertFalse(all.contains("restore: connect"), "production must not be contacted: " + all);
    }

    @Test
    @Order(1)
    void odooRunsAsTheBaseImagesUserOnItsPythonWithTheEnterpriseRepositoryMounted() {
        assertEquals(Settings.ImageFlavour.ADOMI, contract, "opw builds FROM adomi's image");
        assertEquals(contract.uid + " " + contract.user, dockerOk("exec", "opw-odoo", "sh", "-c", "echo $(id -u) $(id -un)"));
        String cmdline = dockerOk("exec", "opw-odoo", "sh", "-c", "tr '\\0' ' ' </proc/1/cmdline");
        assertTrue(cmdline.startsWith(contract.python + " "), "Odoo runs on the image's Python: " + cmdline);
        String conf = dockerOk("exec", "opw-odoo", "cat", "/tmp/odoo-stack/odoo.conf");
        assertTrue(conf.contains("\naddons_path = " + String.join(",", contract.odooAddons) + (contract.odooAddons.isEmpty() ? "" : ",")
                + "/mnt/addons/enterprise\n"), conf);
        assertTrue(conf.contains("\ndata_dir = " + contract.dataDir + "\n"), conf);
        assertEquals("enterprise_stand_in", dockerOk("exec", "opw-odoo", "ls", "/mnt/addons/enterprise"),
                "the suite's stand-in for the Enterprise repository, checked out and mounted");
    }

    @Test
    @Order(2)
    void healthAnswersThroughTraefikWithTheForwardedHeaders() {
        RealEngine.Http r = get(PORT, HOST, "/web/health");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.body().contains("\"pass\""), r.body());
        assertAll(
                () -> assertEquals("8069", r.header("X-Stand-In-Port")),
                () -> assertEquals(HOST, r.header("X-Stand-In-Received-Host")),
                () -> assertEquals("http", r.header("X-Stand-In-Received-X-Forwarded-Proto")),
                () -> assertEquals(HOST, r.header("X-Stand-In-Received-X-Forwarded-Host")));
        assertEquals(404, get(PORT, "unknown.localhost", "/web/health").status(), "Traefik routes only the stack's domains");
    }

    @Test
    @Order(3)
    void websocketUpgradeReachesTheEventedPort() {
        RealEngine.Http r = get(PORT, HOST, "/websocket", Map.of("Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"));
        assertEquals(101, r.status(), r.toString());
        assertEquals("8072", r.header("X-Stand-In-Port"), "opw has workers, so /websocket must reach 8072");
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", r.header("Sec-WebSocket-Accept"));
    }

    @Test
    @Order(4)
    void odooLoggedInWithThePasswordFileThroughItsConfiguration() throws IOException {
        JsonNode info = JSON.readTree(get(PORT, HOST, "/stand-in/info").body());
        assertEquals("/tmp/odoo-stack/odoo.conf", info.path("password_source").asText(),
                "db_password must come from the configuration the start script assembled from the secret file");
        assertEquals("opw-postgres", info.path("db_host").asText());
        assertEquals("opw", info.path("db_name").asText());
        assertEquals(4, info.path("workers").asInt());
        assertEquals(contract.uid, info.path("uid").asInt(), "the base image's uid (" + contract.key() + ")");
        assertTrue(dockerOk("logs", "opw-odoo").contains("as odoo (password from /tmp/odoo-stack/odoo.conf): logged in"));
    }

    @Test
    @Order(5)
    void postgresHasNoHostPortAndIsUnreachableFromTheProxyNetwork() {
        // no binding at all: compose writes {}, the docker provider leaves it null
        assertTrue(List.of("{}", "null").contains(dockerOk("inspect", "--format", "{{json .HostConfig.PortBindings}}", "opw-postgres")));
        assertEquals("", dockerOk("port", "opw-postgres"));
        String ip = dockerOk("inspect", "--format", "{{(index .NetworkSettings.Networks \"opw-db\").IPAddress}}", "opw-postgres");
        // the same probe from the database network answers: the probe itself works
        assertEquals(0, probe("opw-db", "opw-postgres").exit());
        assertNotEquals(0, probe("opw-proxy", "opw-postgres").exit(), "the name must not resolve on the proxy network");
        assertEquals(2, probe("opw-proxy", ip).exit(), "the address must not be reachable from the proxy network");
    }

    private static Cmd.Result probe(String network, String host) {
        return docker("run", "--rm", "--network", network, "--entrypoint", "pg_isready", "postgres:17",
                "-h", host, "-p", "5432", "-t", "3");
    }

    @Test
    @Order(6)
    void filesAreOwnedByTheUsersOfTheImages() throws IOException {
        Path state = project.stateRoot.resolve("opw");
        assertEquals("999", Files.getAttribute(state.resolve("postgres"), "unix:uid").toString());
        assertEquals(String.valueOf(contract.uid), Files.getAttribute(state.resolve("filestore"), "unix:uid").toString());
        assertEquals(String.valueOf(contract.uid), Files.getAttribute(state.resolve("filestore/filestore"), "unix:uid").toString(),
                "Odoo's own directories below data_dir");
    }

    @Test
    @Order(7)
    void noPasswordInInspectInTheStateOrInTheStackFile() throws IOException {
        String pg = project.secret("opw", "postgresPassword");
        String admin = project.secret("opw", "odooAdminPassword");
        assertEquals(32, pg.length());
        for (String c : List.of("opw-postgres", "opw-odoo", "opw-traefik", "opw-odoo-init")) {
            String inspect = dockerOk("inspect", c);
            assertFalse(inspect.contains(pg) || inspect.contains(admin), "a password in docker inspect " + c);
        }
        String state = project.pulumi("stack", "export", "--stack", "opw").orThrow().out();
        assertTrue(state.contains("\"uploads\""), "the export holds the containers' uploads");
        assertFalse(state.contains(pg) || state.contains(admin), "a password in plain text in pulumi stack export");
        String stackFile = Files.readString(project.dir.resolve("Pulumi.opw.yaml"));
        assertFalse(stackFile.contains(pg) || stackFile.contains(admin), "a password in plain text in the stack file");
        assertTrue(stackFile.contains("odoo-stack:postgresPassword:\n    secure: "), stackFile);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(project.home)),
                "ODOO_STACK_HOME holds state and passphrase: its owner's alone");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(project.home.resolve("passphrase"))));
    }

    /**
     * What docs/security.md says of the password files the docker provider uploads: root's, mode 0644, so the
     * container's own user reads them (Odoo's start script, PostgreSQL's entrypoint before it drops to postgres).
     */
    @Test
    @Order(7)
    void thePasswordFilesAreReadByTheContainersUser() {
        for (String[] f : List.of(new String[] {"opw-odoo", "/run/secrets/postgres_password"},
                new String[] {"opw-odoo", "/run/secrets/odoo_admin_passwd"},
                new String[] {"opw-postgres", "/run/secrets/postgres_password"})) {
            assertEquals("0 0 644", dockerOk("exec", f[0], "stat", "-c", "%u %g %a", f[1]), f[0] + " " + f[1]);
        }
        assertEquals(String.valueOf(contract.uid), dockerOk("exec", "opw-odoo", "id", "-u"), "Odoo runs as the image's user");
        assertEquals(0, RealEngine.docker("exec", "opw-odoo", "test", "-r", "/run/secrets/postgres_password").exit(),
                "and reads its password file");
    }

    @Test
    @Order(8)
    void statusLogsAndPsqlSeeTheRunningStack() throws IOException {
        Cmd.Result status = project.odooStack("status", "opw");
        assertEquals(0, status.exit(), status.err());
        for (String c : List.of("opw-postgres", "opw-odoo", "opw-traefik", "opw-docker-api")) {
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith(c + " ") && l.contains("running") && l.contains("healthy")),
                    c + " in:\n" + status.out());
        }
        assertTrue(status.out().contains("url:      http://opw.localhost"), status.out());
        assertTrue(status.out().contains("database: opw (not created yet)"), status.out());
        assertTrue(status.out().contains("restore:  none: this database was not restored by odoo-stack"), status.out());
        assertTrue(status.out().contains("egress:   none"), status.out());

        Cmd.Result logs = project.odooStack("logs", "opw");
        assertEquals(0, logs.exit(), logs.err());
        assertTrue((logs.out() + logs.err()).contains("odoo stand-in " + project.odooVersion("opw")), "the stand-in's own log lines");

        Cmd.Result psql = project.odooStack("psql", "opw", "-d", "postgres", "-Atc", "SELECT current_user");
        assertEquals(0, psql.exit(), psql.err());
        assertEquals("odoo", psql.out().strip());

        // -f follows: a line PostgreSQL logs after the command started reaches its output, until it is stopped
        Path followed = Files.createTempFile(tmp, "logs-f", ".out");
        ProcessBuilder follow = new ProcessBuilder(RealEngine.REPO.resolve("bin/odoo-stack").toString(), "logs", "opw", "postgres", "-f")
                .redirectErrorStream(true).redirectOutput(followed.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        follow.environment().putAll(project.operatorEnv());
        Process following = follow.start();
        try {
            RealEngine.await("logs -f prints PostgreSQL's log so far", Duration.ofSeconds(60), () -> read(followed).contains("ready to accept connections"));
            docker("exec", "opw-postgres", "psql", "-U", "odoo", "-d", "no_such_database_logs_f", "-c", "SELECT 1");
            RealEngine.await("logs -f prints a line logged after it started", Duration.ofSeconds(60),
                    () -> read(followed).contains("database \"no_such_database_logs_f\" does not exist"));
            assertTrue(following.isAlive(), "-f keeps following");
        } finally {
            following.descendants().forEach(ProcessHandle::destroyForcibly);
            following.destroyForcibly();
        }

        Cmd.Result wrong = project.odooStack("logs", "opw", "nginx");
        assertNotEquals(0, wrong.exit());
        assertTrue(wrong.err().contains("'nginx' is neither a service"), wrong.err());
    }

    @Test
    @Order(9)
    void aPreviewRightAfterTheFirstUpShowsNoChange() {
        // what the provider reads back from Docker equals what the program declares (durations, memory swap)
        assertEquals(Map.of(), project.previewChanges("opw"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The raw {@code pulumi} lines of the docs, after {@code eval "$(bin/odoo-stack env)"} as they say: the outputs
     * (docs/architecture.md's table; the migration's health check on the url output), a raw preview of the running
     * stack, and the targeted replace that rebuild and restore run, here of the addon checkout with its dependents.
     */
    @Test
    @Order(9)
    void theDocsRawPulumiLinesReadPreviewAndReplaceOnTheDeployedStack() throws IOException {
        JsonNode outputs = JSON.readTree(project.pulumi("stack", "output", "--json", "--stack", "opw").orThrow().out());
        for (String name : List.of("url", "containers", "stateDir", "database")) {
            assertTrue(outputs.has(name), name + " in " + outputs);
        }
        String table = project.pulumi("stack", "output", "-s", "opw").orThrow().out();
        assertTrue(table.contains("url") && table.contains(outputs.path("url").asText()), table);
        // `curl "$(pulumi stack output url -s opw)/web/health"`: the url output, through Traefik
        String url = project.pulumi("stack", "output", "url", "-s", "opw").orThrow().out().strip();
        assertEquals("http://" + HOST, url);
        assertEquals(200, get(PORT, HOST, java.net.URI.create(url + "/web/health").getPath()).status());
        assertEquals(project.stateRoot.resolve("opw").toString(),
                project.pulumi("stack", "output", "stateDir", "--stack", "opw").orThrow().out().strip());

        Cmd.Result preview = project.pulumi("preview", "--diff", "--stack", "opw");
        assertEquals(0, preview.exit(), preview::text);
        assertTrue(preview.out().matches("(?s).*Resources:\\s+\\d+ unchanged\\s*.*"), "nothing to change:\n" + preview.out());
        Cmd.Result plain = project.pulumi("preview", "--stack", "opw");
        assertEquals(0, plain.exit(), plain::text);
        // the command PulumiValidatesStackConfigTest uses for the CLI's config validation, on a deployed stack
        Cmd.Result logs = project.pulumi("logs", "--stack", "opw");
        assertEquals(0, logs.exit(), logs::text);

        // the addon checkout replaced on its own, its dependents targeted: the same commits, so no container moves
        Map<String, String> before = RealEngine.containerIds("opw");
        String urn = "";
        for (JsonNode r : JSON.readTree(project.pulumi("stack", "export", "--stack", "opw").orThrow().out()).path("deployment").path("resources")) {
            if (r.path("urn").asText().endsWith("::" + dev.odoostack.odoo.Odoo.FETCH_ADDONS)) {
                urn = r.path("urn").asText();
            }
        }
        assertFalse(urn.isEmpty(), "opw has an addon checkout resource");
        Cmd.Result replace = project.pulumi("up", "--target-replace", urn, "--target-dependents", "--yes", "--stack", "opw");
        assertEquals(0, replace.exit(), replace::text);
        assertTrue(replace.out().contains(dev.odoostack.odoo.Odoo.FETCH_ADDONS), replace.out());
        assertEquals(before, RealEngine.containerIds("opw"), () -> "the same commits: no container replaced\n" + replace.out());
    }

    @Test
    @Order(10)
    void aWorkersChangeIsPreviewedAloneAndRecreatesOnlyOdooKeepingRows() throws IOException {
        psql("opw", "postgres", "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('before the change')");
        Map<String, String> before = RealEngine.containerIds("opw");

        // as the README shows it: the setting with Pulumi's own command, the review with bin/odoo-stack
        project.pulumi("config", "set", "odooWorkers", "6", "-s", "opw").orThrow();
        Cmd.Result preview = project.odooStack("preview", "opw");
        assertEquals(0, preview.exit(), preview.err());
        // odoo.conf travels with the password files in one list of uploads, which Pulumi shows as [secret]; the
        // memory limit, derived from the workers, shows the change
        assertTrue(preview.out().contains("+-docker:index/container:Container: (replace)")
                && preview.out().matches("(?s).*~ memory\\s+: \\d+ => \\d+\n.*"), "the diff shows Odoo's replacement:\n" + preview.out());
        assertEquals(Map.of("docker:index/container:Container::odoo", "replace"), project.previewChanges("opw"),
                "only Odoo changes");

        // and the raw `pulumi up -s opw` of an operator who has run eval "$(bin/odoo-stack env)"
        Cmd.Result up = project.pulumi("up", "-s", "opw", "--yes", "--skip-preview");
        assertEquals(0, up.exit(), up.err() + up.out());
        Map<String, String> after = RealEngine.containerIds("opw");
        assertEquals(before.get("opw-postgres"), after.get("opw-postgres"), "PostgreSQL must not be replaced");
        assertEquals(before.get("opw-traefik"), after.get("opw-traefik"), "Traefik must not be replaced");
        assertNotEquals(before.get("opw-odoo"), after.get("opw-odoo"), "Odoo must be recreated to read workers = 6");
        assertEquals(6, JSON.readTree(get(PORT, HOST, "/stand-in/info").body()).path("workers").asInt());
        assertEquals("before the change", psql("opw", "postgres", "SELECT note FROM kept"));

        assertEquals(Map.of(), project.previewChanges("opw"), "nothing left to change");
    }

    @Test
    @Order(11)
    void rebuildWithNothingNewReplacesNothingAndANewAddonCommitReplacesOnlyOdoo() throws IOException {
        String stackFile = Files.readString(project.dir.resolve("Pulumi.opw.yaml"));
        Map<String, String> before = RealEngine.containerIds("opw");
        Cmd.Result same = project.onEngine("rebuild", "opw");
        assertEquals(0, same.exit(), () -> same.err() + same.out());
        assertEquals(before, RealEngine.containerIds("opw"), () -> "the same checkout and image: no container replaced\n" + same.out());

        // the Enterprise branch moves (the suite's stand-in repository)
        Path repo = project.fixtures.resolve("enterprise.git");
        Files.writeString(repo.resolve("enterprise_stand_in/NEW"), "a commit after the first up\n");
        Cmd.run(List.of("git", "-C", repo.toString(), "add", "--all"), Map.of(), null, Duration.ofMinutes(1)).orThrow();
        Cmd.run(List.of("git", "-C", repo.toString(), "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "commit.gpgsign=false", "commit", "--quiet", "--message", "moved"), Map.of(), null,
                Duration.ofMinutes(1)).orThrow();
        Cmd.Result moved = project.onEngine("rebuild", "opw");
        assertEquals(0, moved.exit(), () -> moved.err() + moved.out());
        Map<String, String> after = RealEngine.containerIds("opw");
        assertNotEquals(before.get("opw-odoo"), after.get("opw-odoo"), "Odoo restarted on the fetched code");
        for (String kept : List.of("opw-postgres", "opw-traefik", "opw-docker-api")) {
            assertEquals(before.get(kept), after.get(kept), kept + " is not replaced by a rebuild");
        }
        assertEquals("a commit after the first up", dockerOk("exec", "opw-odoo", "cat", "/mnt/addons/enterprise/enterprise_stand_in/NEW"));
        assertEquals(stackFile, Files.readString(project.dir.resolve("Pulumi.opw.yaml")), "no counter raised in the stack file");
        assertEquals(200, get(PORT, HOST, "/web/health").status());
        assertEquals(Map.of(), project.previewChanges("opw"), "nothing left to change");
    }

    @Test
    @Order(20)
    void aProductionStackRefusesDestroyAndKeepsRunning() throws IOException {
        String stackFile = Files.readString(project.dir.resolve("Pulumi.opw.yaml"));
        Files.writeString(project.dir.resolve("Pulumi.opw.yaml"), stackFile + "  odoo-stack:production: true\n");
        Cmd.Result r = project.onEngine("destroy", "opw");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("production: true") && r.err().contains("odoo-stack:production: false"), r.err());
        assertEquals("running", dockerOk("inspect", "--format", "{{.State.Status}}", "opw-postgres"));
        assertEquals(200, get(PORT, HOST, "/web/health").status());
        RealEngine.await("rows still there", Duration.ofSeconds(5), () -> psql("opw", "postgres", "SELECT count(*) FROM kept").equals("1"));
    }
}
