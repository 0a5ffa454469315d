package dev.odoostack.program;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanPrinter;
import dev.odoostack.plan.PlanRunner;
import dev.odoostack.plan.PlannedResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.odoostack.testing.StackConfig.*;
import static dev.odoostack.testing.Stacks.*;
import static org.junit.jupiter.api.Assertions.*;

/** The program as `pulumi up` runs it (config from ctx.config()), under Pulumi's mock engine. */
class StackProgramTest {
    static final String NETWORK = "docker:index/network:Network";

    static Map<String, String> config(String stack) {
        Map<String, String> c = new HashMap<>();
        c.put("odoo-stack:postgresPassword", PG_PASSWORD + "-" + stack);
        c.put("odoo-stack:odooAdminPassword", ADMIN_PASSWORD + "-" + stack);
        if (stack.equals("cm")) {
            c.put("odoo-stack:odooDomains", "[\"cm.localhost\",\"www.cm.localhost\"]");
            c.put("odoo-stack:traefikHttpPort", "8081");
            c.put("odoo-stack:odooWorkers", "0");
        }
        return c;
    }



    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }


    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void declaresOneComponentPerServiceAndBothNetworks(String stack) {
        Plan plan = up(stack, config(stack));
        assertEquals(List.of("docker-api", "odoo", "postgres", "traefik"),
                plan.resources().stream().filter(r -> r.type().startsWith("odoo-stack:")).map(PlannedResource::name).sorted().toList());
        assertEquals("odoo-stack:database:Postgres::postgres", plan.resource(CONTAINER, "postgres").parent());
        assertEquals("odoo-stack:odoo:Odoo::odoo", plan.resource(CONTAINER, "odoo").parent());
        assertEquals("odoo-stack:edge:Traefik::traefik", plan.resource(CONTAINER, "traefik").parent());
        assertTrue(plan.resource(NETWORK, "database-network").input("internal").asBoolean());
        assertTrue(plan.resource(NETWORK, "proxy-network").input("internal").asBoolean(),
                "neither stack is production: Odoo's network to Traefik has no way out");
        assertFalse(plan.resource(NETWORK, "edge-network").input("internal").asBoolean(), "Traefik's published ports");
        assertTrue(plan.resource(NETWORK, "docker-api-network").input("internal").asBoolean());
        assertEquals(stack + "-db", plan.resource(NETWORK, "database-network").input("name").asText());
    }

    @Test
    void postgresIsOnTheInternalNetworkOnlyAndPublishesNothing() {
        PlannedResource pg = up("opw", config("opw")).resource(CONTAINER, "postgres");
        assertEquals(List.of("opw-db"), pg.input("networksAdvanced").findValuesAsText("name"));
        assertTrue(pg.input("ports").isMissingNode(), "PostgreSQL must not publish a port");
        assertEquals("postgres:17", pg.input("image").asText());
        assertEquals(List.of("CMD", "sh", "/etc/odoo-stack/postgres-health"), strings(pg.input("healthcheck.tests")));
        String health = uploaded(pg, "/etc/odoo-stack/postgres-health");
        assertTrue(health.contains("\npg_isready -q -h 127.0.0.1 -p 5432 -U odoo -d postgres\n"),
                "ready means ready over TCP, where Odoo connects: " + health);
        assertTrue(pg.input("wait").asBoolean(), "Odoo may only start once PostgreSQL is healthy");
        assertEquals("unless-stopped", pg.input("restart").asText());
        assertEquals("/var/lib/odoo-stack/opw/postgres", pg.input("volumes").get(0).path("hostPath").asText());
        assertEquals("/var/lib/postgresql/data", pg.input("volumes").get(0).path("containerPath").asText());
    }

    @Test
    void odooIsOnBothNetworksPublishesNothingAndStartsAfterPostgres() {
        Plan plan = up("opw", config("opw"));
        PlannedResource odoo = plan.resource(CONTAINER, "odoo");
        assertEquals(List.of("opw-proxy", "opw-db"), odoo.input("networksAdvanced").findValuesAsText("name"));
        assertTrue(odoo.input("ports").isMissingNode());
        assertTrue(strings(odoo.options().path("dependsOn")).contains(CONTAINER + "::postgres"));
        assertTrue(strings(odoo.input("healthcheck.tests")).contains("http://127.0.0.1:8069/web/health"));
        List<String> mounts = new ArrayList<>();
        odoo.input("volumes").forEach(v -> mounts.add(v.path("hostPath").asText() + ":" + v.path("containerPath").asText()));
        assertEquals(List.of("/var/lib/odoo-stack/opw/filestore:/var/lib/odoo", "/var/lib/odoo-stack/opw/logs:/var/log/odoo"), mounts);
    }

    @Test
    void odooConfIsAVisibleInputAndCarriesTheOperatorsSettings() {
        Map<String, String> c = config("opw");
        c.put("odoo-stack:odooWorkers", "6");
        c.put("odoo-stack:odooDbName", "opw_live");
        PlannedResource odoo = up("opw", c).resource(CONTAINER, "odoo");
        String conf = uploaded(odoo, "/etc/odoo/odoo.conf");
        for (String line : List.of("proxy_mode = True", "list_db = False", "workers = 6", "db_name = opw_live",
                "dbfilter = ^opw_live$", "data_dir = /var/lib/odoo", "db_host = opw-postgres", "max_cron_threads = 1")) {
            assertTrue(conf.contains(line + "\n"), () -> "odoo.conf lacks '" + line + "'");
        }
        assertFalse(conf.contains("\nadmin_passwd") || conf.contains("\ndb_password"), "the passwords are separate secret files");
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void secretsStaySecretEverywhere(String stack) {
        Plan plan = up(stack, config(stack));
        String json = PlanPrinter.json(plan);
        assertFalse(json.contains(PG_PASSWORD), "the PostgreSQL password leaked into the registered inputs");
        assertFalse(json.contains(ADMIN_PASSWORD), "the master password leaked into the registered inputs");
        Map<String, String> files = new HashMap<>();
        for (String name : List.of("odoo", "postgres")) {
            plan.resource(CONTAINER, name).input("uploads")
                    .forEach(u -> files.put(name + ":" + u.path("file").asText(), u.path("content").asText()));
        }
        assertEquals("[secret]", files.get("postgres:/run/secrets/postgres_password"));
        assertEquals("[secret]", files.get("odoo:/run/secrets/postgres_password"));
        assertEquals("[secret]", files.get("odoo:/run/secrets/odoo_admin_passwd"));
        for (String name : List.of("odoo", "postgres")) {
            String envs = plan.resource(CONTAINER, name).input("envs").toString();
            assertFalse(envs.contains("PASSWORD="), "no password in the environment of " + name);
        }
    }

    @Test
    void traefikRoutesTheDomainsToOdooAndTheWebsocketToTheGeventPort() {
        Plan plan = up("opw", config("opw"));
        Map<String, String> l = labels(plan.resource(CONTAINER, "odoo"));
        assertEquals("true", l.get("traefik.enable"));
        assertEquals("Host(`opw.localhost`)", l.get("traefik.http.routers.opw-odoo.rule"));
        assertEquals("8069", l.get("traefik.http.services.opw-odoo.loadbalancer.server.port"));
        assertEquals("Host(`opw.localhost`) && PathPrefix(`/websocket`)", l.get("traefik.http.routers.opw-odoo-websocket.rule"));
        assertEquals("8072", l.get("traefik.http.services.opw-odoo-websocket.loadbalancer.server.port"));
        assertTrue(Integer.parseInt(l.get("traefik.http.routers.opw-odoo-websocket.priority"))
                > Integer.parseInt(l.get("traefik.http.routers.opw-odoo.priority")));
        assertEquals("opw-proxy", l.get("traefik.docker.network"));
    }

    @Test
    void withoutWorkersTheWebsocketGoesToTheHttpPort() {
        Map<String, String> l = labels(up("cm", config("cm")).resource(CONTAINER, "odoo"));
        assertEquals("8069", l.get("traefik.http.services.cm-odoo-websocket.loadbalancer.server.port"));
        assertEquals("(Host(`cm.localhost`) || Host(`www.cm.localhost`)) && PathPrefix(`/websocket`)",
                l.get("traefik.http.routers.cm-odoo-websocket.rule"));
    }

    @Test
    void traefikReadsDockerThroughTheFilterExposesNothingByDefaultAndPublishesHttp() {
        Plan plan = up("cm", config("cm"));
        PlannedResource t = plan.resource(CONTAINER, "traefik");
        List<String> args = strings(t.input("command"));
        assertTrue(args.contains("--providers.docker.exposedByDefault=false"));
        assertTrue(args.contains("--providers.docker.constraints=Label(`odoo-stack.proxy`,`cm-proxy`)"), args.toString());
        assertTrue(args.contains("--providers.docker.endpoint=tcp://cm-docker-api:2375"), args.toString());
        assertTrue(t.input("volumes").isMissingNode() || t.input("volumes").isEmpty(), "Traefik must not mount the Docker socket");
        assertEquals(List.of("cm-edge", "cm-proxy", "cm-docker-api-net"), t.input("networksAdvanced").findValuesAsText("name"));
        PlannedResource filter = plan.resource(CONTAINER, "docker-api");
        assertEquals("/var/run/docker.sock", filter.input("volumes").get(0).path("hostPath").asText());
        assertEquals(List.of("cm-docker-api-net"), filter.input("networksAdvanced").findValuesAsText("name"));
        assertTrue(filter.input("ports").isMissingNode(), "the filter publishes nothing");
        assertEquals(1, t.input("ports").size());
        assertEquals(80, t.input("ports").get(0).path("internal").asInt());
        assertEquals(8081, t.input("ports").get(0).path("external").asInt());
        assertTrue(t.input("image").asText().startsWith("traefik:v3"));
    }

    @Test
    void namedVolumesAreKeptWhenTheStackIsDestroyed() {
        Map<String, String> c = config("opw");
        c.put("odoo-stack:volumes", "named");
        Plan plan = up("opw", c);
        List<PlannedResource> volumes = plan.ofType("docker:index/volume:Volume");
        assertEquals(List.of("opw-filestore", "opw-logs", "opw-postgres"),
                volumes.stream().map(v -> v.input("name").asText()).sorted().toList());
        volumes.forEach(v -> assertTrue(v.options().path("retainOnDelete").asBoolean(), v.name() + " must survive destroy"));
        assertEquals("opw-postgres", plan.resource(CONTAINER, "postgres").input("volumes").get(0).path("volumeName").asText());
        assertThrows(java.util.NoSuchElementException.class, () -> plan.resource(CONTAINER, "odoo-init"),
                "named volumes take their owner from the image; no init container");
    }

    @Test
    void exportsTheUrlTheContainersAndTheDatabase() {
        JsonNode out = up("cm", config("cm")).outputs();
        assertEquals("http://cm.localhost:8081", out.path("url").asText());
        assertEquals("cm", out.path("database").asText());
        assertEquals("cm-odoo", out.path("containers").path("odoo").asText());
        assertEquals("cm-postgres", out.path("containers").path("postgres").asText());
        assertEquals("cm-traefik", out.path("containers").path("traefik").asText());
    }

    @Test
    void opwAndCmCanShareADockerHost() {
        Set<String> seen = new HashSet<>();
        for (String stack : List.of("opw", "cm")) {
            Plan plan = up(stack, config(stack));
            for (PlannedResource r : plan.resources()) {
                // images are shared by design: one tag, built or pulled once for the host
                if (r.type().startsWith("docker:index/") && !r.type().endsWith("RemoteImage") && !r.type().endsWith("image:Image")) {
                    String dockerName = r.input("name").asText();
                    assertTrue(seen.add(dockerName), "both stacks declare " + dockerName);
                }
            }
        }
    }

    @Test
    void badConfigurationDeclaresNothingAndListsEveryProblem() {
        Map<String, String> c = config("opw");
        c.put("odoo-stack:odooWorkers", "lots");
        c.put("odoo-stack:postgresPassword", "plain-text-password");
        PlanRunner.Run run = PlanRunner.run("opw", c, Set.of("odoo-stack:odooAdminPassword"), StackProgram.program(java.util.Map.of()));
        String errors = String.join("\n", run.errors());
        assertTrue(errors.contains("odoo-stack:odooWorkers = \"lots\""), errors);
        assertTrue(errors.contains("odoo-stack:postgresPassword"), errors);
        assertFalse(errors.contains("plain-text-password"), "a password must not be echoed");
        assertNotEquals(0, run.exitCode(), "logged configuration errors must fail the run");
        assertEquals(List.of("pulumi:pulumi:Stack"), run.plan().resources().stream().map(PlannedResource::type).toList());
    }
}
