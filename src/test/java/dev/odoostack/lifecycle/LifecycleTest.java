package dev.odoostack.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoostack.cli.Plan;
import dev.odoostack.cli.PlanPrinter;
import dev.odoostack.cli.PlanRunner;
import dev.odoostack.cli.PlannedResource;
import dev.odoostack.program.StackProgram;
import dev.odoostack.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.odoostack.testing.Stacks.*;
import static org.junit.jupiter.api.Assertions.*;

/** Teardown and recreation, production protection, change guards, remote hosts, limits and logs. */
class LifecycleTest {
    static Map<String, String> config() {
        return withPasswords();
    }

    static PlanRunner.Run run(Map<String, String> config, Map<String, Object> previous) {
        return PlanRunner.run("opw", config, SECRET_KEYS, previous, StackProgram::stack);
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
        Plan plan = up(Stacks.production(c));
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

    @Test
    void anUnchangedOrDestroyedStackPassesTheGuard() {
        assertEquals(List.of(), run(config(), Map.of("postgresVersion", 17, "database", "opw")).errors());
        assertEquals(List.of(), run(config(), Map.of()).errors(), "after destroy the outputs are gone: anything goes");
    }

    @Test
    void aRemoteDockerHostGetsAnExplicitProvider() {
        Map<String, String> c = config();
        c.put("docker:host", "ssh://deploy@odoo-host.example");
        Plan plan = up(c);
        PlannedResource provider = plan.resource("pulumi:providers:docker", "docker");
        assertEquals("ssh://deploy@odoo-host.example", provider.input("host").asText());
        assertTrue(up(config()).resource("pulumi:providers:docker", "docker").input("host").isMissingNode(),
                "without docker:host the provider uses the local engine");
    }

    @Test
    void aRestoreIsRefusedWhenTheDockerHostIsRemote() {
        Map<String, String> c = config();
        c.put("docker:host", "ssh://deploy@odoo-host.example");
        c.put(NS + "restoreUpstream", "odoo@opw-prod.shiny");
        c.put(NS + "restoreSshDir", "/home/deploy/.ssh/opw-prod");
        c.put(NS + "restoreUpstreamDb", "opw_prod");
        c.put(NS + "restoreUpstreamFilestore", "/var/lib/odoo/filestore/opw_prod");
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
        PlanRunner.Run r = PlanRunner.run("opw", c, SECRET_KEYS, Map.of(), StackProgram::stack);
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
