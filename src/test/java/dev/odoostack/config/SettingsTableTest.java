package dev.odoostack.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
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

    @Test
    void stringDefaultsStayTextForPulumiEvenWhenTheyLookLikeNumbers() {
        ConfigKey branch = new ConfigKey("odooBranch", ValueType.STRING, "18.0", false, "The branch: \"x\".", "18.0");
        String block = SettingsTable.pulumiBlock(List.of(branch));
        assertTrue(block.contains("    default: \"18.0\"\n") && block.contains("    description: \"The branch: \\\"x\\\".\"\n"), block);
    }
}
