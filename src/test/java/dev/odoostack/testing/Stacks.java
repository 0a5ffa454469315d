package dev.odoostack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanRunner;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.config.ConfigKey;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.program.StackProgram;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the mock-engine tests share: a configuration that passes, a run, and readers of the plan. */
public final class Stacks {
    public static final String NS = ConfigKey.NAMESPACE + ":";
    public static final String CONTAINER = "docker:index/container:Container";
    public static final String PG_PASSWORD = "pg-very-secret-4711";
    public static final String ADMIN_PASSWORD = "admin-very-secret-0815";
    /** Every key the engine would mark secret. */
    public static final Set<String> SECRET_KEYS = ConfigKeys.ALL.stream().filter(ConfigKey::secret)
            .map(ConfigKey::fullName).collect(Collectors.toUnmodifiableSet());

    private Stacks() {
    }

    /** The configuration problems the parser lists for a stack's settings (secret keys passed as secrets). */
    public static java.util.List<dev.odoostack.config.Problem> problems(String stack, Map<String, String> config) {
        Map<String, dev.odoostack.config.RawValue> raw = new HashMap<>();
        config.forEach((k, v) -> raw.put(k, SECRET_KEYS.contains(k)
                ? dev.odoostack.config.RawValue.secret(v) : dev.odoostack.config.RawValue.plain(v)));
        return org.junit.jupiter.api.Assertions.assertThrows(dev.odoostack.config.ConfigException.class,
                () -> dev.odoostack.config.SettingsParser.parse(stack, raw, dev.odoostack.config.SecretPolicy.REQUIRE)).problems();
    }

    /** Marks a configuration production, with the backup repository and password production requires. */
    public static Map<String, String> production(Map<String, String> c) {
        c.put(NS + "production", "true");
        c.put(NS + "backupRepository", "/srv/backups/opw");
        c.put(NS + "backupPassword", "backup-password-for-tests");
        return c;
    }

    /** A configuration with its two passwords set, as the engine passes it; add keys to taste. */
    public static Map<String, String> withPasswords() {
        Map<String, String> c = new HashMap<>();
        c.put(NS + "postgresPassword", PG_PASSWORD);
        c.put(NS + "odooAdminPassword", ADMIN_PASSWORD);
        return c;
    }

    /** The program as `pulumi up` runs it, under the mock engine; it must succeed. */
    public static Plan up(String stack, Map<String, String> config) {
        PlanRunner.Run run = PlanRunner.run(stack, config, SECRET_KEYS, StackProgram::stack);
        assertEquals(List.of(), run.errors());
        return run.plan();
    }

    public static Map<String, String> labels(PlannedResource container) {
        Map<String, String> out = new TreeMap<>();
        container.input("labels").forEach(l -> out.put(l.path("label").asText(), l.path("value").asText()));
        return out;
    }

    /** The content of a file placed in a container. */
    public static String uploaded(PlannedResource container, String path) {
        for (JsonNode u : container.input("uploads")) {
            if (u.path("file").asText().equals(path)) {
                return u.path("content").asText();
            }
        }
        throw new AssertionError(container.name() + " has no file " + path);
    }
}
