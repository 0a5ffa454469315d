package dev.odoostack.assembly;

import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.edge.Htpasswd;
import dev.odoostack.model.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
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
}
