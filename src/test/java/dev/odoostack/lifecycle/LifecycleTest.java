package dev.odoostack.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanPrinter;
import dev.odoostack.plan.PlanRunner;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.program.StackProgram;
import dev.odoostack.testing.StackConfig;
import dev.odoostack.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.odoostack.testing.StackConfig.*;
import static dev.odoostack.testing.Stacks.*;
import static org.junit.jupiter.api.Assertions.*;

/** Teardown and recreation, production protection, change guards, remote hosts, limits and logs. */
class LifecycleTest {
    static Map<String, String> config() {
        return withPasswords();
    }

    static PlanRunner.Run run(Map<String, String> config, Map<String, Object> previous) {
        return PlanRunner.run("opw", config, SECRET_KEYS, previous, StackProgram.program(java.util.Map.of()));
    }

    static Plan up(Map<String, String> config) {
        return Stacks.up("opw", config);
    }

    @Test
    void nothingThatHoldsDataIsDeletedOnDestroy() {
        Map<String, String> c = config();
        c.put(NS + "volumes", "named");
        Plan plan = up(c);
        for (PlannedResource v : plan.ofType("docker:index/volume:Volume")) {
            assertTrue(v.options().path("retainOnDelete").asBoolean(), v.name() + " would be deleted by pulumi destroy");
        }
        assertTrue(plan.ofType("command:local:Command").stream().allMatch(cmd -> cmd.input("delete").isMissingNode()));
        plan.ofType("docker:index/remoteImage:RemoteImage")
                .forEach(i -> assertTrue(i.input("keepLocally").asBoolean(), i.name() + " would be removed from the host"));
    }

    @Test
    void aProductionStackProtectsItsDataAndSaysSo() {
        Map<String, String> c = config();
        c.put(NS + "volumes", "named");
        Plan plan = up(StackConfig.production(c));
        for (PlannedResource v : plan.ofType("docker:index/volume:Volume")) {
            assertTrue(v.options().path("protect").asBoolean(), v.name() + " must be protected in production");
        }
        assertTrue(plan.resource(CONTAINER, "postgres").options().path("protect").asBoolean());
        assertFalse(plan.resource(CONTAINER, "traefik").options().path("protect").asBoolean(false),
                "stateless containers stay replaceable");
        assertTrue(plan.outputs().path("production").asBoolean());
        assertFalse(up(config()).outputs().path("production").asBoolean());
    }

    @Test
    void changingThePostgresMajorOfARunningStackIsRefused() {
        Map<String, String> c = config();
        c.put(NS + "postgresVersion", "17");
        PlanRunner.Run r = run(c, Map.of("postgresVersion", 16, "database", "opw"));
        String errors = String.join("\n", r.errors());
        assertTrue(errors.contains("odoo-stack:postgresVersion 16 -> 17: refused"), errors);
        assertTrue(errors.contains("docs/operations.md, 'Upgrading PostgreSQL'"), errors);
        assertTrue(errors.contains("pulumi config set postgresVersion 16 --stack opw"), errors);
        assertTrue(r.plan().ofType(CONTAINER).isEmpty(), "no container may be declared with a refused change");
    }

    @Test
    void renamingTheDatabaseOfARunningStackIsRefused() {
        Map<String, String> c = config();
        c.put(NS + "odooDbName", "opw_new");
        PlanRunner.Run r = run(c, Map.of("postgresVersion", 17, "database", "opw"));
        String errors = String.join("\n", r.errors());
        assertTrue(errors.contains("odoo-stack:odooDbName opw -> opw_new: refused"), errors);
        assertTrue(errors.contains("'Renaming the database'"), errors);
        assertTrue(r.plan().ofType(CONTAINER).isEmpty());
    }

    /** What a bind-mode opw on Odoo 18.0 with the defaults exported at its last deployment. */
    static Map<String, Object> deployed() {
        return Map.of("postgresVersion", 17, "database", "opw", "stateDir", "/var/lib/odoo-stack/opw",
                "volumes", "bind", "odooVersion", "18.0");
    }

    static String refusal(Map<String, String> config, Map<String, Object> previous) {
        PlanRunner.Run r = run(config, previous);
        assertTrue(r.plan().ofType(CONTAINER).isEmpty(), "no container may be declared with a refused change");
        List<String> lines = r.errors().stream().filter(e -> e.startsWith("odoo-stack:")).distinct().toList();
        assertEquals(1, lines.size(), "one line: " + r.errors());
        return lines.get(0);
    }

    @Test
    void movingTheStateRootOfARunningStackIsRefused() {
        Map<String, String> c = config();
        c.put(NS + "stateRoot", "/srv/odoo-stack");
        String line = refusal(c, deployed());
        assertTrue(line.startsWith("odoo-stack:stateRoot /var/lib/odoo-stack -> /srv/odoo-stack: refused."), line);
        assertTrue(line.contains("would start empty on /srv/odoo-stack/opw."), line);
        assertTrue(line.contains("'Moving the state root or changing the volume mode'"), line);
        assertTrue(line.endsWith("set it back: pulumi config set stateRoot /var/lib/odoo-stack --stack opw"), line);
        c.put(NS + "volumes", "named");
        Map<String, Object> named = new java.util.HashMap<>(deployed());
        named.put("volumes", "named");
        assertEquals(List.of(), run(c, named).errors(), "in named mode the data is in volumes: the state root may move");
    }

