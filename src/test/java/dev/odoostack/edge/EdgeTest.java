package dev.odoostack.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanPrinter;
import dev.odoostack.plan.PlanRunner;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.program.StackProgram;
import dev.odoostack.testing.StackConfig;
import dev.odoostack.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.odoostack.testing.StackConfig.*;
import static dev.odoostack.testing.Stacks.*;
import static org.junit.jupiter.api.Assertions.*;

/** Traefik's static arguments and every routing label, for local, TLS, shared-proxy and replica setups. */
class EdgeTest {
    static final String DASHBOARD_PASSWORD = "dashboard-Secret-4711";
    static final Set<String> SECRETS = SECRET_KEYS;

    static Map<String, String> local() {
        return withPasswords();
    }

    static Map<String, String> tls() {
        Map<String, String> c = local();
        c.put(NS + "odooDomains", "[\"opw.example.com\"]");
        c.put(NS + "odooRedirectDomains", "[\"www.opw.example.com\"]");
        c.put(NS + "traefikAcmeEmail", "ops@example.com");
        return c;
    }

    static Plan up(Map<String, String> config) {
        Plan plan = Stacks.up("opw", config);
        everyRuleParses(plan);
        return plan;
    }

    static List<String> args(Plan plan) {
        List<String> out = new ArrayList<>();
        plan.resource(CONTAINER, "traefik").input("command").forEach(a -> out.add(a.asText()));
        return out;
    }

    /** Every router rule of every container parses, and every router names middlewares that are defined. */
    static void everyRuleParses(Plan plan) {
        Map<String, String> all = new TreeMap<>();
        plan.ofType(CONTAINER).forEach(c -> all.putAll(labels(c)));
        all.forEach((k, v) -> {
            if (k.matches("traefik\\.http\\.routers\\.[^.]+\\.rule")) {
                RuleCheck.problem(v).ifPresent(p -> fail(k + ": " + p));
            }
            if (k.matches("traefik\\.http\\.routers\\.[^.]+\\.middlewares")) {
                for (String m : v.split(",")) {
                    assertTrue(all.keySet().stream().anyMatch(x -> x.startsWith("traefik.http.middlewares." + m + ".")),
                            k + " names middleware " + m + ", which no label defines");
                }
            }
        });
    }

    @Test
    void localStaysOnPlainHttpWithoutAcme() {
        Plan plan = up(local());
        List<String> args = args(plan);
        assertTrue(args.contains("--entrypoints.web.address=:80"));
        assertTrue(args.contains("--entrypoints.web.transport.respondingTimeouts.readTimeout=900s"), "uploads must not die at 60 s");
        assertTrue(args.stream().noneMatch(a -> a.contains("acme") || a.contains("websecure") || a.contains("redirections")), args.toString());
        assertTrue(args.stream().noneMatch(a -> a.startsWith("--api")), "no dashboard by default");
        Map<String, String> l = labels(plan.resource(CONTAINER, "odoo"));
        assertEquals("web", l.get("traefik.http.routers.opw-odoo.entrypoints"));
        assertNull(l.get("traefik.http.routers.opw-odoo.tls"));
        assertEquals("opw-odoo-headers,opw-odoo-compress", l.get("traefik.http.routers.opw-odoo.middlewares"));
        assertNull(l.get("traefik.http.routers.opw-odoo-websocket.middlewares"));
        PlannedResource traefik = plan.resource(CONTAINER, "traefik");
        assertEquals(1, traefik.input("ports").size(), "only port 80 is published");
        assertTrue(traefik.input("volumes").isMissingNode(), "Traefik mounts nothing: not even the Docker socket");
    }

    @Test
    void publicDomainsGetHttpsRedirectHstsAndACertificate() {
        Plan plan = up(tls());
        List<String> args = args(plan);
        for (String a : List.of("--entrypoints.websecure.address=:443",
                "--entrypoints.web.http.redirections.entrypoint.to=websecure",
                "--entrypoints.web.http.redirections.entrypoint.scheme=https",
                "--entrypoints.web.http.redirections.entrypoint.permanent=true",
                "--entrypoints.websecure.transport.respondingTimeouts.readTimeout=900s",
                "--certificatesresolvers.letsencrypt.acme.email=ops@example.com",
                "--certificatesresolvers.letsencrypt.acme.storage=/etc/traefik/acme/acme.json",
                "--certificatesresolvers.letsencrypt.acme.tlschallenge=true")) {
            assertTrue(args.contains(a), "missing " + a + " in " + args);
        }
        assertTrue(args.stream().noneMatch(a -> a.contains("caserver")), "production CA unless staging is asked for");
        Map<String, String> l = labels(plan.resource(CONTAINER, "odoo"));
        assertEquals("websecure", l.get("traefik.http.routers.opw-odoo.entrypoints"));
        assertEquals("true", l.get("traefik.http.routers.opw-odoo.tls"));
        assertEquals("letsencrypt", l.get("traefik.http.routers.opw-odoo.tls.certresolver"));
        assertEquals("opw-odoo-hsts,opw-odoo-headers,opw-odoo-compress", l.get("traefik.http.routers.opw-odoo.middlewares"));
        assertEquals("31536000", l.get("traefik.http.middlewares.opw-odoo-hsts.headers.stsSeconds"));
        assertEquals("true", l.get("traefik.http.middlewares.opw-odoo-compress.compress"));
        assertEquals("opw-odoo-websocket-proto", l.get("traefik.http.routers.opw-odoo-websocket.middlewares"));
        assertEquals("https", l.get("traefik.http.middlewares.opw-odoo-websocket-proto.headers.customRequestHeaders.X-Forwarded-Proto"));
        assertEquals("letsencrypt", l.get("traefik.http.routers.opw-odoo-websocket.tls.certresolver"));
        PlannedResource traefik = plan.resource(CONTAINER, "traefik");
        List<String> ports = traefik.input("ports").findValuesAsText("external");
        assertEquals(2, traefik.input("ports").size(), ports.toString());
        JsonNode acme = traefik.input("volumes").get(0);
        assertEquals("/var/lib/odoo-stack/opw/traefik", acme.path("hostPath").asText(), "acme.json lives in the state root");
        assertEquals("/etc/traefik/acme", acme.path("containerPath").asText());
        assertEquals("https://opw.example.com", plan.outputs().path("url").asText());
    }

