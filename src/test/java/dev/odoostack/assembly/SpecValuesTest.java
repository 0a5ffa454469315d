package dev.odoostack.assembly;

import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.edge.Htpasswd;
import dev.odoostack.model.CommandSpec;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.testing.StackConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.odoostack.testing.StackConfig.*;
import static dev.odoostack.testing.Stacks.*;
import static org.junit.jupiter.api.Assertions.*;

/** The model is plain values: built twice from one stack file it is equal, and it prints without a secret. */
class SpecValuesTest {
    static final String DASHBOARD_PASSWORD = "dashboard-very-secret-1234";

    /** opw with its passwords and a Traefik dashboard, whose users file is made from a password. */
    static Settings settings() {
        Map<String, RawValue> raw = new TreeMap<>(StackFile.read(StackFile.path(Path.of(""), "opw")));
        raw.put(NS + "postgresPassword", RawValue.secret(PG_PASSWORD));
        raw.put(NS + "odooAdminPassword", RawValue.secret(ADMIN_PASSWORD));
        raw.put(NS + "traefikDashboardHost", RawValue.plain("traefik.opw.localhost"));
        raw.put(NS + "traefikDashboardPassword", RawValue.secret(DASHBOARD_PASSWORD));
        return SettingsParser.parse("opw", raw, SecretPolicy.REQUIRE);
    }

    @Test
    void theSameSettingsGiveAnEqualModel() {
        Deployment a = DeploymentModel.of(settings(), Path.of(""));
        Deployment b = DeploymentModel.of(settings(), Path.of(""));
        assertEquals(a, b, "a file made from a secret is data, so two models of one stack file compare equal");
        assertEquals(a.toString(), b.toString());
    }

    @Test
    void theModelPrintsWithoutAnySecretOrWhatIsMadeFromOne() {
        Settings s = settings();
        String printed = DeploymentModel.of(s, Path.of("")).toString();
        String users = Htpasswd.line(s.traefik().dashboard().orElseThrow().user(), DASHBOARD_PASSWORD);
        for (String secret : new String[]{PG_PASSWORD, ADMIN_PASSWORD, DASHBOARD_PASSWORD, users}) {
            assertFalse(printed.contains(secret), "the printed model shows " + secret);
        }
        assertTrue(printed.contains("/run/secrets/traefik-dashboard-users"), "the files themselves are listed");
    }

    static ContainerSpec container(Deployment d, String name) {
        return d.services().stream().flatMap(x -> x.containers().stream()).filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static CommandSpec command(Deployment d, String name) {
        return d.services().stream().flatMap(x -> x.commands().stream()).filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void onASwarmTheServicesSayHowTheyUpdateRollBackAndRestart() {
        Map<String, String> c = withPasswords();
        c.put(NS + "dockerMode", "swarm");
        c.put(NS + "odooReplicas", "3");
        Deployment d = DeploymentModel.of(StackConfig.settings("sw", c), "ctx", "filter", "backup");
        // Odoo's HTTP replicas roll: a new task is healthy before an old one stops
        assertEquals("start-first", container(d, "odoo").swarm().update().order());
        assertEquals("start-first", container(d, "odoo").swarm().rollback().order());
        // one PostgreSQL on its data directory, one cron worker, one Traefik on a node's ports: the old one stops first
        for (String stopFirst : List.of("postgres", "odoo-cron", "traefik", "docker-api")) {
            assertEquals("stop-first", container(d, stopFirst).swarm().update().order(), stopFirst);
            assertEquals("rollback", container(d, stopFirst).swarm().update().failureAction(), stopFirst);
            assertEquals("any", container(d, stopFirst).swarm().restart().condition(), stopFirst);
        }
        // the init task ends by design: never restarted, and an update goes on past it
        ContainerSpec.SwarmService init = container(d, "odoo-init").swarm();
        assertEquals(List.of("none", "continue"), List.of(init.restart().condition(), init.update().failureAction()));
        assertNull(init.rollback());
    }

    @Test
    void containersDropEveryCapabilityAndSayWhenTheyAreDone() {
        Deployment d = DeploymentModel.of(settings(), Path.of(""));
        d.services().forEach(svc -> svc.containers().forEach(c ->
                assertEquals(ContainerSpec.DROP_ALL, c.droppedCapabilities(), c.name())));
        assertEquals(ContainerSpec.Started.HEALTHY, container(d, "postgres").started());
        assertEquals(ContainerSpec.Started.COMPLETED, container(d, "odoo-init").started(), "a one-shot is done when it ended");
    }

    @Test
    void theAddonCheckoutRunsBeforeTheContainersAndTheRestoreAfterThem() {
        Deployment d = DeploymentModel.of(settings(), Path.of(""));
        assertEquals(CommandSpec.Phase.BEFORE, command(d, dev.odoostack.odoo.Odoo.FETCH_ADDONS).phase());
        assertEquals(CommandSpec.Phase.AFTER, command(d, dev.odoostack.restore.Restore.NAME).phase());
    }

    @Test
    void eachBuiltImageIsLinkedToTheContainersThatRunIt() {
        Deployment d = DeploymentModel.of(settings(), Path.of(""));
        // opw builds Odoo's image; both Odoo containers run that build, the proxy's filter its own
        assertEquals("odoo-build", container(d, "odoo").build());
        assertEquals("odoo-build", container(d, "odoo-init").build());
        assertEquals("docker-api-build", container(d, "docker-api").build());
        assertNull(container(d, "postgres").build(), "a published image, pulled");
    }
}
