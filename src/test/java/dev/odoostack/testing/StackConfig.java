package dev.odoostack.testing;

import dev.odoostack.config.ConfigException;
import dev.odoostack.config.ConfigKey;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.Problem;
import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The one configuration fixture of the tests: a stack's settings as the engine passes them (full keys, text values),
 * a base that passes validation and the groups of keys scenarios add, so that every test speaks of the same legacy
 * host, the same backup repository and the same passwords.
 */
public final class StackConfig {
    public static final String NS = ConfigKey.NAMESPACE + ":";
    public static final String PG_PASSWORD = "pg-very-secret-4711";
    public static final String ADMIN_PASSWORD = "admin-very-secret-0815";
    public static final String BACKUP_PASSWORD = "backup-password-for-tests";
    public static final String BACKUP_REPOSITORY = "/srv/backups/opw";
    /** The legacy production host that restores read from, as opw's stack file names it. */
    public static final String LEGACY_HOST = "odoo@opw-prod.shiny";
    public static final String LEGACY_SSH_DIR = "/home/deploy/.ssh/opw-prod";
    public static final String LEGACY_DB = "opw_prod";
    public static final String LEGACY_FILESTORE = "/var/lib/odoo/filestore/opw_prod";
    /** Every key the engine would mark secret. */
    public static final Set<String> SECRET_KEYS = ConfigKeys.ALL.stream().filter(ConfigKey::secret)
            .map(ConfigKey::fullName).collect(Collectors.toUnmodifiableSet());

    private StackConfig() {
    }

    /** A configuration with its two passwords set, as the engine passes it; add keys to taste. */
    public static Map<String, String> withPasswords() {
        Map<String, String> c = new HashMap<>();
        c.put(NS + "postgresPassword", PG_PASSWORD);
        c.put(NS + "odooAdminPassword", ADMIN_PASSWORD);
        return c;
    }

    /** Adds a restore from the legacy host over SSH. */
    public static Map<String, String> withRestore(Map<String, String> c) {
        c.put(NS + "restoreUpstream", LEGACY_HOST);
        c.put(NS + "restoreSshDir", LEGACY_SSH_DIR);
        c.put(NS + "restoreUpstreamDb", LEGACY_DB);
        c.put(NS + "restoreUpstreamFilestore", LEGACY_FILESTORE);
        return c;
    }

    /** Adds backups to a local repository, with their password. */
    public static Map<String, String> backedUp(Map<String, String> c) {
        c.put(NS + "backup", "true");
        c.put(NS + "backupRepository", BACKUP_REPOSITORY);
        c.put(NS + "backupPassword", BACKUP_PASSWORD);
        return c;
    }

    /** Marks a configuration production, with the backup repository and password production requires. */
    public static Map<String, String> production(Map<String, String> c) {
        c.put(NS + "production", "true");
        c.put(NS + "backupRepository", BACKUP_REPOSITORY);
        c.put(NS + "backupPassword", BACKUP_PASSWORD);
        return c;
    }

    /** The values with the secret flags the engine would give them. */
    public static Map<String, RawValue> raw(Map<String, String> config) {
        Map<String, RawValue> raw = new HashMap<>();
        config.forEach((k, v) -> raw.put(k, SECRET_KEYS.contains(k) ? RawValue.secret(v) : RawValue.plain(v)));
        return raw;
    }

    /** The validated settings; throws the parser's ConfigException when the configuration is bad. */
    public static Settings settings(String stack, Map<String, String> config) {
        return SettingsParser.parse(stack, raw(config), SecretPolicy.REQUIRE);
    }

    /** The configuration problems the parser lists (the configuration must be bad). */
    public static List<Problem> problems(String stack, Map<String, String> config) {
        return assertThrows(ConfigException.class, () -> settings(stack, config)).problems();
    }
}