    @Test
    void redirectDomainsGoPermanentlyToTheFirstDomain() {
        Map<String, String> l = labels(up(tls()).resource(CONTAINER, "odoo"));
        assertEquals("Host(`www.opw.example.com`)", l.get("traefik.http.routers.opw-odoo-redirect.rule"));
        assertEquals("noop@internal", l.get("traefik.http.routers.opw-odoo-redirect.service"));
        assertEquals("https://opw.example.com/${1}", l.get("traefik.http.middlewares.opw-odoo-redirect.redirectRegex.replacement"));
        assertEquals("true", l.get("traefik.http.middlewares.opw-odoo-redirect.redirectRegex.permanent"));
        assertEquals("letsencrypt", l.get("traefik.http.routers.opw-odoo-redirect.tls.certresolver"), "the www name needs a certificate too");
    }

    @Test
    void httpChallengeAndStagingAreSettings() {
        Map<String, String> c = tls();
        c.put(NS + "traefikAcmeChallenge", "http");
        c.put(NS + "traefikAcmeStaging", "true");
        List<String> args = args(up(c));
        assertTrue(args.contains("--certificatesresolvers.letsencrypt.acme.httpchallenge=true"));
        assertTrue(args.contains("--certificatesresolvers.letsencrypt.acme.httpchallenge.entrypoint=web"));
        assertTrue(args.contains("--certificatesresolvers.letsencrypt.acme.caserver=" + Traefik.STAGING_CA));
        assertFalse(args.contains("--certificatesresolvers.letsencrypt.acme.tlschallenge=true"));
    }

    @Test
    void websocketGoesTo8069WithoutWorkers() {
        Map<String, String> c = local();
        c.put(NS + "odooWorkers", "0");
        Map<String, String> l = labels(up(c).resource(CONTAINER, "odoo"));
        assertEquals("8069", l.get("traefik.http.services.opw-odoo-websocket.loadbalancer.server.port"));
    }

    @Test
    void aStackOnASharedProxyDeclaresOnlyLabels() {
        Map<String, String> c = local();
        c.put(NS + "traefikExternalNetwork", "edge-proxy");
        Plan plan = up(c);
        assertTrue(plan.ofType("odoo-stack:edge:Traefik").isEmpty(), "no Traefik of its own");
        assertTrue(plan.ofType("docker:index/network:Network").stream().noneMatch(n -> n.name().equals("proxy-network")),
                "the shared network belongs to the stack that runs Traefik");
        PlannedResource odoo = plan.resource(CONTAINER, "odoo");
        assertEquals(List.of("edge-proxy", "opw-db"), odoo.input("networksAdvanced").findValuesAsText("name"));
        Map<String, String> l = labels(odoo);
        assertEquals("edge-proxy", l.get("traefik.docker.network"));
        assertEquals("edge-proxy", l.get("odoo-stack.proxy"));
        assertFalse(plan.outputs().path("containers").has("traefik"));
    }

    @Test
    void theStackThatOwnsTheProxyRoutesEveryStackOnItsNetwork() {
        Plan owner = up(local());
        assertTrue(args(owner).contains("--providers.docker.constraints=Label(`odoo-stack.proxy`,`opw-proxy`)"));
        Map<String, String> guest = local();
        guest.put(NS + "traefikExternalNetwork", "opw-proxy");
        PlanRunner.Run cm = PlanRunner.run("cm", guest, SECRETS, StackProgram.program(java.util.Map.of()));
        assertEquals("opw-proxy", labels(cm.plan().resource(CONTAINER, "odoo")).get("odoo-stack.proxy"),
                "cm's Odoo carries the label opw's Traefik admits");
    }

