package dev.odoostack.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.cli.OfflinePlan;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import dev.odoostack.testing.Cmd;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The compose file Coolify deploys agrees with the Pulumi plan of the same stack, is what a fresh render gives,
 * and is valid compose. After an intended change: bin/odoo-stack compose opw (and cm), then commit the result.
 */
class ComposeTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String CONTAINER = "docker:index/container:Container";

    static Path dir(String stack) {
        return Path.of("docker/config/coolify", stack);
    }

    static JsonNode compose(String stack) throws Exception {
        return YAML.readTree(dir(stack).resolve("docker-compose.yml").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void theCommittedFileIsWhatTheStackFileGivesToday(String stack) throws Exception {
        String committed = Files.readString(dir(stack).resolve("docker-compose.yml"));
        String digest = StackFile.digest(StackFile.path(Path.of(""), stack));
        assertTrue(committed.startsWith("# docker compose file for Coolify, rendered by odoo-stack from Pulumi." + stack
                + ".yaml (sha256 " + digest + ").\n"), "the header names the stack file and its digest, not a commit");
        Settings settings = SettingsParser.parse(stack, StackFile.read(StackFile.path(Path.of(""), stack)), SecretPolicy.ALLOW_MISSING);
        ComposeFile.Rendered fresh = ComposeFile.render(DeploymentModel.of(settings, Path.of("")), digest, "../../../..");
        assertEquals(fresh.compose(), committed, "stale: run bin/odoo-stack compose " + stack + " and commit the result");
        for (var f : fresh.files().entrySet()) {
            assertEquals(f.getValue(), Files.readString(dir(stack).resolve(f.getKey())), f.getKey() + " is stale");
            assertEquals(fresh.executables().contains(f.getKey()), Files.isExecutable(dir(stack).resolve(f.getKey())), f.getKey() + " mode");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void everyServiceImageMountAndNetworkAgreesWithThePlan(String stack) throws Exception {
        Plan plan = OfflinePlan.of(Path.of(""), stack, java.util.Map.of());
        JsonNode services = compose(stack).path("services");
        Map<String, String> images = new TreeMap<>();
        plan.ofType("docker:index/remoteImage:RemoteImage").forEach(i -> images.put(i.input("name").asText(), i.input("name").asText()));
        TreeSet<String> planned = new TreeSet<>();
        for (PlannedResource c : plan.ofType(CONTAINER)) {
            String name = c.input("name").asText();
            if (name.endsWith("-traefik") || name.endsWith("-docker-api")) {
                continue; // Coolify's proxy takes their place
            }
            planned.add(name);
            JsonNode s = services.path(name);
            assertFalse(s.isMissingNode(), "compose lacks " + name);
            assertTrue(images.containsKey(s.path("image").asText()), name + " runs " + s.path("image").asText());
            List<String> mounts = new ArrayList<>();
            s.path("volumes").forEach(v -> mounts.add(v.asText()));
            for (JsonNode v : c.input("volumes")) {
                String source = v.has("hostPath") ? v.path("hostPath").asText() : v.path("volumeName").asText();
                String expected = source + ":" + v.path("containerPath").asText() + (v.path("readOnly").asBoolean() ? ":ro" : "");
                assertTrue(mounts.contains(expected), name + " lacks mount " + expected + " in " + mounts);
            }
            for (JsonNode u : c.input("uploads")) {
                String file = u.path("file").asText();
                assertTrue(mounts.stream().anyMatch(m -> m.endsWith(":" + file + ":ro")) || file.startsWith("/run/secrets/"),
                        name + " lacks the file " + file);
            }
            List<String> nets = new ArrayList<>();
            s.path("networks").forEach(n -> nets.add(n.asText()));
            assertEquals(c.input("networksAdvanced").findValuesAsText("name"), nets, name + " networks");
            if (c.input("healthcheck").isObject()) {
                assertEquals(c.input("healthcheck.tests"), s.path("healthcheck").path("test"), name + " healthcheck");
            }
            assertTrue(s.path("ports").isMissingNode(), name + " must publish nothing: Coolify's proxy routes");
        }
        TreeSet<String> composed = new TreeSet<>();
        services.fieldNames().forEachRemaining(composed::add);
        assertEquals(planned, composed, "the same services, no more, no fewer");
        JsonNode networks = compose(stack).path("networks");
        assertTrue(networks.path(stack + "-db").path("internal").asBoolean(), "the database network stays internal");
    }

    @Test
    void odooIsRoutedThroughCoolifysEntryPoints() throws Exception {
        JsonNode labels = compose("cm").path("services").path("cm-odoo").path("labels");
        assertEquals("http", labels.path("traefik.http.routers.cm-odoo.entrypoints").asText());
        assertEquals("Host(`cm.localhost`) || Host(`www.cm.localhost`)", labels.path("traefik.http.routers.cm-odoo.rule").asText());
        assertTrue(labels.path("traefik.docker.network").isMissingNode(), "Coolify attaches its proxy itself");
        assertTrue(labels.path(dev.odoostack.model.Names.PROXY_LABEL).isMissingNode(), "no stack's Traefik routes it there");
    }

    @Test
    void passwordsAreCoolifyVariablesNeverValues() {
        Map<String, RawValue> raw = new TreeMap<>(StackFile.read(StackFile.path(Path.of(""), "opw")));
        raw.put("odoo-stack:postgresPassword", RawValue.secret("pg-very-secret-4711"));
        raw.put("odoo-stack:odooAdminPassword", RawValue.secret("admin-very-secret-0815"));
        Settings s = SettingsParser.parse("opw", raw, SecretPolicy.REQUIRE);
        ComposeFile.Rendered r = ComposeFile.render(DeploymentModel.of(s, Path.of("")), "test", "../../../..");
        String all = r.compose() + String.join("", r.files().values());
        assertFalse(all.contains("pg-very-secret-4711") || all.contains("admin-very-secret-0815"), "a password value was written");
        assertTrue(r.compose().contains("${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in Coolify}"));
        assertTrue(r.compose().contains("ODOO_STACK_ADMIN_PASSWD: \"${ODOO_ADMIN_PASSWORD:?set ODOO_ADMIN_PASSWORD in Coolify}\""));
    }

    @Test
    void aBackedUpStackGetsItsBackupContainerInCoolifyWithItsPasswordsAsVariables() {
        Map<String, RawValue> raw = new TreeMap<>(StackFile.read(StackFile.path(Path.of(""), "opw")));
        raw.put("odoo-stack:backup", RawValue.plain("true"));
        raw.put("odoo-stack:backupRepository", RawValue.plain("/srv/backups/opw"));
        Settings s = SettingsParser.parse("opw", raw, SecretPolicy.ALLOW_MISSING);
        String compose = ComposeFile.render(DeploymentModel.of(s, Path.of("")), "test", "../../../..").compose();
        String backup = compose.substring(compose.indexOf("  opw-backup:"));
        backup = backup.substring(0, backup.indexOf("\n  ", backup.indexOf("logging:")));
        assertTrue(backup.contains("BACKUP_PASSWORD: \"${BACKUP_PASSWORD:?set BACKUP_PASSWORD in Coolify}\""), backup);
        assertTrue(backup.contains("POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in Coolify}\""), backup);
        assertFalse(backup.contains("ODOO_ADMIN_PASSWORD"), "the backup container gets the passwords it needs, no other");
        assertTrue(backup.contains("context: ../../../../docker/backup"), backup);
        assertTrue(compose.contains("# Set these variables in Coolify's UI: POSTGRES_PASSWORD, ODOO_ADMIN_PASSWORD, BACKUP_PASSWORD."), compose);
    }

    @Test
    void aRedirectKeepsItsDollarForTraefik() {
        assertEquals("https://a/$${1}", ComposeFile.escape("https://a/${1}"), "compose would otherwise interpolate ${1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void passesDockerComposeConfig(String stack) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")), "docker-compose is not installed (bin/test installs it)");
        List<String> config = List.of("docker-compose", "config", "-q");
        var set = Cmd.run(config, Map.of("POSTGRES_PASSWORD", "x", "ODOO_ADMIN_PASSWORD", "y"), null, Duration.ofSeconds(60), dir(stack));
        assertEquals(0, set.exit(), set.text());
        Map<String, String> none = new java.util.HashMap<>();
        none.put("POSTGRES_PASSWORD", null);
        none.put("ODOO_ADMIN_PASSWORD", null);
        var unset = Cmd.run(config, none, null, Duration.ofSeconds(60), dir(stack));
        String err = unset.text();
        assertNotEquals(0, unset.exit(), "a deployment without its passwords must fail, not start with empty ones");
        assertTrue(err.contains("set POSTGRES_PASSWORD in Coolify"), err);
    }
}
