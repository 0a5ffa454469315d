package dev.odoostack.cli;

import dev.odoostack.config.ConfigKey;
import dev.odoostack.config.ConfigKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** bin/odoo-stack generates exactly the passwords the parser requires of a stack, and never an issued credential. */
class GeneratedSecretsTest {
    @TempDir
    Path dir;

    private List<String> needed(String... lines) throws Exception {
        Files.writeString(dir.resolve("Pulumi.opw.yaml"), "config:\n" + String.join("", List.of(lines).stream()
                .map(l -> "  odoo-stack:" + l + "\n").toList()));
        return GeneratedSecrets.needed(dir, "opw");
    }

    @Test
    void thePasswordsOfEveryStackIncludingTheAdminLoginNoContainerReads() throws Exception {
        assertEquals(List.of("odooAdminLoginPassword", "odooAdminPassword", "postgresPassword"),
                needed().stream().sorted().toList());
    }

    @Test
    void everyPasswordAFullyEquippedStackNeedsButNotItsS3Keys() throws Exception {
        List<String> all = needed("traefikDashboardHost: traefik.opw.localhost", "backup: true",
                "backupRepository: s3:https://s3.example.com/backups/opw");
        List<String> expected = ConfigKeys.ALL.stream().filter(ConfigKey::secret).map(ConfigKey::name)
                .filter(n -> !n.startsWith("backupS3")).sorted().toList();
        assertEquals(expected, all.stream().sorted().toList());
    }
}
