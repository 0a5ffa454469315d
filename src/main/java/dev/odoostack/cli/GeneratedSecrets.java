package dev.odoostack.cli;

import dev.odoostack.config.ConfigException;
import dev.odoostack.config.ConfigKey;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which passwords a stack needs that bin/odoo-stack may generate: asked of the parser itself, so the script keeps
 * no list of its own (a dashboard or a backup adds one). Credentials issued by someone else (S3 keys) are never
 * generated: the parser's own message says how to set them.
 */
public final class GeneratedSecrets {
    private static final Set<ConfigKey> ISSUED_ELSEWHERE = Set.of(ConfigKeys.BACKUP_S3_ACCESS_KEY_ID,
            ConfigKeys.BACKUP_S3_SECRET_ACCESS_KEY);

    /** Generated for every stack though the parser requires none of them: no container reads them. */
    private static final Set<ConfigKey> FOR_OPERATORS = Set.of(ConfigKeys.ODOO_ADMIN_LOGIN_PASSWORD);

    private GeneratedSecrets() {
    }

    public static List<String> needed(Path projectDir, String stack) throws IOException {
        Map<String, RawValue> raw = new TreeMap<>(StackFile.read(StackFile.path(projectDir, stack)));
        // every secret as if missing: the parser then names each one this stack requires
        ConfigKeys.ALL.stream().filter(ConfigKey::secret).forEach(k -> raw.remove(k.fullName()));
        List<dev.odoostack.config.Problem> problems;
        try {
            SettingsParser.parse(stack, raw, SecretPolicy.REQUIRE);
            problems = List.of();
        } catch (ConfigException e) {
            problems = e.problems();
        }
        List<dev.odoostack.config.Problem> missing = problems;
        return ConfigKeys.ALL.stream()
                .filter(k -> k.secret() && !ISSUED_ELSEWHERE.contains(k))
                .filter(k -> FOR_OPERATORS.contains(k)
                        || missing.stream().anyMatch(p -> p.key().equals(k.fullName()) && p.value().equals("(not set)")))
                .map(ConfigKey::name)
                .toList();
    }
}