    @Test
    void replicasShareTheFilestoreBehindOneStickyServiceAndOnlyTheFirstRunsCrons() {
        Map<String, String> c = tls();
        c.put(NS + "odooReplicas", "3");
        Plan plan = up(c);
        List<PlannedResource> odoos = List.of(plan.resource(CONTAINER, "odoo"), plan.resource(CONTAINER, "odoo-2"),
                plan.resource(CONTAINER, "odoo-3"));
        assertEquals(List.of("opw-odoo", "opw-odoo-2", "opw-odoo-3"), odoos.stream().map(o -> o.input("name").asText()).toList());
        Map<String, String> first = labels(odoos.get(0));
        for (PlannedResource o : odoos) {
            assertEquals(first, labels(o), "one Traefik service across replicas");
            assertEquals("/var/lib/odoo-stack/opw/filestore", o.input("volumes").get(0).path("hostPath").asText());
        }
        assertEquals("opw_odoo_server", first.get("traefik.http.services.opw-odoo.loadbalancer.sticky.cookie.name"));
        assertEquals("true", first.get("traefik.http.services.opw-odoo.loadbalancer.sticky.cookie.secure"));
        assertTrue(conf(odoos.get(0)).contains("max_cron_threads = 1\n"));
        assertTrue(conf(odoos.get(1)).contains("max_cron_threads = 0\n"));
        assertTrue(conf(odoos.get(2)).contains("max_cron_threads = 0\n"));
    }

    static String conf(PlannedResource odoo) {
        return uploaded(odoo, "/etc/odoo/odoo.conf");
    }

    @Test
    void theDashboardHasItsOwnHostAndBasicAuthAndNoOpenPort() {
        Map<String, String> c = tls();
        c.put(NS + "traefikDashboardHost", "traefik.opw.example.com");
        c.put(NS + "traefikDashboardPassword", DASHBOARD_PASSWORD);
        Plan plan = up(c);
        List<String> args = args(plan);
        assertTrue(args.contains("--api.dashboard=true"));
        assertTrue(args.stream().noneMatch(a -> a.contains("api.insecure") || a.contains(":8080")), args.toString());
        PlannedResource traefik = plan.resource(CONTAINER, "traefik");
        Map<String, String> l = labels(traefik);
        assertEquals("Host(`traefik.opw.example.com`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`))",
                l.get("traefik.http.routers.opw-traefik-dashboard.rule"));
        assertEquals("api@internal", l.get("traefik.http.routers.opw-traefik-dashboard.service"));
        assertEquals("opw-traefik-auth", l.get("traefik.http.routers.opw-traefik-dashboard.middlewares"));
        assertEquals(Traefik.DASHBOARD_USERS_FILE, l.get("traefik.http.middlewares.opw-traefik-auth.basicAuth.usersFile"));
        assertEquals(List.of("443", "80"), traefik.input("ports").findValuesAsText("internal").stream().sorted().toList());
        String json = PlanPrinter.json(plan);
        assertFalse(json.contains(DASHBOARD_PASSWORD), "the dashboard password leaked");
        assertFalse(json.contains("$apr1$"), "even its hash stays a secret");
    }

    @Test
    void theDatabaseManagerIsRefusedUnlessOpenedAndLogInsAreRateLimited() {
        Map<String, String> l = labels(up(local()).resource(CONTAINER, "odoo"));
        assertEquals("Host(`opw.localhost`) && PathPrefix(`/web/database`)", l.get("traefik.http.routers.opw-odoo-database.rule"));
        assertEquals("255.255.255.255/32", l.get("traefik.http.middlewares.opw-odoo-database-deny.ipallowlist.sourcerange"));
        assertEquals("Host(`opw.localhost`) && Path(`/web/login`)", l.get("traefik.http.routers.opw-odoo-login.rule"));
        assertEquals("5", l.get("traefik.http.middlewares.opw-odoo-login-ratelimit.ratelimit.average"));
        Map<String, String> open = local();
        open.put(NS + "odooDatabaseManager", "true");
        assertNull(labels(up(open).resource(CONTAINER, "odoo")).get("traefik.http.routers.opw-odoo-database.rule"),
                "odooDatabaseManager: true lets the manager through");
    }

    @Test
    void copiesAreNotIndexedAndHaveNoWayOutUnlessOpened() {
        Plan copy = up(local());
        assertEquals("noindex, nofollow", labels(copy.resource(CONTAINER, "odoo"))
                .get("traefik.http.middlewares.opw-odoo-headers.headers.customResponseHeaders.X-Robots-Tag"));
        assertTrue(copy.resource("docker:index/network:Network", "proxy-network").input("internal").asBoolean());
        Map<String, String> production = local();
        Plan prod = up(StackConfig.production(production));
        assertNull(labels(prod.resource(CONTAINER, "odoo"))
                .get("traefik.http.middlewares.opw-odoo-headers.headers.customResponseHeaders.X-Robots-Tag"));
        assertFalse(prod.resource("docker:index/network:Network", "proxy-network").input("internal").asBoolean(),
                "production keeps its way out");
        Map<String, String> opened = local();
        opened.put(NS + "odooEgress", "true");
        assertFalse(up(opened).resource("docker:index/network:Network", "proxy-network").input("internal").asBoolean());
        assertEquals("true", up(opened).outputs().path("egress").asText(), "the plan says the copy may reach out");
    }
}
