package dev.odoostack.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every setting is declared once, in ConfigKeys; Pulumi.yaml and the guide's key table are written from it. */
class SettingsTableTest {
    static final String FIX = ": run bin/odoo-stack settings --write and commit the result";

    @Test
    void pulumiYamlsConfigBlockIsTheOneGeneratedFromConfigKeys() throws Exception {
        String file = Files.readString(SettingsTable.PROJECT_FILE);
        assertEquals(SettingsTable.projectFile(file, ConfigKeys.ALL), file, "Pulumi.yaml is stale" + FIX);
    }

    @Test
    void theGuidesKeyTableIsTheOneGeneratedFromConfigKeys() throws Exception {
        String file = Files.readString(SettingsTable.GUIDE);
        assertEquals(SettingsTable.guide(file, ConfigKeys.ALL), file, "docs/configuration.md is stale" + FIX);
    }

    @Test
    void aKeyWithoutADefaultMustSayHowTheDocsShowIt() {
        ConfigKey bare = new ConfigKey("odooSomething", ValueType.STRING, null, false, "A key.", "x");
        var e = assertThrows(IllegalStateException.class, () -> SettingsTable.guideTable(List.of(bare)));
        assertTrue(e.getMessage().contains("odooSomething"), e.getMessage());
        assertTrue(SettingsTable.guideTable(List.of(bare.shown("the stack name"))).contains("| `odooSomething` | string | the stack name |"));
    }

    /**
     * Pulumi's rule, as its source has it (sdk/go/common/workspace/config.go, mergeConfig, v3.253.0): a key of the
     * project's namespace (bare, or {@code <project>:key}) that the project declares with neither {@code default}
     * nor {@code value} is required: a stack file without it fails {@code pulumi up}, {@code preview} and the rest
     * before the program runs ("Stack 'cm' is missing configuration values ..."). The key's {@code type} plays no
     * part; a bare value ({@code key: 3}) is short for a default (project.go, RewriteShorthandConfigValues); a key
     * of another namespace is never required.
     */
    static List<String> requiredByPulumi(String projectYaml, String project) throws Exception {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(projectYaml).path("config");
        List<String> required = new ArrayList<>();
        config.fields().forEachRemaining(e -> {
            String key = e.getKey();
            boolean ours = !key.contains(":") || key.startsWith(project + ":");
            JsonNode d = e.getValue();
            boolean hasDefault = !d.path("default").isMissingNode() && !d.path("default").isNull();
            boolean hasValue = !d.path("value").isMissingNode() && !d.path("value").isNull();
            if (ours && d.isObject() && !hasDefault && !hasValue) {
                required.add(key);
            }
        });
        return required;
    }

    @Test
    void pulumiRequiresNoSetting() throws Exception {
        assertEquals(List.of(), requiredByPulumi(SettingsTable.pulumiBlock(ConfigKeys.ALL), ConfigKey.NAMESPACE),
                "Pulumi would refuse every stack file without these keys; a key without a fixed default must not be declared");
        assertEquals(List.of(), requiredByPulumi(Files.readString(SettingsTable.PROJECT_FILE), ConfigKey.NAMESPACE),
                "Pulumi.yaml");
    }

    @Test
    void theRuleFindsWhatPulumiRequires() throws Exception {
        // the block as it was: an optional key declared with its type and no default, which Pulumi refused
        String old = """
                name: odoo-stack
                config:
                  odooEgress:
                    type: boolean
                    description: "Whether Odoo may reach anything outside the stack."
                  odooDbName:
                    description: "Without a type as well."
                  odoo-stack:backupPassword:
                    type: string
                    secret: true
                  odooWorkers:
                    type: integer
                    default: 2
                  odooLogLevel: info
                  docker:host:
                    value: ssh://deploy@server
                """;
        assertEquals(List.of("odooEgress", "odooDbName", "odoo-stack:backupPassword"), requiredByPulumi(old, "odoo-stack"));
        String block = SettingsTable.pulumiBlock(List.of(ConfigKeys.ALL.stream().filter(k -> k.name().equals("odooEgress")).findFirst().orElseThrow()));
        assertEquals(List.of(), requiredByPulumi(block, "odoo-stack"));
        assertTrue(block.contains("  # odooEgress: (not declared: no fixed default)\n  #   type: boolean\n"), block);
    }

    @Test
    void stringDefaultsStayTextForPulumiEvenWhenTheyLookLikeNumbers() {
        ConfigKey branch = new ConfigKey("odooBranch", ValueType.STRING, "18.0", false, "The branch: \"x\".", "18.0");
        String block = SettingsTable.pulumiBlock(List.of(branch));
        assertTrue(block.contains("    default: \"18.0\"\n") && block.contains("    description: \"The branch: \\\"x\\\".\"\n"), block);
    }
}
