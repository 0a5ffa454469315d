package dev.odoostack.cli;

import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An operator who cannot write under the state root, where this machine checks out the addons, gets one line with
 * both fixes before anything runs. The file system's answers are given: the tests run as root, who writes
 * anywhere (tried for real as a non-root user: docs/operations.md, 'Running as a non-root user').
 */
class LocalAccessTest {
    @TempDir
    Path dir;

    private Settings settings(String... lines) throws Exception {
        Files.writeString(dir.resolve("Pulumi.opw.yaml"), "config:\n" + String.join("", java.util.Arrays.stream(lines)
                .map(l -> "  odoo-stack:" + l + "\n").toList()));
        return SettingsParser.parse("opw", StackFile.read(dir.resolve("Pulumi.opw.yaml")), SecretPolicy.ALLOW_MISSING);
    }

    @Test
    void theDefaultStateRootOwnedByRootIsOneLineWithBothFixes() throws Exception {
        Settings s = settings("odooAddonRepositories:\n    - git@github.com:acme/addons.git main acme");
        Set<Path> present = Set.of(Path.of("/"), Path.of("/var"), Path.of("/var/lib"), Path.of("/var/lib/odoo-stack"));
        assertEquals(Optional.of("odoo-stack:stateRoot /var/lib/odoo-stack: /var/lib/odoo-stack is not writable by user"
                        + " tester, and the addon checkouts go to /var/lib/odoo-stack/opw/addons. Fix: sudo install -d -o"
                        + " tester /var/lib/odoo-stack/opw, or a state root of your own: pulumi config set stateRoot"
                        + " ~/odoo-stack --stack opw"),
                LocalAccess.problem(s, present::contains, p -> false, "tester"));
        assertEquals(Optional.empty(), LocalAccess.problem(s, present::contains, p -> p.equals(Path.of("/var/lib/odoo-stack")), "tester"),
                "the operator owns the state root");
        assertEquals(Optional.empty(), LocalAccess.problem(settings(), present::contains, p -> false, "tester"),
                "without addon repositories this machine writes nothing there: Docker creates the directories");
    }
}
