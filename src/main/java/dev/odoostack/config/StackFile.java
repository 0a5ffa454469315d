package dev.odoostack.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a stack's settings straight from {@code Pulumi.<stack>.yaml}, for the offline plan and the tests. Values
 * arrive as the Pulumi engine would hand them to the program: scalars as text, lists and objects as JSON, and
 * {@code secure:} values as encrypted secrets (no passphrase is at hand offline).
 */
public final class StackFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private StackFile() {
    }

    public static Path path(Path projectDir, String stack) {
        return projectDir.resolve("Pulumi." + stack + ".yaml");
    }

    /** The first 16 hex digits of the SHA-256 of the file's bytes: names the stack file a rendering came from. */
    public static String digest(Path file) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return java.util.HexFormat.of().formatHex(h).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException naming the file when it is missing or not a stack file */
    public static Map<String, RawValue> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such stack file (expected Pulumi.<stack>.yaml in the project directory)");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
        Map<String, RawValue> values = new TreeMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        JsonNode config = root.path("config");
        if (config.isMissingNode() || config.isNull()) {
            return values;
        }
        if (!config.isObject()) {
            throw new IllegalArgumentException(file + ": 'config' must be a map of key: value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(fullKey(e.getKey()), toRaw(e.getValue()));
        }
        return values;
    }

    // Pulumi accepts a bare key in a stack file as belonging to the project.
    private static String fullKey(String key) {
        return key.contains(":") ? key : ConfigKey.NAMESPACE + ":" + key;
    }

    private static RawValue toRaw(JsonNode v) {
        if (v.isObject() && v.size() == 1 && v.has("secure")) {
            return RawValue.encrypted();
        }
        if (v.isValueNode()) {
            return RawValue.plain(v.isNull() ? "" : v.asText());
        }
        try {
            return RawValue.plain(JSON.writeValueAsString(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
