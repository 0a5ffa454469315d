package dev.odoostack.e2e;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.odoostack.e2e.RealEngine.docker;
import static dev.odoostack.e2e.RealEngine.dockerOk;
import static dev.odoostack.e2e.RealEngine.get;
import static dev.odoostack.e2e.RealEngine.psql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Least privilege, proven by attempts that must fail (docs/security.md), on the real engine: opw as a copy of
 * production (not production), cm as production, and a test server on a network of its own standing in for the
 * outside world (Shopify, a payment provider). Both are deployed by {@code pulumi up} (bin/odoo-stack up). Odoo is
 * the STAND-IN image; everything else is real.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttacksTest {
    private static final String OUTSIDE = "odoo-stack-e2e-outside";

    @TempDir
    static Path tmp;
    static String outsideIp;
    static RealEngine.Project project;

    @BeforeAll
    static void up() throws IOException {
        cleanup();
        project = new RealEngine.Project(tmp, Map.of("cm", List.of("odoo-stack:production: true",
                // production's backups are not what these attacks are about (BackupTest is): off, on purpose
                "odoo-stack:backup: false", "odoo-stack:productionWithoutBackups: true")));
        project.withoutRestore("cm"); // a restore into production is refused
        project.upOk("opw");
        project.upOk("cm");
        dockerOk("network", "create", OUTSIDE);
        dockerOk("run", "-d", "--name", OUTSIDE, "--network", OUTSIDE, "--entrypoint", "python3", "odoo:18.0",
                "-m", "http.server", "8000", "--bind", "0.0.0.0");
        outsideIp = dockerOk("inspect", "--format", "{{(index .NetworkSettings.Networks \"" + OUTSIDE + "\").IPAddress}}", OUTSIDE);
        RealEngine.await("the outside test server listens", java.time.Duration.ofSeconds(30),
                () -> docker("exec", OUTSIDE, "python3", "-c", connect("127.0.0.1", 8000)).exit() == 0);
    }

    @AfterAll
    static void cleanup() {
        RealEngine.wipe("opw");
        RealEngine.wipe("cm");
        docker("rm", "-f", OUTSIDE);
        docker("network", "rm", OUTSIDE);
    }

    private static String connect(String host, int port) {
        return "import socket; socket.create_connection(('" + host + "', " + port + "), 3).close()";
    }

    /** One raw HTTP request from inside Traefik's container to the Docker API filter; the status line comes back. */
    private static String fromTraefik(String method, String path) {
        String body = method.equals("POST") ? "Content-Type: application/json\\r\\nContent-Length: 2\\r\\n\\r\\n{}" : "\\r\\n";
        String script = "exec 3<>/dev/tcp/opw-docker-api/2375 && printf '" + method + " " + path
                + " HTTP/1.0\\r\\nHost: docker\\r\\n" + body + "' >&3 && head -1 <&3";
        return dockerOk("exec", "opw-traefik", "bash", "-c", script);
    }

    @Test
    void traefikCannotCreateStartOrExecAContainerThroughTheFilter() {
        assertTrue(fromTraefik("POST", "/v1.41/containers/create?name=evil").contains(" 403 "));
        assertTrue(fromTraefik("POST", "/v1.41/containers/opw-postgres/start").contains(" 403 "));
        assertTrue(fromTraefik("POST", "/v1.41/containers/opw-postgres/exec").contains(" 403 "));
        assertTrue(fromTraefik("DELETE", "/v1.41/containers/opw-postgres").contains(" 403 "));
        assertTrue(fromTraefik("GET", "/v1.41/images/json").contains(" 403 "), "images are not Traefik's business");
        // on a swarm Traefik reads services, tasks and nodes; it never creates a service nor reads a secret
        assertTrue(fromTraefik("POST", "/v1.41/services/create").contains(" 403 "));
        assertTrue(fromTraefik("GET", "/v1.41/secrets").contains(" 403 "));
        assertTrue(fromTraefik("GET", "/v1.41/configs").contains(" 403 "));
        // what Traefik does need still passes
        assertTrue(fromTraefik("GET", "/v1.41/containers/json").contains(" 200 "));
        assertTrue(fromTraefik("GET", "/_ping").contains(" 200 "));
    }

    @Test
    void traefikCannotReachTheDockerSocketAtAll() {
        assertNotEquals(0, docker("exec", "opw-traefik", "test", "-e", "/var/run/docker.sock").exit());
        assertFalse(dockerOk("inspect", "--format", "{{json .Mounts}}", "opw-traefik").contains("docker.sock"));
        for (String c : List.of("opw-odoo", "opw-postgres", "opw-traefik", "cm-odoo", "cm-traefik")) {
            assertFalse(dockerOk("inspect", "--format", "{{json .Mounts}}", c).contains("docker.sock"), c);
        }
    }

    @Test
    void traefikStillDiscoversAndRoutesBothStacks() {
        assertEquals(200, get(80, "opw.localhost", "/web/health").status());
        assertEquals(200, get(8081, "cm.localhost", "/web/health").status());
    }

    @Test
    void nonProductionOdooCannotResolveANameOutsideTheStack() {
        assertNotEquals(0, docker("exec", "opw-odoo", "getent", "hosts", OUTSIDE).exit());
        assertNotEquals(0, docker("exec", "opw-odoo", "getent", "hosts", "deb.debian.org").exit());
        // names inside the stack still resolve
        assertEquals(0, docker("exec", "opw-odoo", "getent", "hosts", "opw-postgres").exit());
    }

    @Test
    void nonProductionOdooCannotConnectOutsideProductionCan() throws IOException {
        // the world outside the stacks: a server on the host, on every address of it
        try (java.net.ServerSocket world = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("0.0.0.0"))) {
            Thread accept = new Thread(() -> {
                while (!world.isClosed()) {
                    try (java.net.Socket ignored = world.accept()) {
                        // accepted: that is all a caller needs to see
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            int port = world.getLocalPort();
            for (String network : List.of("opw-proxy", "opw-db", "cm-proxy", "bridge")) {
                String host = gateway(network);
                assertNotEquals(0, docker("exec", "opw-odoo", "python3", "-c", connect(host, port)).exit(),
                        "a copy of production reached the host at " + host + " (" + network + ")");
            }
            assertNotEquals(0, docker("exec", "opw-odoo", "python3", "-c", connect(outsideIp, 8000)).exit(),
                    "a copy of production reached the server on another network");
            Cmd.Result production = docker("exec", "cm-odoo", "python3", "-c", connect(gateway("cm-proxy"), port));
            assertEquals(0, production.exit(), "production keeps its way out: " + production.err());
        }
    }

    private static String gateway(String network) {
        return dockerOk("network", "inspect", "--format", "{{(index .IPAM.Config 0).Gateway}}", network);
    }

    @Test
    void nonProductionOdooCannotReachAnotherStacksPublishedPort() {
        for (String host : List.of(gateway("cm-edge"), gateway("bridge"), gateway("opw-proxy"), "cm-traefik")) {
            assertNotEquals(0, docker("exec", "opw-odoo", "python3", "-c", connect(host, 8081)).exit(), host + ":8081");
        }
    }

    @Test
    void theDatabaseManagerIsRefusedAtTheEdge() {
        for (String path : List.of("/web/database/manager", "/web/database/backup", "/web/database/drop")) {
            assertEquals(403, get(80, "opw.localhost", path).status(), path);
            assertEquals(403, get(8081, "cm.localhost", path).status(), path);
        }
    }

    @Test
    void fiftyLoginsASecondAreRateLimited() {
        int limited = 0;
        int served = 0;
        for (int i = 0; i < 50; i++) {
            int status = get(80, "opw.localhost", "/web/login").status();
            if (status == 429) {
                limited++;
            } else if (status == 200) {
                served++;
            }
        }
        assertTrue(served >= 1, "some log-ins get through");
        assertTrue(limited >= 25, "only " + limited + " of 50 rapid log-ins were refused");
    }

    @Test
    void noindexOnCopiesSecurityHeadersEverywhere() {
        RealEngine.Http copy = get(80, "opw.localhost", "/web/health");
        RealEngine.Http production = get(8081, "cm.localhost", "/web/health");
        assertEquals("noindex, nofollow", copy.header("X-Robots-Tag"));
        assertNull(production.header("X-Robots-Tag"));
        for (RealEngine.Http r : List.of(copy, production)) {
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("SAMEORIGIN", r.header("X-Frame-Options"));
        }
    }

    @Test
    void containersKeepOnlyTheirDeclaredCapabilitiesAndGainNone() {
        Map<String, String> expected = Map.of(
                "opw-postgres", "[CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_SETGID CAP_SETUID]",
                "opw-odoo", "[]",
                "opw-traefik", "[CAP_NET_BIND_SERVICE]",
                "opw-docker-api", "[]");
        for (var e : expected.entrySet()) {
            String c = e.getKey();
            assertEquals("[ALL]", dockerOk("inspect", "--format", "{{.HostConfig.CapDrop}}", c), c);
            // a set: the docker provider sends it in an order of its own
            String added = dockerOk("inspect", "--format", "{{.HostConfig.CapAdd}}", c);
            List<String> caps = java.util.Arrays.stream(added.replaceAll("[\\[\\]]", "").split(" "))
                    .filter(x -> !x.isEmpty()).map(x -> x.startsWith("CAP_") ? x : "CAP_" + x).sorted().toList();
            assertEquals(e.getValue(), "[" + String.join(" ", caps) + "]", c);
            assertTrue(dockerOk("inspect", "--format", "{{.HostConfig.SecurityOpt}}", c).contains("no-new-privileges"), c);
        }
        assertEquals("0000000000000000", effective("opw-odoo"), "Odoo runs as odoo with no capability");
        assertEquals("true", dockerOk("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", "opw-traefik"));
        assertEquals("true", dockerOk("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", "opw-docker-api"));
        assertNotEquals(0, docker("exec", "opw-traefik", "touch", "/usr/local/bin/evil").exit(), "Traefik's root file system is read-only");
    }

    @Test
    void noPasswordInDockerInspectOrTheStackStateAndEachPasswordFileIsWhereSecurityMdSaysReadableByWhomItSays() throws IOException {
        for (String stack : List.of("opw", "cm")) {
            String export = project.pulumi("stack", "export", "--stack", stack).orThrow().out();
            for (String key : List.of("postgresPassword", "odooAdminPassword")) {
                String secret = project.secret(stack, key);
                assertFalse(export.contains(secret), key + " of " + stack + " in plain text in pulumi stack export");
                for (String id : RealEngine.containerIds(stack).values()) {
                    assertFalse(dockerOk("inspect", id).contains(secret), key + " of " + stack + " in docker inspect of " + id);
                }
            }
        }
        // docs/security.md, 'Password files inside the containers': the files each container gets, as the docker
        // provider uploads them (owner root, mode 0644), and the user that must read them can
        Map<String, String> files = Map.of(
                "opw-postgres", "postgres_password root -rw-r--r--",
                "opw-odoo", "odoo_admin_passwd root -rw-r--r--\npostgres_password root -rw-r--r--",
                "opw-traefik", "",
                "opw-docker-api", "");
        for (var e : files.entrySet()) {
            // read with docker cp, which needs no shell in the container
            Cmd.Result listed = Cmd.run(List.of("sh", "-c", "docker cp \"$0:/run/secrets\" - 2>/dev/null | tar -tvf - 2>/dev/null | "
                    + "awk '$1 !~ /^d/ { n = $NF; sub(/.*\\//, \"\", n); split($2, o, \"/\"); print n, o[1], $1 }' | sort", e.getKey()),
                    RealEngine.env(), null, java.time.Duration.ofMinutes(1));
            assertEquals(e.getValue(), listed.out().strip(), e.getKey() + ": " + listed.err());
        }
        assertEquals(0, docker("exec", "opw-odoo", "sh", "-c", "test -r /run/secrets/postgres_password && test -r /run/secrets/odoo_admin_passwd").exit(),
                "Odoo's user reads its password files");
    }

    /** Last: raw pulumi destroy takes production's site down (its data stays), and up brings it back. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aProductionStackIsNotDestroyedByBinOdooStackAndRawPulumiDestroyKeepsItsData() {
        Map<String, String> before = RealEngine.containerIds("cm");
        psql("cm", "postgres", "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('production data')");
        // the stack file as Pulumi rewrote it when bin/odoo-stack generated the passwords: production: "true"
        Cmd.Result ours = project.onEngine("destroy", "cm");
        assertEquals(1, ours.exit(), ours::text);
        assertTrue(ours.err().strip().endsWith("set odoo-stack:production: false in Pulumi.cm.yaml first"), ours::text);
        assertEquals(before, RealEngine.containerIds("cm"), "bin/odoo-stack destroy touched nothing");

        // raw pulumi (docs/operations.md): every resource that holds data is protected and stays; the rest goes
        Cmd.Result raw = project.pulumi("destroy", "--stack", "cm", "--yes", "--skip-preview");
        assertNotEquals(0, raw.exit(), raw::text);
        assertTrue(raw.text().contains("cannot be deleted") && raw.text().contains("because it is protected"), raw.text());
        Map<String, String> after = RealEngine.containerIds("cm");
        assertEquals(before.get("cm-postgres"), after.get("cm-postgres"), "PostgreSQL's container is protected");
        assertEquals("running", dockerOk("inspect", "--format", "{{.State.Status}}", "cm-postgres"));
        assertEquals("production data", psql("cm", "postgres", "SELECT note FROM kept"));
        assertNull(after.get("cm-odoo"), "Odoo is not protected: " + after);

        // and the site comes back on the same data
        project.upOk("cm");
        assertEquals(before.get("cm-postgres"), RealEngine.containerIds("cm").get("cm-postgres"));
        assertEquals("production data", psql("cm", "postgres", "SELECT note FROM kept"));
        assertEquals(200, get(8081, "cm.localhost", "/web/health").status());
    }

    private static String effective(String container) {
        return dockerOk("exec", container, "sh", "-c", "grep CapEff /proc/1/status").replaceAll("\\s+", " ").split(" ")[1];
    }
}
