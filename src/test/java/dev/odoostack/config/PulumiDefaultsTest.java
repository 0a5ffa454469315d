package dev.odoostack.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real Pulumi CLI hands the program every default that Pulumi.yaml declares, as if the stack file set it
 * (sdk/go/common/workspace/config.go, mergeConfig: "we assign the value to that stack"). A stack must mean the same
 * with and without them: no setting may change, and no "only applies when..." problem may appear. (The first
 * `pulumi up -s cm` on the real engine stopped with nine of those.)
 */
class PulumiDefaultsTest {

    static Stream<String[]> stacks() {
        return Stream.of(
                new String[] {"opw", ""},
                new String[] {"cm", ""},
                new String[] {"t01", ""},
                new String[] {"cm", "odoo-stack:production: true\n"},
                new String[] {"t02", "odoo-stack:odooBuild: image\nodoo-stack:odooBaseImage: odoo:17.0\n"},
                new String[] {"opw", "odoo-stack:backup: true\nodoo-stack:backupRepository: /srv/backups/opw\n"});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stacks")
    void aStackMeansTheSameWithTheDefaultsPulumiHandsTheProgram(String stack, String extraLines) throws Exception {
        Map<String, RawValue> asWritten = stackFile(stack, extraLines);
        Map<String, RawValue> asPulumiHandsIt = new TreeMap<>(asWritten);
        for (ConfigKey k : ConfigKeys.ALL) {
            if (SettingsTable.declared(k)) {
                asPulumiHandsIt.putIfAbsent(k.fullName(), RawValue.plain(String.valueOf(k.defaultValue())));
            }
        }
        assertEquals(outcome(stack, asWritten), outcome(stack, asPulumiHandsIt));
    }

    /** The settings, or the problems: what the program does with the stack. */
    private static String outcome(String stack, Map<String, RawValue> raw) {
        try {
            return SettingsParser.parse(stack, raw, SecretPolicy.ALLOW_MISSING).toString();
        } catch (ConfigException e) {
            List<String> problems = new ArrayList<>();
            e.problems().forEach(p -> problems.add(p.message()));
            return String.join("\n", problems);
        }
    }

    private static Map<String, RawValue> stackFile(String stack, String extraLines) throws Exception {
        Path committed = Path.of("Pulumi." + stack + ".yaml");
        String text = java.nio.file.Files.exists(committed) ? java.nio.file.Files.readString(committed) : "config:\n";
        Path file = java.nio.file.Files.createTempFile("stack", ".yaml");
        try {
            StringBuilder all = new StringBuilder(text.stripTrailing()).append('\n');
            extraLines.lines().forEach(l -> all.append("  ").append(l).append('\n'));
            java.nio.file.Files.writeString(file, all.toString());
            return StackFile.read(file);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
