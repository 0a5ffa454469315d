package dev.odoostack.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.DuplicateKeyException;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a stack's settings straight from {@code Pulumi.<stack>.yaml}, for the offline plan and the tests. Values
 * arrive as the Pulumi engine would hand them to the program: scalars as text, lists and objects as JSON, and
 * {@code secure:} values as encrypted secrets (no passphrase is at hand offline). The YAML rules are Pulumi's (Go's
 * yaml.v3: YAML 1.2's core schema, so {@code yes} and {@code on} are text), and a key written twice is refused as
 * Pulumi refuses it, instead of the last one silently winning.
 */
public final class StackFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StackFile() {
    }

    /** @throws IllegalArgumentException when a stack file's name is given where its stack name belongs */
    public static Path path(Path projectDir, String stack) {
        java.util.regex.Matcher file = STACK_FILE_NAME.matcher(stack);
        if (file.matches()) {
            throw new IllegalArgumentException(stack + " is a stack file; give its stack name instead (the file's middle part): "
                    + file.group(1));
        }
        return projectDir.resolve("Pulumi." + stack + ".yaml");
    }

    private static final java.util.regex.Pattern STACK_FILE_NAME = java.util.regex.Pattern.compile("(?:.*/)?Pulumi\\.([^/]+)\\.ya?ml");

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
        Object root;
        try {
            root = new Load(LoadSettings.builder().setSchema(new CoreSchema()).setAllowDuplicateKeys(false)
                    .setLabel(file.getFileName().toString()).build()).loadFromString(Files.readString(file));
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException(file + ": " + where(e) + "the key " + e.getProblem()
                    .replaceFirst("^found duplicate key ", "") + " is written twice; keep one of them", e);
        } catch (MarkedYamlEngineException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + where(e) + e.getProblem(), e);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
        if (root instanceof Map<?, ?> top && top.containsKey("config") && top.get("config") == null) {
            return new TreeMap<>(); // "config:" written, with nothing under it yet: every default, on purpose
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("config") instanceof Map<?, ?> config)) {
            // without it every setting would silently take its default
            throw new IllegalArgumentException(file + ": " + (root instanceof Map<?, ?> m && m.containsKey("config")
                    ? "'config' must be a map of key: value"
                    : "no 'config:' map, so no setting at all; settings go under config:, e.g. config: {odoo-stack:odooWorkers: 4}"));
        }
        Map<String, RawValue> values = new TreeMap<>();
        for (Map.Entry<?, ?> e : config.entrySet()) {
            values.put(fullKey(String.valueOf(e.getKey())), toRaw(e.getValue()));
        }
        return values;
    }

    /**
     * Sets one of the stack's keys in its file as text, keeping every other line, comment and its order: the line of
     * the key replaced where it is written, else added first under {@code config:}. Written whole or not at all, then
     * read back.
     *
     * @param value the value, or null to remove the key's line
     * @throws IllegalArgumentException naming the file when it has no block {@code config:} map to edit
     */
    public static void set(Path file, ConfigKey key, String value) {
        java.util.List<String> lines = new java.util.ArrayList<>(lines(file));
        java.util.regex.Pattern keyLine = java.util.regex.Pattern.compile("^(\\s+)[\"']?(" + java.util.regex.Pattern.quote(key.fullName())
                + "|" + java.util.regex.Pattern.quote(key.name()) + ")[\"']?\\s*:.*$");
        int config = lines.indexOf("config:");
        if (config < 0 && value == null) {
            return; // nothing to remove
        }
        if (config < 0) {
            throw new IllegalArgumentException(file + ": no block 'config:' map to set " + key.fullName() + " in; set it with: "
                    + "pulumi config set " + key.name() + " '" + value + "' --stack " + stackOf(file));
        }
        String indent = "  ";
        boolean childSeen = false;
        int at = -1;
        for (int i = config + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank() || l.strip().startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(l.charAt(0))) {
                break; // the next top-level key: config's map ended
            }
            java.util.regex.Matcher m = keyLine.matcher(l);
            if (m.matches()) {
                at = i;
                indent = m.group(1);
                break;
            }
            if (!childSeen) {
                indent = l.substring(0, l.length() - l.stripLeading().length()); // as the keys already there are
                childSeen = true;
            }
        }
        String line;
        try {
            line = value == null ? null : indent + key.fullName() + ": " + JSON.writeValueAsString(value); // JSON's string is YAML's
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (at >= 0 && line == null) {
            lines.remove(at);
        } else if (at >= 0) {
            lines.set(at, line);
        } else if (line != null) {
            lines.add(config + 1, line);
        } else {
            return;
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.write(tmp, lines);
            // as the file was: its secrets are encrypted, but it is the operator's file, with the operator's mode
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be written", e);
        }
        RawValue back = read(file).get(key.fullName());
        if (value == null ? back != null : back == null || !value.equals(back.text())) {
            throw new IllegalStateException(file + ": " + key.fullName() + " reads back as " + (back == null ? "missing" : back.text()));
        }
    }

    private static java.util.List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
    }

    private static String stackOf(Path file) {
        java.util.regex.Matcher m = STACK_FILE_NAME.matcher(file.toString());
        return m.matches() ? m.group(1) : file.getFileName().toString();
    }

    private static String where(MarkedYamlEngineException e) {
        return e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ": ").orElse("");
    }

    // Pulumi accepts a bare key in a stack file as belonging to the project.
    private static String fullKey(String key) {
        return key.contains(":") ? key : ConfigKey.NAMESPACE + ":" + key;
    }

    private static RawValue toRaw(Object v) {
        if (v instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("secure")) {
            return RawValue.encrypted();
        }
        if (v == null) {
            return RawValue.plain("");
        }
        if (!(v instanceof Map) && !(v instanceof java.util.List)) {
            return RawValue.plain(String.valueOf(v));
        }
        try {
            return RawValue.plain(JSON.writeValueAsString(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
