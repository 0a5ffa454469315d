package dev.odoostack.commands;

import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fix of a series mismatch names the setting that picks the stack's series: its image, the image it builds FROM, or the branch. */
class CutoverSeriesFixTest {

    private static Settings settings(String... keyValues) {
        Map<String, RawValue> raw = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put("odoo-stack:" + keyValues[i], RawValue.plain(keyValues[i + 1]));
        }
        return SettingsParser.parse("opw", raw, SecretPolicy.ALLOW_MISSING);
    }

    @Test
    void aPublishedImageIsPickedByOdooImage() {
        assertEquals("pulumi config set odooImage registry.example.com:5000/odoo:16.0 --stack opw",
                Cutover.runSeries(settings("odooImage", "registry.example.com:5000/odoo:18.0"), "16.0"));
        assertEquals("pulumi config set odooImage odoo:16.0 --stack opw", Cutover.runSeries(settings(), "16.0"));
    }

    @Test
    void aBuildFromABaseImageIsPickedByOdooBaseImage() {
        assertEquals("pulumi config set odooBaseImage ghcr.io/adomi-io/odoo:16.0 --stack opw",
                Cutover.runSeries(settings("odooBuild", "image", "odooBaseImage", "ghcr.io/adomi-io/odoo:19.0"), "16.0"));
    }

    @Test
    void aBuildFromSourceIsPickedByOdooBranch() {
        assertEquals("pulumi config set odooBranch 16.0 --stack opw",
                Cutover.runSeries(settings("odooBuild", "source", "odooBranch", "18.0"), "16.0"));
    }
}
