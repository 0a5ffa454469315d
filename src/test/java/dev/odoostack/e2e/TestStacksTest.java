package dev.odoostack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real-engine suite's stack files differ from the committed ones only in the keys that need access the test
 * machine lacks, and docs/testing.md names exactly those keys. Fast: no engine (it runs with the unit tests).
 */
class TestStacksTest {
    @TempDir
    Path tmp;

    /** The keys whose value in the suite's stack file differs from the committed one, state root aside. */
    static Set<String> differingKeys(String stack, Path tmp) {
        ObjectNode real = TestStacks.config(TestStacks.REPO.resolve("Pulumi." + stack + ".yaml"));
        ObjectNode suite = TestStacks.config(write(stack, tmp));
        Set<String> keys = new TreeSet<>();
        real.fieldNames().forEachRemaining(keys::add);
        suite.fieldNames().forEachRemaining(keys::add);
        keys.remove("odoo-stack:stateRoot");
        keys.removeIf(k -> java.util.Objects.equals(real.get(k), suite.get(k)));
        return keys;
    }

    static Path write(String stack, Path tmp) {
        try {
            Path file = tmp.resolve("Pulumi." + stack + ".yaml");
            Files.writeString(file, TestStacks.stackFile(stack, tmp.resolve("fixtures"), tmp.resolve("state"), List.of()));
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The keys docs/testing.md's table of replaced keys names for a stack. */
    static Set<String> documented(String stack) throws Exception {
        String doc = Files.readString(TestStacks.REPO.resolve("docs/testing.md"));
        String section = doc.substring(doc.indexOf("## The suite's stack files"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Set<String> keys = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `" + stack + "` \\| (`(\\w+)`|none) \\|").matcher(section);
        while (row.find()) {
            if (row.group(2) != null) {
                keys.add("odoo-stack:" + row.group(2));
            }
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void theSuiteReplacesOnlyKeysThatNeedAccessItLacksAndTheDocsNameThem(String stack) throws Exception {
        Set<String> expected = stack.equals("opw") ? Set.of("odoo-stack:odooAddonRepositories") : Set.of();
        assertEquals(expected, differingKeys(stack, tmp), "keys the suite's " + stack + " changes of Pulumi." + stack + ".yaml");
        assertEquals(expected, documented(stack), "docs/testing.md, \"The suite's stack files\", for " + stack);
        // a replacement, never an addition: the real file sets every key the suite replaces
        ObjectNode real = TestStacks.config(TestStacks.REPO.resolve("Pulumi." + stack + ".yaml"));
        TestStacks.overrides(stack, tmp).fieldNames().forEachRemaining(k -> assertTrue(real.has(k), k + " is not in Pulumi." + stack + ".yaml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void theSuitesStackFileIsValidAndKeepsTheRealTargetsShape(String stack) {
        Settings real = SettingsParser.parse(stack, StackFile.read(TestStacks.REPO.resolve("Pulumi." + stack + ".yaml")), SecretPolicy.ALLOW_MISSING);
        Settings suite = SettingsParser.parse(stack, StackFile.read(write(stack, tmp)), SecretPolicy.ALLOW_MISSING);
        assertEquals(real.odoo().flavour(), suite.odoo().flavour());
        assertEquals(real.odoo().build(), suite.odoo().build(), "built as for real (FROM the stand-in of the same name)");
        assertEquals(real.restore(), suite.restore(), "the same restore, run only when asked");
        assertFalse(suite.restore().orElseThrow().onFirstUp(), "an up of the real targets never contacts production");
        assertEquals(real.odoo().addonRepositories().stream().map(r -> r.ref() + " " + r.dir()).toList(),
                suite.odoo().addonRepositories().stream().map(r -> r.ref() + " " + r.dir()).toList(),
                "the same branches in the same directories");
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void aTestsOwnLineReplacesItsKey(String stack) throws Exception {
        String text = TestStacks.stackFile(stack, tmp, tmp.resolve("state"), List.of("odoo-stack:odooWorkers: 6",
                "odoo-stack:odooDomains:", "    - other.localhost"));
        JsonNode config = TestStacks.config(Files.writeString(tmp.resolve("f.yaml"), text));
        assertEquals(6, config.get("odoo-stack:odooWorkers").asInt());
        assertEquals("[\"other.localhost\"]", config.get("odoo-stack:odooDomains").toString());
        assertEquals(1, text.lines().filter(l -> l.contains("odoo-stack:odooWorkers")).count(), text);
    }
}
