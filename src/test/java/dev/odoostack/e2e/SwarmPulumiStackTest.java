package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.odoostack.e2e.SwarmStackTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stack with {@code dockerMode: swarm} on the three-node swarm of {@code bin/swarm-lab}, deployed by the Pulumi
 * engine ({@code bin/odoo-stack up}: the real {@code pulumi up}, the program's SwarmResources, pulumi-docker 4.5.1).
 * The same lab, images and request loop as {@link SwarmStackTest} (compose engine), another stack and port, so the
 * two never meet. Odoo is the STAND-IN image; "next" and "unhealthy" are its variants (see SwarmStackTest).
 * Node loss is the swarm's own scheduling, whichever engine created the services: SwarmStackTest covers it.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmPulumiStackTest {
    static final String STACK = "swp";
    static final int PORT = 8083;

    static Path tmp;
    static SwarmLab lab;
    static Path project;

    @BeforeAll
    static void deploy() throws IOException {
        tmp = Files.createTempDirectory("swarm-pulumi-test");
        lab = SwarmStackTest.labWithImages(tmp);
        removeEarlierRun();
        project = Files.createDirectories(tmp.resolve("project"));
        Files.copy(RealEngine.REPO.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.createSymbolicLink(project.resolve("docker"), RealEngine.REPO.resolve("docker"));
        // Pulumi.yaml's runtime runs target/odoo-stack.jar from the project directory
        Files.createSymbolicLink(project.resolve("target"), RealEngine.REPO.resolve("target"));
        stackFile("odoo:18.0");
        RealEngine.record(SwarmPulumiStackTest.class, "pulumi");
        Cmd.Result up = odooStack("up", STACK, "--yes", "--skip-preview");
        assertEquals(0, up.exit(), () -> "up failed:\n" + up.err() + up.out());
    }

    @AfterAll
    static void remove() {
        if (lab != null) {
            Cmd.Result destroy = odooStack("destroy", STACK, "--yes", "--skip-preview");
            System.out.println("destroy (Pulumi, swarm): exit " + destroy.exit());
        }
    }

    /**
     * What an earlier run left (the lab outlives runs; that run's Pulumi state went with its temporary directory):
     * its services, networks and secrets carry the stack's namespace label, its configs its name.
     */
    private static void removeEarlierRun() {
        lab.docker(1, "stack", "rm", STACK);
        SwarmStackTest.poll(() -> lab.docker(1, "network", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + STACK).out().isBlank()
                        && lab.docker(1, "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + STACK).out().isBlank(),
                Duration.ofMinutes(2), "the tasks and networks of an earlier " + STACK + " removed");
        for (String kind : List.of("config", "secret")) {
            for (String name : lines(lab.docker(1, kind, "ls", "--format", "{{.Name}}").out())) {
                if (name.startsWith(STACK + "-")) {
                    lab.docker(1, kind, "rm", name);
                }
            }
        }
    }

    @Test
    @Order(1)
    void theSiteAnswersTheServicesSpreadAndPulumiNamedTheSecretsAndConfigsByContent() throws Exception {
        assertEquals(200, SwarmStackTest.status(STACK, PORT, "/web/health"));
        List<String> nodes = lines(lab.dockerOk(1, "service", "ps", STACK + "_odoo", "--filter", "desired-state=running",
                "--format", "{{.Node}}"));
        assertEquals(3, nodes.size(), nodes::toString);
        assertEquals(3, nodes.stream().distinct().count(), "one replica per node: " + nodes);
        assertEquals(1, lines(lab.dockerOk(1, "service", "ps", STACK + "_odoo-cron", "--filter", "desired-state=running",
                "--format", "{{.Node}}")).size());
        // odoo.conf through a swarm config whose name ends in the digest of what it holds
        for (String service : List.of(STACK + "_odoo", STACK + "_odoo-cron")) {
            String name = configName(service, "odoo.conf");
            String data = new String(Base64.getDecoder().decode(lab.dockerOk(1, "config", "inspect", name, "--format",
                    "{{json .Spec.Data}}").replace("\"", "")), StandardCharsets.UTF_8);
            assertTrue(data.contains(service.endsWith("cron") ? "max_cron_threads = 2" : "max_cron_threads = 0"), data);
            assertTrue(name.endsWith("-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((data + "\0false").getBytes(StandardCharsets.UTF_8))).substring(0, 12)), name);
        }
        // the passwords as swarm secrets Pulumi created, mounted in the services; named by a fingerprint
        List<String> secrets = lines(lab.dockerOk(1, "secret", "ls", "--filter", "label=com.docker.stack.namespace=" + STACK,
                "--format", "{{.Name}}"));
        assertTrue(secrets.stream().anyMatch(s -> s.matches(STACK + "-postgres-postgres_password-[0-9a-f]{12}")), secrets::toString);
        assertTrue(lab.dockerOk(1, "service", "inspect", STACK + "_odoo", "--format",
                "{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}").contains(STACK + "-odoo-postgres_password-"));
        // day 2 reads the Pulumi-made stack as docker stack deploy's
        Cmd.Result status = odooStack("status", STACK);
        assertTrue(status.out().matches("(?s).*" + STACK + "_odoo\\s+replicated\\s+3/3.*"), status::text);
    }

    @Test
    @Order(2)
    void aSecondUpWithNothingChangedTouchesNoService() {
        // the provider reads a service back as Docker holds it (network ids, 1m for 60s, a 0s restart window):
        // anything written otherwise would replace every service, all its tasks at once, at each up
        Cmd.Result up = odooStack("up", STACK, "--yes", "--skip-preview");
        assertEquals(0, up.exit(), up::text);
        assertTrue(up.out().matches("(?s).*Resources:\\s+\\d+ unchanged\\s.*"), up.out());
    }

    @Test
    @Order(3)
    void aRollingUpdateToANewImageFailsNoRequest() throws IOException {
        stackFile(SwarmStackTest.NEXT);
        SwarmStackTest.Loop loop = SwarmStackTest.Loop.start(STACK, PORT);
        Cmd.Result up = odooStack("up", STACK, "--yes", "--skip-preview");
        SwarmStackTest.Loop.Counts counts = loop.stop();
        System.out.println("rolling update (Pulumi): " + counts);
        assertEquals(0, up.exit(), up::text);
        assertEquals(0, counts.failed(), counts::toString);
        assertTrue(counts.ok() > 20, counts::toString);
        assertEquals(SwarmStackTest.NEXT, odooImage());
    }

    @Test
    @Order(4)
    void anUpdateWhoseHealthCheckFailsRollsBackByItselfAndTheSiteKeepsAnswering() throws IOException {
        stackFile(SwarmStackTest.UNHEALTHY);
        SwarmStackTest.Loop loop = SwarmStackTest.Loop.start(STACK, PORT);
        Cmd.Result up = odooStack("up", STACK, "--yes", "--skip-preview");
        SwarmStackTest.Loop.Counts counts = loop.stop();
        System.out.println("failed update, rolled back (Pulumi): " + counts);
        assertNotEquals(0, up.exit(), "up reports the rolled-back update");
        List<String> err = lines(up.err());
        assertTrue(err.get(err.size() - 1).contains(STACK + "_odoo: the update rolled back by itself"), up.err());
        assertEquals(0, counts.failed(), counts::toString);
        assertEquals(SwarmStackTest.NEXT, odooImage(), "the previous image serves again");
        stackFile(SwarmStackTest.NEXT);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static String configName(String service, String file) {
        return lines(lab.dockerOk(1, "service", "inspect", service, "--format",
                "{{range .Spec.TaskTemplate.ContainerSpec.Configs}}{{.ConfigName}}\n{{end}}")).stream()
                .filter(n -> n.contains(file)).findFirst().orElseThrow(() -> new AssertionError(service + " has no " + file + " config"));
    }

    private static String odooImage() {
        return lab.dockerOk(1, "service", "inspect", STACK + "_odoo", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}");
    }

    /** The stack file with the image given; what Pulumi keeps in it (salt, generated passwords) stays. */
    private static void stackFile(String image) throws IOException {
        Path file = project.resolve("Pulumi." + STACK + ".yaml");
        String fresh = String.join("\n",
                "config:",
                "  odoo-stack:dockerMode: swarm",
                "  odoo-stack:odooImage: " + image,
                "  odoo-stack:odooReplicas: 3",
                "  odoo-stack:odooMaxCronThreads: 2",
                "  odoo-stack:odooDomains:",
                "    - " + STACK + ".localhost",
                "  odoo-stack:postgresVersion: 17",
                "  odoo-stack:traefikHttpPort: " + PORT,
                "  odoo-stack:stateRoot: " + tmp.resolve("state"),
                "");
        Files.writeString(file, Files.exists(file) ? RealEngine.Project.withPulumiSecrets(Files.readString(file), fresh) : fresh);
    }

    /** bin/odoo-stack on the Pulumi engine, as RealEngine.Project runs it, with the lab's manager as DOCKER_HOST. */
    static Cmd.Result odooStack(String... args) {
        List<String> c = new ArrayList<>(List.of(RealEngine.REPO.resolve("bin/odoo-stack").toString()));
        c.addAll(Arrays.asList(args));
        Map<String, String> env = new TreeMap<>();
        env.put("DOCKER_HOST", lab.managerHost());
        env.put("ODOO_STACK_HOME", tmp.resolve("home").toString());
        env.put("ODOO_STACK_PROJECT_DIR", project.toString());
        env.put("ODOO_STACK_WAIT_SECONDS", "400");
        env.put("PATH", RealEngine.pulumiEngine() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("PULUMI_HOME", tmp.resolve("home").resolve("pulumi-home").toString());
        env.put("PULUMI_SKIP_UPDATE_CHECK", "true");
        env.put("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "true");
        return Cmd.run(c, env, null, Duration.ofMinutes(10));
    }
}
