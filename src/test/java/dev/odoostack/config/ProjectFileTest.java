package dev.odoostack.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** Pulumi.yaml and docs/configuration.md must declare exactly the keys the program reads, as it reads them. */
class ProjectFileTest {
    static final JsonNode PROJECT = read();

    static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("Pulumi.yaml").toFile());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void runsThePrebuiltJar() {
        assertEquals("odoo-stack", PROJECT.path("name").asText());
        assertEquals("java", PROJECT.path("runtime").path("name").asText());
        assertEquals("target/odoo-stack.jar", PROJECT.path("runtime").path("options").path("binary").asText());
    }

    @Test
    void declaresEveryKeyWithAFixedDefaultWithItsTypeDefaultAndDescription() {
        JsonNode config = PROJECT.path("config");
        List<String> mismatches = new ArrayList<>();
        TreeSet<String> declared = new TreeSet<>();
        config.fieldNames().forEachRemaining(declared::add);
        TreeSet<String> withDefault = new TreeSet<>();
        ConfigKeys.ALL.stream().filter(k -> k.defaultValue() != null).forEach(k -> withDefault.add(k.name()));
        assertEquals(withDefault, declared, "Pulumi.yaml declares exactly the keys with a fixed default: Pulumi requires"
                + " a declared key without one");
        for (ConfigKey k : ConfigKeys.ALL) {
            if (k.defaultValue() == null) {
                continue;
            }
            JsonNode d = config.path(k.name());
            if (!d.path("type").asText().equals(k.type().pulumiType())) {
                mismatches.add(k.name() + ": type " + d.path("type").asText() + " != " + k.type().pulumiType());
            }
            if (k.type() == ValueType.STRING_LIST && !d.path("items").path("type").asText().equals("string")) {
                mismatches.add(k.name() + ": items must be strings");
            }
            if (!d.path("description").asText().equals(k.description())) {
                mismatches.add(k.name() + ": description differs from ConfigKeys");
            }
            if (d.path("secret").asBoolean(false) != k.secret()) {
                mismatches.add(k.name() + ": secret flag differs");
            }
            JsonNode def = d.path("default");
            if (def.isMissingNode() || !def.asText().equals(String.valueOf(k.defaultValue()))) {
                mismatches.add(k.name() + ": default " + def + " != " + k.defaultValue());
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void keysWithoutAFixedDefaultAreCommentsWithTheirTypeAndDescription() throws Exception {
        String file = Files.readString(Path.of("Pulumi.yaml"));
        List<String> missing = new ArrayList<>();
        for (ConfigKey k : ConfigKeys.ALL) {
            if (k.defaultValue() == null) {
                String comment = "  # " + k.name() + ": (not declared: no fixed default)\n  #   type: " + k.type().pulumiType() + "\n";
                if (!file.contains(comment) || !file.contains("  #   description: " + new ObjectMapper().writeValueAsString(k.description()) + "\n")) {
                    missing.add(k.name());
                }
            }
        }
        assertEquals(List.of(), missing, "Pulumi.yaml leaves out the comment of these keys");
    }

    @Test
    void stackFilesCommitNoSecretValue() throws Exception {
        for (String stack : List.of("opw", "cm")) {
            var raw = StackFile.read(Path.of("Pulumi." + stack + ".yaml"));
            for (ConfigKey k : ConfigKeys.ALL) {
                if (k.secret()) {
                    assertFalse(raw.containsKey(k.fullName()) && raw.get(k.fullName()).readable(),
                            stack + " commits a readable value for " + k.name());
                }
            }
        }
    }

    @Test
    void theConfigurationGuideDocumentsEveryKey() throws Exception {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        List<String> missing = ConfigKeys.ALL.stream().map(ConfigKey::name)
                .filter(n -> !doc.contains("`" + n + "`")).toList();
        assertTrue(missing.isEmpty(), "docs/configuration.md does not mention " + missing);
    }
}