    @Test
    void switchingTheVolumeModeOfARunningStackIsRefused() {
        Map<String, String> c = config();
        c.put(NS + "volumes", "named");
        String line = refusal(c, deployed());
        assertTrue(line.startsWith("odoo-stack:volumes bind -> named: refused. The database and filestore are in"
                + " /var/lib/odoo-stack/opw; the containers would start empty on the volumes opw-postgres"), line);
        assertTrue(line.endsWith("set it back: pulumi config set volumes bind --stack opw"), line);
    }

    @Test
    void aNewOdooSeriesIsRefusedUntilTheUpgradeIsDeclared() {
        Map<String, String> c = config();
        c.put(NS + "odooImage", "odoo:19.0");
        String line = refusal(c, deployed());
        assertTrue(line.startsWith("odoo-stack:odooImage odoo:18.0 -> odoo:19.0: refused."), line);
        assertTrue(line.contains("'Upgrading between Odoo majors'"), line);
        assertTrue(line.contains("then accept it: pulumi config set odooUpgradedFrom 18.0 --stack opw;"), line);
        assertTrue(line.endsWith("set it back: pulumi config set odooImage odoo:18.0 --stack opw"), line);
        c.put(NS + "odooUpgradedFrom", "18.0");
        assertEquals(List.of(), run(c, deployed()).errors(), "declared upgraded from the running series: accepted");
        c.put(NS + "odooUpgradedFrom", "17.0");
        assertTrue(refusal(c, deployed()).contains("odooUpgradedFrom 18.0"), "an upgrade from another series accepts nothing");
    }

    @Test
    void theOdooSeriesIsReadFromTheBaseImageOrTheBranch() {
        Map<String, String> c = config();
        c.put(NS + "odooBuild", "image");
        c.put(NS + "odooBaseImage", "ghcr.io/adomi-io/odoo:19.0");
        assertEquals("19.0", up(c).outputs().path("odooVersion").asText());
        assertTrue(refusal(c, deployed()).endsWith(
                "set it back: pulumi config set odooBaseImage ghcr.io/adomi-io/odoo:18.0 --stack opw"));
        c.put(NS + "odooBuild", "source");
        c.remove(NS + "odooBaseImage");
        c.put(NS + "odooBranch", "saas-18.4");
        assertTrue(refusal(c, deployed()).startsWith("odoo-stack:odooBranch 18.0 -> saas-18.4: refused."));
        c.put(NS + "odooBranch", "master");
        c.put(NS + "odooPythonVersion", "3.12");
        assertTrue(run(c, Map.of()).errors().toString().contains("odoo-stack:odooBranch = \"master\": names no Odoo series"),
                "master names no series: the guard would be off, so the series must be given");
        c.put(NS + "odooSeries", "19.0");
        assertEquals("19.0", up(c).outputs().path("odooVersion").asText(), "the series given stands in for the branch's");
        assertTrue(refusal(c, deployed()).startsWith("odoo-stack:odooBranch (Odoo 18.0) -> master: refused."), refusal(c, deployed()));
    }

    @Test
    void anUpgradedFromThatIsNoSeriesIsAProblem() {
        Map<String, String> c = config();
        c.put(NS + "odooUpgradedFrom", "eighteen");
        assertTrue(StackConfig.problems("opw", c).toString().contains("odoo-stack:odooUpgradedFrom = \"eighteen\": is not an Odoo series"));
    }

    @Test
    void anUnchangedOrDestroyedStackPassesTheGuard() {
        assertEquals(List.of(), run(config(), deployed()).errors());
        assertEquals(List.of(), run(config(), Map.of()).errors(), "after destroy the outputs are gone: anything goes");
    }

    /** The provider's host under the environment given (never this shell's: its DOCKER_HOST must not count here). */
    static String providerHost(Map<String, String> config, Map<String, String> environment) {
        PlanRunner.Run r = PlanRunner.run("opw", config, SECRET_KEYS, Map.of(), StackProgram.program(environment));
        assertEquals(List.of(), r.errors());
        return r.plan().resource("pulumi:providers:docker", "docker").input("host").asText();
    }

    /** The Docker API filter mounts the socket of the engine the provider uses: one endpoint, whoever names it. */
    static String filterSocket(Map<String, String> config, Map<String, String> environment) {
        PlanRunner.Run r = PlanRunner.run("opw", config, SECRET_KEYS, Map.of(), StackProgram.program(environment));
        assertEquals(List.of(), r.errors());
        return r.plan().resource("docker:index/container:Container", "docker-api").input("volumes").get(0).path("hostPath").asText();
    }

