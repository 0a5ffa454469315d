package dev.odoostack.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SettingsParserTest {
    static final String NS = "odoo-stack:";

    /** A complete, valid configuration as the engine would hand it over. */
    static Map<String, RawValue> valid() {
        Map<String, RawValue> m = new HashMap<>();
        m.put(NS + "odooAdminPassword", RawValue.secret("admin-Secret-123"));
        m.put(NS + "postgresPassword", RawValue.secret("pg-Secret-45678"));
        return m;
    }

    static Map<String, RawValue> with(String key, RawValue v) {
        Map<String, RawValue> m = valid();
        m.put(NS + key, v);
        return m;
    }

    static ConfigException problems(Map<String, RawValue> raw) {
        return assertThrows(ConfigException.class, () -> SettingsParser.parse("opw", raw, SecretPolicy.REQUIRE));
    }

    @Test
    void defaultsGiveAWorkingLocalStack() {
        Settings s = SettingsParser.parse("opw", valid(), SecretPolicy.REQUIRE);
        assertEquals(List.of("opw.localhost"), s.odoo().domains());
        assertEquals("opw", s.odoo().dbName());
        assertEquals("/var/lib/odoo-stack/opw", s.stateDir());
        assertEquals(Settings.VolumeMode.BIND, s.volumes());
        assertEquals("postgres:17", s.postgres().image());
        assertEquals(80, s.traefik().httpPort());
        assertEquals(2, s.odoo().workers());
    }

    @Test
    void committedStackFilesAreValidWithoutTheirSecrets() {
        for (String stack : List.of("opw", "cm")) {
            Settings s = SettingsParser.parse(stack, StackFile.read(Path.of("Pulumi." + stack + ".yaml")),
                    SecretPolicy.ALLOW_MISSING);
            assertEquals(stack, s.odoo().dbName());
            assertFalse(s.postgres().password().isSet(), "no secret value may be committed");
            assertFalse(s.odoo().adminPassword().isSet());
        }
    }

    @Test
    void theSameStackFileFailsPulumiUpWithTheCommandsThatSetTheSecrets() {
        var e = assertThrows(ConfigException.class, () -> SettingsParser.parse("opw",
                StackFile.read(Path.of("Pulumi.opw.yaml")), SecretPolicy.REQUIRE));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("pulumi config set --secret postgresPassword"), e.getMessage());
        assertTrue(e.getMessage().contains("pulumi config set --secret odooAdminPassword"), e.getMessage());
        assertTrue(e.getMessage().contains("--stack opw"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, RawValue> raw = valid();
        raw.put(NS + "odooWorkers", RawValue.plain("many"));
        raw.put(NS + "postgresVersion", RawValue.plain("9"));
        raw.put(NS + "odooDomains", RawValue.plain("[\"Bad_Host.localhost\"]"));
        raw.remove(NS + "postgresPassword");
        var e = problems(raw);
        assertEquals(List.of(NS + "odooDomains", NS + "odooWorkers", NS + "postgresPassword", NS + "postgresVersion"),
                e.problems().stream().map(Problem::key).sorted().toList());
    }

    @Test
    void aSecretIsNeverEchoedInAnError() {
        var e = problems(with("postgresPassword", RawValue.plain("hunter2-but-plain")));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        var short_ = problems(with("odooAdminPassword", RawValue.secret("short")));
        assertFalse(short_.getMessage().contains("short\""), short_.getMessage());
    }

    @Test
    void anEncryptedSecretIsAcceptedOfflineAndShownAsSecret() {
        Settings s = SettingsParser.parse("opw", with("postgresPassword", RawValue.encrypted()), SecretPolicy.ALLOW_MISSING);
        assertTrue(s.postgres().password().isSet());
        assertEquals(Secret.ENCRYPTED_MARK, s.postgres().password().valueOrMark());
        assertEquals("[secret]", s.postgres().password().toString());
    }

    /** key, raw value, a fragment the message must contain (the why), a fragment of the fix. */
    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("odooWorkers", RawValue.plain("four"), "must be a whole number from 0 to 64", "pulumi config set odooWorkers 2 --stack opw"),
                Arguments.of("odooWorkers", RawValue.plain("65"), "must be from 0 to 64", "pulumi config set odooWorkers"),
                Arguments.of("odooMaxCronThreads", RawValue.plain("-1"), "must be from 0 to 16", "odooMaxCronThreads"),
                Arguments.of("odooLimitMemoryHardMb", RawValue.plain("1024"), "below the soft one (2048 MiB)", "pulumi config set odooLimitMemoryHardMb 2560"),
                Arguments.of("odooLimitTimeReal", RawValue.plain("300"), "below the CPU limit (600 s)", "pulumi config set odooLimitTimeReal 1200"),
                Arguments.of("odooDomains", RawValue.plain("opw.example.com"), "must be a list", "pulumi config set --path 'odooDomains[0]'"),
                Arguments.of("odooDomains", RawValue.plain("[\"https://opw.localhost\"]"), "must be a bare host name", "odooDomains"),
                Arguments.of("odooDomains", RawValue.plain("[\"OPW.localhost\"]"), "must be lower case", "odooDomains"),
                Arguments.of("odooDomains", RawValue.plain("[\"opw..localhost\"]"), "is not a valid host name", "odooDomains"),
                Arguments.of("odooDomains", RawValue.plain("[\"a.localhost\",\"a.localhost\"]"), "is listed twice", "odooDomains"),
                Arguments.of("odooDomains", RawValue.plain("[]"), "needs at least one host name", "odooDomains"),
                Arguments.of("odooDbName", RawValue.plain("postgres"), "is a PostgreSQL system database", "pulumi config set odooDbName opw"),
                Arguments.of("odooDbName", RawValue.plain("my db"), "must be 1 to 63 letters, digits", "odooDbName"),
                Arguments.of("odooImage", RawValue.plain("Odoo:18"), "is not a Docker image reference", "pulumi config set odooImage odoo:18.0"),
                Arguments.of("odooLogLevel", RawValue.plain("verbose"), "must be one of debug, debug_sql", "odooLogLevel"),
                Arguments.of("odooLogToFile", RawValue.plain("yes"), "must be true or false", "odooLogToFile"),
                Arguments.of("odooMemoryMb", RawValue.plain("1000"), "is below one worker's hard limit (odooLimitMemoryHardMb = 2560)", "odooMemoryMb"),
                Arguments.of("postgresMemoryMb", RawValue.plain("100"), "use 0 for no limit or at least 256", "postgresMemoryMb"),
                Arguments.of("odooAddonsPaths", RawValue.plain("[\"addons\"]"), "must be an absolute path on the Docker host", "odooAddonsPaths"),
                Arguments.of("odooAddonsPaths", RawValue.plain("[\"/a/custom\",\"/b/custom\"]"), "same directory name as another entry", "odooAddonsPaths"),
                Arguments.of("stateRoot", RawValue.plain("srv/odoo"), "must be an absolute path on the Docker host", "pulumi config set stateRoot /srv/odoo --stack opw"),
                Arguments.of("stateRoot", RawValue.plain("/srv/../etc"), "must be a normalized path", "stateRoot"),
                Arguments.of("stateRoot", RawValue.plain("/srv/odoo:rw"), "must not contain ':'", "stateRoot"),
                Arguments.of("volumes", RawValue.plain("tmpfs"), "must be one of bind, named", "pulumi config set volumes bind"),
                Arguments.of("postgresVersion", RawValue.plain("12"), "must be from 14 to 18", "postgresVersion"),
                Arguments.of("postgresUser", RawValue.plain("postgres"), "not 'postgres' nor 'pg_*'", "postgresUser"),
                Arguments.of("postgresPassword", RawValue.plain("a-plain-password"), "must be stored as a Pulumi secret", "pulumi config set --secret postgresPassword"),
                Arguments.of("odooAdminPassword", RawValue.secret("short"), "at least 12 characters", "pulumi config set --secret odooAdminPassword"),
                Arguments.of("traefikHttpPort", RawValue.plain("70000"), "must be from 1 to 65535", "traefikHttpPort"),
                Arguments.of("traefikImage", RawValue.secret("traefik:v3.5"), "is not a password and must be plain text", "pulumi config set traefikImage"),
                Arguments.of("odooWorkes", RawValue.plain("4"), "no such setting (did you mean odooWorkers?)", "pulumi config rm odooWorkes --stack opw"),
                Arguments.of("postgresPasword", RawValue.secret("pg-Secret-45678"), "no such setting (did you mean postgresPassword?)", "set postgresPassword instead"),
                Arguments.of("production", RawValue.plain("yes"), "must be true or false", "pulumi config set production false"),
                Arguments.of("stateRoot", RawValue.plain(""), "must be an absolute path", "stateRoot"),
                Arguments.of("odooDomains", RawValue.plain("[\"opw.localhost\",\"opw.example.com\"]"), "mixes local (*.localhost, plain HTTP) and public", "only public or only *.localhost"),
                Arguments.of("odooRedirectDomains", RawValue.plain("[\"opw.localhost\"]"), "is already served (odooDomains)", "odooRedirectDomains"),
                Arguments.of("odooRedirectDomains", RawValue.plain("www.opw.localhost"), "must be a list", "pulumi config set --path 'odooRedirectDomains[0]'"),
                Arguments.of("odooReplicas", RawValue.plain("0"), "must be from 1 to 16", "pulumi config set odooReplicas 2"),
                Arguments.of("odooCpuShares", RawValue.plain("1"), "must be from 2 to 262144", "odooCpuShares"),
                Arguments.of("postgresShmSizeMb", RawValue.plain("16"), "must be from 64 to 65536", "postgresShmSizeMb"),
                Arguments.of("logMaxSizeMb", RawValue.plain("0"), "must be from 1 to 10240", "logMaxSizeMb"),
                Arguments.of("logMaxFiles", RawValue.plain("many"), "must be a whole number from 1 to 100", "logMaxFiles"),
                Arguments.of("traefikAcmeEmail", RawValue.plain("ops@example.com"), "local domains (*.localhost) stay on plain HTTP", "traefikAcmeEmail"),
                Arguments.of("traefikAcmeChallenge", RawValue.plain("dns"), "must be one of tls, http", "pulumi config set traefikAcmeChallenge http"),
                Arguments.of("traefikAcmeStaging", RawValue.plain("maybe"), "must be true or false", "traefikAcmeStaging"),
                Arguments.of("traefikReadTimeout", RawValue.plain("30"), "must be from 60 to 86400", "traefikReadTimeout"),
                Arguments.of("traefikHttpsPort", RawValue.plain("80"), "is the same port as traefikHttpPort", "traefikHttpsPort"),
                Arguments.of("traefikExternalNetwork", RawValue.plain("bad net!"), "is not a Docker network name", "traefikExternalNetwork"),
                Arguments.of("traefikDashboardPassword", RawValue.secret("dashboard-Secret-1"), "traefikDashboardHost is not", "pulumi config set traefikDashboardHost"),
                Arguments.of("restoreGeneration", RawValue.plain("2"), "restoreUpstream is not set", "pulumi config rm restoreGeneration --stack opw (or declare the restore"),
                Arguments.of("restoreJobs", RawValue.plain("4"), "restoreUpstream is not set", "pulumi config rm restoreJobs"),
                Arguments.of("docker:host", RawValue.plain("odoo-host.example"), "must be a Docker host URL", "pulumi config set docker:host ssh://"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badConfigs")
    void aBadValueNamesTheKeyTheReasonAndTheFix(String key, RawValue value, String why, String fix) {
        String fullKey = key.contains(":") ? key : NS + key;
        Map<String, RawValue> raw = valid();
        raw.put(fullKey, value);
        var e = problems(raw);
        assertEquals(1, e.problems().size(), e.getMessage());
        Problem p = e.problems().get(0);
        assertEquals(fullKey, p.key());
        assertTrue(p.why().contains(why), () -> "why: " + p.why());
        assertTrue(p.fix().contains(fix), () -> "fix: " + p.fix());
        assertTrue(p.message().startsWith(fullKey + " = "), p.message());
        if (value.secret()) {
            assertFalse(p.message().contains(value.text()), "a secret value is echoed: " + p.message());
        }
    }

    @Test
    void theTableCoversEveryGroupOfKeys() {
        var keys = badConfigs().map(a -> (String) a.get()[0]).toList();
        assertTrue(keys.size() >= 40, "at least 40 bad configurations, got " + keys.size());
        for (String prefix : List.of("odoo", "postgres", "traefik", "restore", "log", "state", "volumes", "production", "docker:")) {
            assertTrue(keys.stream().anyMatch(k -> k.startsWith(prefix)), "no bad configuration for " + prefix + "*");
        }
    }

    @Test
    void aMissingSecretNamesTheExactCommand() {
        Map<String, RawValue> raw = valid();
        raw.remove(NS + "odooAdminPassword");
        var p = problems(raw).problems().get(0);
        assertEquals(NS + "odooAdminPassword", p.key());
        assertTrue(p.fix().startsWith("pulumi config set --secret odooAdminPassword "), p.fix());
    }

    @Test
    void aBadStackNameIsRefused() {
        var e = assertThrows(ConfigException.class, () -> SettingsParser.parse("Opw_Prod", valid(), SecretPolicy.REQUIRE));
        assertEquals("stack", e.problems().get(0).key());
    }

    @Test
    void otherNamespacesBelongToProvidersAndAreLeftAlone() {
        Settings s = SettingsParser.parse("opw", withForeign(), SecretPolicy.REQUIRE);
        assertEquals("opw", s.stack());
    }

    private static Map<String, RawValue> withForeign() {
        Map<String, RawValue> m = valid();
        m.put("docker:host", RawValue.plain("ssh://deploy@server"));
        m.put("odoo-stack:traefikDockerSocket", RawValue.plain("/var/run/docker.sock"));
        return m;
    }
}
