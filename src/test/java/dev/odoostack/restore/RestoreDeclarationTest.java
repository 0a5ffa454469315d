package dev.odoostack.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanRunner;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.config.Problem;
import dev.odoostack.program.StackProgram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.odoostack.testing.StackConfig.*;
import static dev.odoostack.testing.Stacks.*;
import static org.junit.jupiter.api.Assertions.*;

/** How a stack declares its restore: which settings, which environment, and when it runs again. */
class RestoreDeclarationTest {
    static final String COMMAND = "command:local:Command";
    static final Set<String> SECRETS = SECRET_KEYS;

    static Map<String, String> config() {
        Map<String, String> c = withRestore(withPasswords());
        c.put(NS + "restorePgDump", "sudo -u postgres pg_dump");
        return c;
    }

    static PlannedResource restore(Map<String, String> config) {
        PlanRunner.Run run = PlanRunner.run("opw", config, SECRETS, StackProgram.program(java.util.Map.of()));
        assertEquals(List.of(), run.errors());
        return run.plan().resource(COMMAND, "restore");
    }

    static List<Problem> problems(Map<String, String> config) {
        return dev.odoostack.testing.StackConfig.problems("opw", config);
    }

    @Test
    void runsTheRestoreScriptWithItsDocumentedEnvironment() {
        PlannedResource r = restore(config());
        assertEquals("odoo-stack:restore:Restore::restore", r.parent());
        assertEquals("docker/scripts/restore.sh", r.input("create").asText());
        JsonNode env = r.input("environment");
        assertEquals(LEGACY_HOST, env.path("RESTORE_UPSTREAM").asText());
        assertEquals("22", env.path("RESTORE_SSH_PORT").asText());
        assertEquals(LEGACY_SSH_DIR, env.path("RESTORE_SSH_DIR").asText());
        assertEquals(LEGACY_DB, env.path("RESTORE_UPSTREAM_DB").asText());
        assertEquals(LEGACY_FILESTORE, env.path("RESTORE_UPSTREAM_FILESTORE").asText());
        assertEquals("sudo -u postgres pg_dump", env.path("RESTORE_UPSTREAM_PG_DUMP").asText());
        assertEquals("opw", env.path("TARGET_DB").asText());
        assertEquals("/var/lib/odoo-stack/opw/filestore/filestore", env.path("TARGET_FILESTORE_ROOT").asText());
        assertEquals("opw-postgres", env.path("TARGET_PG_CONTAINER").asText());
        assertEquals("opw-odoo", env.path("TARGET_ODOO_CONTAINER").asText());
        assertEquals("odoo:18.0", env.path("TARGET_ODOO_IMAGE").asText());
        assertEquals("http://opw.localhost", env.path("TARGET_BASE_URL").asText());
        assertTrue(r.input("delete").isMissingNode(), "destroying the stack must never delete restored data");
        String deps = r.options().path("dependsOn").toString();
        assertTrue(deps.contains("docker:index/container:Container::postgres"), deps);
        assertTrue(deps.contains("docker:index/container:Container::odoo"), deps);
    }

    @Test
    void onRequestOnlyTheSameScriptRunsOnlyWhenAsked() {
        Map<String, String> c = config();
        c.put(NS + "restoreOnFirstUp", "false");
        PlannedResource r = restore(c);
        String create = r.input("create").asText();
        assertTrue(create.startsWith("[ \"${ODOO_STACK_ACTION:-}\" = restore ] || {") && create.endsWith("; docker/scripts/restore.sh"), create);
        assertEquals(restore(config()).input("environment"), r.input("environment"), "the same restore, when asked");
    }

    @Test
    void onASwarmTheRestoreFindsPostgresTaskAndScalesOdoosServicesInsteadOfNamingContainers() {
        Map<String, String> c = config();
        c.put(NS + "dockerMode", "swarm");
        c.put(NS + "restoreOnFirstUp", "false");
        PlannedResource r = restore(c);
        assertTrue(r.input("create").asText().startsWith("[ \"${ODOO_STACK_ACTION:-}\" = restore ] || {"),
                "an up never restores on a swarm: " + r.input("create"));
        JsonNode env = r.input("environment");
        assertEquals("opw_postgres", env.path("TARGET_PG_SERVICE").asText());
        assertEquals("opw_odoo opw_odoo-cron", env.path("TARGET_ODOO_SERVICES").asText());
        assertTrue(env.path("TARGET_PG_CONTAINER").isMissingNode() && env.path("TARGET_ODOO_CONTAINER").isMissingNode(), env.toString());
        assertEquals("/var/lib/odoo-stack/opw/filestore/filestore", env.path("TARGET_FILESTORE_ROOT").asText(),
                "the shared filestore, at the same path on every node");
        String deps = r.options().path("dependsOn").toString();
        assertTrue(deps.contains("docker:index/service:Service::postgres") && deps.contains("docker:index/service:Service::odoo"), deps);
    }

    @Test
    void runsAgainOnlyWhenTheGenerationChanges() {
        JsonNode first = restore(config()).input("triggers");
        Map<String, String> unrelated = config();
        unrelated.put(NS + "odooWorkers", "8");
        unrelated.put(NS + "odooDomains", "[\"opw.example.com\"]");
        unrelated.put(NS + "traefikAcmeEmail", "ops@example.com");
        PlannedResource afterUnrelated = restore(unrelated);
        assertEquals(first, afterUnrelated.input("triggers"), "an unrelated change must not replace (re-run) the restore");
        assertFalse(afterUnrelated.input("update").asText().contains("restore.sh"),
                "an in-place update must not copy production again");
        Map<String, String> next = config();
        next.put(NS + "restoreGeneration", "2");
        assertNotEquals(first, restore(next).input("triggers"), "a new generation must replace (re-run) the restore");
    }

    @Test
    void aStackWithoutUpstreamDeclaresNoRestore() {
        Map<String, String> c = config();
        c.keySet().removeIf(k -> k.startsWith(NS + "restore"));
        Plan plan = PlanRunner.run("opw", c, SECRETS, StackProgram.program(java.util.Map.of())).plan();
        assertTrue(plan.ofType(COMMAND).isEmpty());
        assertFalse(plan.ofType("docker:index/container:Container").isEmpty());
    }

    @Test
    void aProductionStackRefusesARestore() {
        Map<String, String> c = config();
        c.put(NS + "production", "true");
        Problem p = problems(c).get(0);
        assertEquals(NS + "restoreUpstream", p.key());
        assertTrue(p.why().contains("marked production"), p.why());
    }

    @Test
    void restoreSettingsAreCheckedTogether() {
        Map<String, String> c = config();
        c.put(NS + "restoreUpstream", "-oProxyCommand=evil");
        c.remove(NS + "restoreUpstreamDb");
        c.put(NS + "restoreUpstreamFilestore", "filestore/opw");
        c.put(NS + "volumes", "named");
        List<String> keys = problems(c).stream().map(Problem::key).sorted().toList();
        assertEquals(List.of(NS + "restoreUpstream", NS + "restoreUpstream", NS + "restoreUpstreamDb",
                NS + "restoreUpstreamFilestore"), keys);
    }

    @Test
    void aRestoreSettingWithoutUpstreamIsFlagged() {
        Map<String, String> c = config();
        c.keySet().removeIf(k -> k.startsWith(NS + "restore"));
        c.put(NS + "restoreGeneration", "3");
        Problem p = problems(c).get(0);
        assertEquals(NS + "restoreGeneration", p.key());
        assertTrue(p.why().contains("restoreUpstream is not set"), p.why());
    }
}