    @Test
    void theDockerApiFilterMountsTheSocketOfTheEngineTheProviderUses() {
        assertEquals("/var/run/docker.sock", filterSocket(config(), Map.of()));
        assertEquals("/run/user/1000/docker.sock", filterSocket(config(), Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")),
                "rootless Docker, the test engine: DOCKER_HOST's socket, as the provider");
        Map<String, String> c = config();
        c.put("docker:host", "unix:///srv/docker.sock");
        assertEquals("/srv/docker.sock", filterSocket(c, Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")));
        c.put("docker:host", "ssh://deploy@odoo-host.example");
        c.put("odoo-stack:traefikDockerSocket", "/run/docker.sock");
        assertEquals("/run/docker.sock", filterSocket(c, Map.of()), "a remote engine's socket, as the stack file gives it");
    }

    @Test
    void aRemoteEngineWithoutItsSocketIsOneLineWithTheFix() {
        for (String remote : List.of("ssh://deploy@odoo-host.example", "tcp://odoo-host.example:2376")) {
            Map<String, String> c = config();
            c.put("docker:host", remote);
            PlanRunner.Run r = PlanRunner.run("opw", c, SECRET_KEYS, Map.of(), StackProgram.program(Map.of()));
            String first = r.errors().get(0);
            assertTrue(first.startsWith("odoo-stack:traefikDockerSocket = (not set): the Docker API filter mounts")
                    && first.contains(remote) && first.contains("Fix: pulumi config set traefikDockerSocket /var/run/docker.sock --stack opw"), first);
            c.put("odoo-stack:traefikDockerSocket", "/var/run/docker.sock");
            assertEquals(List.of(), PlanRunner.run("opw", c, SECRET_KEYS, Map.of(), StackProgram.program(Map.of())).errors(),
                    "the pasted fix is enough");
        }
    }

    @Test
    void aRemoteDockerHostGetsAnExplicitProvider() {
        Map<String, String> c = config();
        c.put("docker:host", "ssh://deploy@odoo-host.example");
        c.put("odoo-stack:traefikDockerSocket", "/run/docker.sock");
        assertEquals("ssh://deploy@odoo-host.example", providerHost(c, Map.of()));
        assertEquals("ssh://deploy@odoo-host.example", providerHost(c, Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")),
                "the stack's docker:host wins over the environment's");
    }

    @Test
    void withoutDockerHostTheProviderGoesToTheEnvironmentsEngineElseTheLocalSocket() {
        assertEquals("unix:///run/user/1000/docker.sock",
                providerHost(config(), Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")), "rootless Docker");
        assertEquals("unix:///var/run/docker.sock", providerHost(config(), Map.of()),
                "always explicit: left out, the SDK would read the deploying process's DOCKER_HOST itself");
        assertEquals("unix:///var/run/docker.sock", providerHost(config(), Map.of("DOCKER_HOST", " ")), "blank is unset");
    }

    @Test
    void aRestoreIsRefusedWhenTheDockerHostIsRemote() {
        Map<String, String> c = config();
        c.put("docker:host", "ssh://deploy@odoo-host.example");
        withRestore(c);
        String errors = String.join("\n", run(c, Map.of()).errors());
        assertTrue(errors.contains("it would land on the wrong machine"), errors);
    }

    @Test
    void everyContainerRotatesItsLogAndHasLimits() {
        Plan plan = up(config());
        for (PlannedResource c : plan.ofType(CONTAINER)) {
            assertEquals("json-file", c.input("logDriver").asText(), c.name());
            assertEquals("20m", c.input("logOpts").path("max-size").asText(), c.name());
            assertEquals("5", c.input("logOpts").path("max-file").asText(), c.name());
        }
        // (workers 2 + cron 1 + 1) x 2560 MiB hard limit per worker
        assertEquals(10240, plan.resource(CONTAINER, "odoo").input("memory").asInt());
        assertEquals(256, plan.resource(CONTAINER, "postgres").input("shmSize").asInt());
    }

    @Test
    void noSecretValueAppearsInInputsOutputsOrEnvironment() {
        Map<String, String> c = config();
        c.put(NS + "traefikDashboardHost", "traefik.opw.localhost");
        c.put(NS + "traefikDashboardPassword", "dashboard-Secret-4711");
        PlanRunner.Run r = PlanRunner.run("opw", c, SECRET_KEYS, Map.of(), StackProgram.program(java.util.Map.of()));
        String everything = PlanPrinter.json(r.plan()) + String.join("\n", r.errors());
        for (String secret : List.of(PG_PASSWORD, ADMIN_PASSWORD, "dashboard-Secret-4711")) {
            assertFalse(everything.contains(secret), "a secret value appears in the plan");
        }
        for (PlannedResource res : r.plan().ofType(CONTAINER)) {
            JsonNode envs = res.input("envs");
            envs.forEach(e -> assertFalse(e.asText().matches("(?i).*PASSWORD=.*"), res.name() + " has a password in its environment"));
        }
    }
}
