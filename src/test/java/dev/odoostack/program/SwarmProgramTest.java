package dev.odoostack.program;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanPrinter;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.testing.StackConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.odoostack.testing.StackConfig.ADMIN_PASSWORD;
import static dev.odoostack.testing.StackConfig.NS;
import static dev.odoostack.testing.StackConfig.PG_PASSWORD;
import static dev.odoostack.testing.Stacks.CONTAINER;
import static dev.odoostack.testing.Stacks.up;
import static org.junit.jupiter.api.Assertions.*;

/** dockerMode swarm under Pulumi's mock engine: services, overlay networks, configs and secrets, no containers. */
class SwarmProgramTest {
    static final String SERVICE = "docker:index/service:Service";
    static final String NETWORK = "docker:index/network:Network";
    static final String CONFIG = "docker:index/serviceConfig:ServiceConfig";
    static final String SECRET = "docker:index/secret:Secret";

    /** opw on a swarm: three HTTP replicas, two cron threads in the cron service. */
    static Map<String, String> swarm() {
        Map<String, String> c = StackConfig.withPasswords();
        c.put(NS + "dockerMode", "swarm");
        c.put(NS + "odooReplicas", "3");
        c.put(NS + "odooMaxCronThreads", "2");
        return c;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The content of the file a service's config places at {@code path}, from the ServiceConfig it names. */
    static String configured(Plan plan, PlannedResource service, String path) {
        for (JsonNode c : service.input("taskSpec.containerSpec.configs")) {
            if (c.path("fileName").asText().equals(path)) {
                PlannedResource config = plan.ofType(CONFIG).stream()
                        .filter(r -> r.input("name").asText().equals(c.path("configName").asText())).findFirst()
                        .orElseThrow(() -> new AssertionError("no ServiceConfig named " + c.path("configName")));
                return new String(Base64.getDecoder().decode(config.input("data").asText()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(service.name() + " has no config at " + path);
    }

    @Test
    void declaresServicesAndNoContainer() {
        Plan plan = up("opw", swarm());
        assertEquals(List.of(), plan.ofType(CONTAINER), "a swarm runs services, not containers");
        assertEquals(List.of(), plan.ofType("docker:index/remoteImage:RemoteImage"), "every node pulls what it runs");
        assertEquals(List.of("docker-api", "odoo", "odoo-cron", "odoo-init", "postgres", "traefik"),
                plan.ofType(SERVICE).stream().map(PlannedResource::name).sorted().toList());
        assertEquals("opw_odoo", plan.resource(SERVICE, "odoo").input("name").asText(), "as docker stack deploy names it");
        assertEquals("odoo-stack:odoo:Odoo::odoo", plan.resource(SERVICE, "odoo-cron").parent());
        assertEquals("swarm", plan.outputs().path("dockerMode").asText());
    }

    @Test
    void postgresIsOneTaskOnTheDatabaseNodeStoppedBeforeItsSuccessorStarts() {
        PlannedResource pg = up("opw", swarm()).resource(SERVICE, "postgres");
        assertEquals(1, pg.input("mode.replicated.replicas").asInt());
        assertEquals(List.of("node.labels.odoo-stack.db == true"), strings(pg.input("taskSpec.placement.constraints")));
        assertEquals("stop-first", pg.input("updateConfig.order").asText(), "one data directory, never two PostgreSQL");
        // a new version that never becomes healthy gives way to the old one, stopped first as well
        assertEquals("rollback", pg.input("updateConfig.failureAction").asText());
        assertEquals("stop-first", pg.input("rollbackConfig.order").asText());
        // by the network's id, as the provider reads it back (a name would replace the service at every up)
        assertEquals(List.of("database-network-id"), pg.input("taskSpec.networksAdvanceds").findValuesAsText("name"));
        assertEquals("0s", pg.input("taskSpec.restartPolicy.window").asText(), "as the provider reads it back");
        // a clean shutdown: without it the provider writes 0s, and the swarm kills PostgreSQL at once
        assertEquals("30s", pg.input("taskSpec.containerSpec.stopGracePeriod").asText());
        assertEquals(List.of("opw-postgres"), strings(pg.input("taskSpec.networksAdvanceds").get(0).path("aliases")),
                "Odoo's db_host, the container name on one host, reaches it unchanged");
        assertTrue(pg.input("endpointSpec.ports").isMissingNode(), "PostgreSQL publishes nothing");
        assertEquals("300s", pg.input("convergeConfig.timeout").asText(), "created once healthy, as its container is");
        assertEquals("/var/lib/odoo-stack/opw/postgres", pg.input("taskSpec.containerSpec.mounts").get(0).path("source").asText());
    }

    @Test
    void odooRollsOneReplicaAtATimeStartingTheNewOneFirstAndRollsBackByItself() {
        Plan plan = up("opw", swarm());
        PlannedResource odoo = plan.resource(SERVICE, "odoo");
        assertEquals(3, odoo.input("mode.replicated.replicas").asInt());
        JsonNode update = odoo.input("updateConfig");
        assertEquals("start-first", update.path("order").asText());
        assertEquals("rollback", update.path("failureAction").asText());
        assertEquals(1, update.path("parallelism").asInt());
        assertEquals("20s", update.path("monitor").asText());
        assertEquals("2s", update.path("delay").asText());
        assertEquals("start-first", odoo.input("rollbackConfig.order").asText());
        assertEquals("dnsrr", odoo.input("endpointSpec.mode").asText(), "Traefik reaches each task by its own address");
        assertEquals("true", labels(odoo.input("labels")).get("traefik.enable"), "Traefik's swarm provider reads the service's labels");
        assertEquals("opw-proxy", labels(odoo.input("labels")).get("traefik.swarm.network"));
        assertEquals(labels(odoo.input("labels")), labels(odoo.input("taskSpec.containerSpec.labels")), "and the containers carry them too");
        assertEquals((2 + 2 + 1) * 2560L * 1024 * 1024, odoo.input("taskSpec.resources.limits.memoryBytes").asLong(),
                "(2 workers + 2 crons + 1) x 2560 MiB, past what pulumi-docker's Integer holds");

        PlannedResource cron = plan.resource(SERVICE, "odoo-cron");
        assertEquals(1, cron.input("mode.replicated.replicas").asInt(), "crons run in one place");
        assertEquals("stop-first", cron.input("updateConfig.order").asText());
        assertNull(labels(cron.input("labels")).get("traefik.enable"), "Traefik routes no request to the cron service");
    }

    @Test
    void theHttpReplicasRunNoCronAndTheCronServiceRunsTheSettingsThreads() {
        Plan plan = up("opw", swarm());
        String http = configured(plan, plan.resource(SERVICE, "odoo"), "/etc/odoo/odoo.conf");
        String cron = configured(plan, plan.resource(SERVICE, "odoo-cron"), "/etc/odoo/odoo.conf");
        assertTrue(http.contains("\nmax_cron_threads = 0\n"), http);
        assertTrue(cron.contains("\nmax_cron_threads = 2\n"), cron);
        assertTrue(cron.contains("\ndb_host = opw-postgres\n"), cron);
        JsonNode start = plan.resource(SERVICE, "odoo").input("taskSpec.containerSpec.configs").get(1);
        assertEquals("/etc/odoo/odoo-stack-start", start.path("fileName").asText());
        assertEquals(0444, start.path("fileMode").asInt(), "the start script is read by the shell that runs it");
    }

    @Test
    void aChangedFileIsANewConfigTheServiceRollsToAndTheOtherServicesKeepTheirs() {
        Plan before = up("opw", swarm());
        Map<String, String> c = swarm();
        c.put(NS + "odooMaxCronThreads", "3");
        Plan after = up("opw", c);
        assertNotEquals(configNames(before, "odoo-cron"), configNames(after, "odoo-cron"),
                "a swarm config cannot change: new content, new name");
        assertEquals(configNames(before, "odoo"), configNames(after, "odoo"), "the HTTP replicas' odoo.conf did not change");
        assertTrue(configNames(after, "odoo-cron").stream().allMatch(n -> n.startsWith("opw-odoo-cron-") && n.length() <= 64),
                configNames(after, "odoo-cron").toString());
    }

    @Test
    void traefikRunsOnEveryEdgeNodeOnTheNodesOwnPort() {
        Plan plan = up("opw", swarm());
        PlannedResource t = plan.resource(SERVICE, "traefik");
        assertTrue(t.input("mode.global").asBoolean());
        assertEquals(List.of("node.labels.odoo-stack.edge == true"), strings(t.input("taskSpec.placement.constraints")));
        JsonNode port = t.input("endpointSpec.ports").get(0);
        assertEquals(1, t.input("endpointSpec.ports").size());
        assertEquals(80, port.path("targetPort").asInt());
        assertEquals(80, port.path("publishedPort").asInt());
        assertEquals("host", port.path("publishMode").asText(), "no routing mesh");
        assertTrue(strings(t.input("taskSpec.containerSpec.args")).contains("--providers.swarm=true"));
        PlannedResource filter = plan.resource(SERVICE, "docker-api");
        assertEquals(List.of("node.role == manager"), strings(filter.input("taskSpec.placement.constraints")));
        // its image is built by bin/odoo-stack before pulumi up, only when missing (a manager may have no network
        // to build with), as before docker stack deploy
        assertEquals(List.of(), plan.ofType("docker:index/image:Image"), "no build inside pulumi up on a swarm");
        // a tmpfs without a size: pulumi-docker 4.5.1's provider crashes on tmpfsOptions.sizeBytes (an int read as
        // an int64); what the task writes there counts towards its memory limit instead (docs/security.md)
        for (JsonNode m : t.input("taskSpec.containerSpec.mounts")) {
            if (m.path("type").asText().equals("tmpfs")) {
                assertTrue(m.path("tmpfsOptions").isMissingNode(), m.toString());
            }
        }
    }

    @Test
    void networksAreOverlaysTheDatabaseOneInternal() {
        Plan plan = up("opw", swarm());
        for (PlannedResource n : plan.ofType(NETWORK)) {
            assertEquals("overlay", n.input("driver").asText(), n.name());
            assertTrue(n.input("attachable").asBoolean(), n.name());
        }
        assertTrue(plan.resource(NETWORK, "database-network").input("internal").asBoolean());
        assertFalse(plan.resource(NETWORK, "edge-network").input("internal").asBoolean());
        assertEquals("opw-db", plan.resource(NETWORK, "database-network").input("name").asText());
    }

    @Test
    void passwordsAreSwarmSecretsKeptSecretEverywhere() {
        Plan plan = up("opw", swarm());
        List<PlannedResource> secrets = plan.ofType(SECRET);
        assertEquals(List.of("odoo-cron/run/secrets/odoo_admin_passwd", "odoo-cron/run/secrets/postgres_password",
                        "odoo/run/secrets/odoo_admin_passwd", "odoo/run/secrets/postgres_password",
                        "postgres/run/secrets/postgres_password"),
                secrets.stream().map(PlannedResource::name).sorted().toList());
        secrets.forEach(s -> assertEquals("[secret]", s.input("data").asText(), s.name() + " is a Pulumi secret"));
        JsonNode mounted = plan.resource(SERVICE, "postgres").input("taskSpec.containerSpec.secrets").get(0);
        assertEquals("/run/secrets/postgres_password", mounted.path("fileName").asText());
        assertEquals(plan.resource(SECRET, "postgres/run/secrets/postgres_password").input("name").asText(),
                mounted.path("secretName").asText());
        assertEquals("/run/secrets/postgres_password",
                plan.resource(SERVICE, "postgres").input("taskSpec.containerSpec.env.POSTGRES_PASSWORD_FILE").asText());
        for (String printed : List.of(PlanPrinter.json(plan), PlanPrinter.text(plan))) {
            for (String password : List.of(PG_PASSWORD, ADMIN_PASSWORD)) {
                assertFalse(printed.contains(password), "a password in the printed plan");
                assertFalse(printed.contains(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))),
                        "a password, in base64, in the printed plan");
            }
        }
    }

    @Test
    void aProductionDatabaseServiceIsProtected() {
        Map<String, String> c = StackConfig.production(swarm());
        c.put(NS + "backup", "false");
        c.put(NS + "productionWithoutBackups", "true");
        c.remove(NS + "backupRepository");
        c.remove(NS + "backupPassword");
        Plan plan = up("opw", c);
        assertTrue(plan.resource(SERVICE, "postgres").options().path("protect").asBoolean());
        assertFalse(plan.resource(SERVICE, "odoo").options().path("protect").asBoolean(false));
    }

    static List<String> configNames(Plan plan, String service) {
        return plan.resource(SERVICE, service).input("taskSpec.containerSpec.configs").findValuesAsText("configName");
    }

    static Map<String, String> labels(JsonNode list) {
        Map<String, String> out = new TreeMap<>();
        list.forEach(l -> out.put(l.path("label").asText(), l.path("value").asText()));
        return out;
    }
}
