package dev.odoostack.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings, declared once in {@link ConfigKeys}, written out where Pulumi and the operator read them: the
 * {@code config:} block of {@code Pulumi.yaml} (Pulumi's schema: type, default, secret, description; the keys
 * without a fixed default as comments, see {@link #pulumiBlock}) and the key table of {@code docs/configuration.md}. {@code bin/odoo-stack settings --write} rewrites both; a test fails when
 * either is stale.
 */
public final class SettingsTable {
    public static final Path PROJECT_FILE = Path.of("Pulumi.yaml");
    public static final Path GUIDE = Path.of("docs/configuration.md");
    static final String TABLE_START = "<!-- the key table is generated from ConfigKeys: bin/odoo-stack settings --write -->";
    static final String TABLE_END = "<!-- end of the generated key table -->";
    static final String BLOCK_START = "# Every setting a stack file may hold, generated from ConfigKeys (bin/odoo-stack settings --write);\n"
            + "# docs/configuration.md explains each with an example.\n"
            + "# Pulumi requires every key declared here that has no default: `pulumi up` would stop with \"Stack 'cm' is\n"
            + "# missing configuration values ...\". So a setting without a fixed default (the program derives it, it is\n"
            + "# optional, or it is a password) stays a comment, in its place; Pulumi hands it to the program as the stack\n"
            + "# file sets it, and the program checks it.\n"
            + "config:\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SettingsTable() {
    }

    /**
     * Pulumi.yaml's {@code config:} block; strings are JSON-quoted, which YAML reads as written (18.0 stays text).
     * Only the keys with a fixed default are declared: Pulumi takes a declared project key without a default (or
     * a value) as required, whatever its type (sdk/go/common/workspace/config.go, mergeConfig), and its schema has
     * no way to declare a key optional. The others are written as comments, with their type and description.
     */
    public static String pulumiBlock(List<ConfigKey> keys) {
        StringBuilder out = new StringBuilder(BLOCK_START);
        for (ConfigKey k : keys) {
            boolean declared = declared(k);
            String indent = declared ? "    " : "  #   ";
            out.append(declared ? "  " + k.name() + ":\n" : "  # " + k.name() + ": (not declared: no fixed default)\n");
            out.append(indent).append("type: ").append(k.type().pulumiType()).append('\n');
            if (k.type() == ValueType.STRING_LIST) {
                out.append(indent).append("items: {type: string}\n");
            }
            if (declared) {
                out.append(indent).append("default: ").append(k.defaultValue() instanceof String v ? quoted(v) : k.defaultValue()).append('\n');
            }
            if (k.secret()) {
                out.append(indent).append("secret: true\n");
            }
            out.append(indent).append("description: ").append(quoted(k.description())).append('\n');
        }
        return out.toString();
    }

    /**
     * Whether Pulumi.yaml declares the key: only with a fixed default, since Pulumi requires a declared key that
     * has none (a stack file that leaves it out fails {@code pulumi up} before the program runs).
     */
    public static boolean declared(ConfigKey k) {
        return k.defaultValue() != null;
    }

    /** The key table of the configuration guide, with its markers. */
    public static String guideTable(List<ConfigKey> keys) {
        StringBuilder out = new StringBuilder(TABLE_START).append("\n\n| key | type | default |\n|---|---|---|\n");
        for (ConfigKey k : keys) {
            out.append("| `").append(k.name()).append("` | ").append(typeText(k)).append(" | ").append(defaultText(k)).append(" |\n");
        }
        return out.append('\n').append(TABLE_END).toString();
    }

    static String typeText(ConfigKey k) {
        String type = switch (k.type()) {
            case STRING_LIST -> "list of strings";
            default -> k.type().pulumiType();
        };
        return k.secret() ? type + ", **secret**" : type;
    }

    static String defaultText(ConfigKey k) {
        if (k.defaultValue() == null) {
            if (k.shownDefault() == null) {
                throw new IllegalStateException(k.name() + " has no default: ConfigKeys must say how the docs show it (.shown)");
            }
            return k.shownDefault();
        }
        return "`" + k.defaultValue() + "`" + (k.shownDefault() == null ? "" : " " + k.shownDefault());
    }

    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pulumi.yaml with its config block generated: everything before the block is kept as written. */
    public static String projectFile(String current, List<ConfigKey> keys) {
        int at = current.indexOf(BLOCK_START);
        if (at < 0) {
            at = current.indexOf("\nconfig:\n");
            if (at < 0) {
                throw new IllegalArgumentException("Pulumi.yaml has no config: block to generate");
            }
            at = commentStart(current, at + 1);
        }
        return current.substring(0, at) + pulumiBlock(keys);
    }

    /** The comment lines right above a line, so that a hand-written header of the block is replaced too. */
    private static int commentStart(String text, int lineStart) {
        int at = lineStart;
        while (at > 0) {
            int prev = text.lastIndexOf('\n', at - 2) + 1;
            if (!text.startsWith("#", prev)) {
                break;
            }
            at = prev;
        }
        return at;
    }

    /** The guide with its key table generated between the markers. */
    public static String guide(String current, List<ConfigKey> keys) {
        int start = current.indexOf(TABLE_START);
        int end = current.indexOf(TABLE_END);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(GUIDE + " has no generated key table (markers " + TABLE_START + ")");
        }
        return current.substring(0, start) + guideTable(keys) + current.substring(end + TABLE_END.length());
    }

    /** Rewrites both files of the project; returns the ones that changed. */
    public static List<Path> write(Path projectDir) throws IOException {
        List<Path> changed = new java.util.ArrayList<>();
        rewrite(projectDir.resolve(PROJECT_FILE), text -> projectFile(text, ConfigKeys.ALL), changed);
        rewrite(projectDir.resolve(GUIDE), text -> guide(text, ConfigKeys.ALL), changed);
        return changed;
    }

    private static void rewrite(Path file, java.util.function.UnaryOperator<String> generate, List<Path> changed)
            throws IOException {
        String text = Files.readString(file);
        String generated = generate.apply(text);
        if (!generated.equals(text)) {
            Files.writeString(file, generated);
            changed.add(file);
        }
    }
}
