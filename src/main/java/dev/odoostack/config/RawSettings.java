package dev.odoostack.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stack's raw values and the problems found reading them, shared by the parsers of each group of settings: each
 * reads its keys through here and adds what is wrong, so every problem is reported at once, in the order found.
 * A value that is wrong is reported and replaced by the key's default, so the parsing can go on.
 */
final class RawSettings {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String stack;
    final SecretPolicy secrets;
    private final Map<String, RawValue> raw;
    private final List<Problem> problems = new ArrayList<>();

    RawSettings(String stack, Map<String, RawValue> raw, SecretPolicy secrets) {
        this.stack = stack;
        this.raw = raw;
        this.secrets = secrets;
    }

    // --- the problems ---

    void add(Problem problem) {
        problems.add(problem);
    }

    List<Problem> problems() {
        return problems;
    }

    long problemsFor(ConfigKey key) {
        return problems.stream().filter(p -> p.key().equals(key.fullName())).count();
    }

    /** A refused value; the fix sets the key's example (a list's item: at that item's place in the list). */
    void bad(ConfigKey key, String value, String why) {
        int index = key.type() == ValueType.STRING_LIST ? Math.max(0, itemsAsWritten(key).indexOf(value)) : 0;
        badAt(key, index, value, why);
    }

    void badAt(ConfigKey key, int index, String value, String why) {
        badAt(key, index, value, why, key.exampleFor(stack), null);
    }

    /** A refused value whose fix sets a value computed from the one refused. */
    void bad(ConfigKey key, String value, String why, String fixValue, String note) {
        int index = key.type() == ValueType.STRING_LIST ? Math.max(0, itemsAsWritten(key).indexOf(value)) : 0;
        badAt(key, index, value, why, fixValue, note);
    }

    /** @param note said after the command, in parentheses (not part of what is pasted); null for none */
    void badAt(ConfigKey key, int index, String value, String why, String fixValue, String note) {
        // the example is no fix when it is the very value refused: the key's section says what it takes
        String fix = value.strip().equals(fixValue)
                ? "docs/configuration.md#" + key.name().toLowerCase(Locale.ROOT) + " says which values it takes"
                : key.setCommand(stack, fixValue, index) + (note == null ? "" : " (" + note + ")");
        problems.add(new Problem(key.fullName(), '"' + value + '"', why, fix));
    }

    /** Problems already reported for a key that is no setting, such as "stack". */
    long problemsFor(String fullKey) {
        return problems.stream().filter(p -> p.key().equals(fullKey)).count();
    }

    /**
     * A path that is wrong as written, reported with the machine it is on and a fix computed from it: a '~' is the
     * home directory of the user on that machine where it is knowable (never expanded silently: the fix says it).
     *
     * @param home the home directory on the key's machine, or null where it is not known here
     */
    void badPath(ConfigKey key, String value, String why, String home) {
        String machine = ValueChecks.machine(key);
        String fixValue = null;
        String note = null;
        if (value.startsWith("~/") || value.equals("~")) {
            if (home != null) {
                fixValue = home + value.substring(1);
                note = "'~' is the home directory on " + machine + ", " + home;
            }
        } else if (!value.startsWith("/") && !value.startsWith("~")) {
            fixValue = "/" + value;
        } else if (!value.matches(".*[:,\\s].*")) {
            fixValue = java.nio.file.Path.of(value).normalize().toString();
        }
        if (fixValue != null && ValueChecks.pathProblem(fixValue, machine) != null) {
            fixValue = null;
        }
        if (fixValue == null) {
            fixValue = key.exampleFor(stack);
            note = "a directory on " + machine;
        }
        bad(key, value, why, fixValue, note);
    }

    /** The home directory of the user running this program: the machine running Pulumi. */
    static String pulumiHome() {
        return System.getProperty("user.home");
    }

    /** Whether the Docker host is this machine (no docker:host, or a unix:// socket). */
    boolean dockerHostIsLocal() {
        RawValue v = raw.get(SettingsParser.DOCKER_HOST);
        return v == null || v.text() == null || v.text().isBlank() || v.text().strip().startsWith("unix://");
    }

    /**
     * Keys that are set although the setting they belong to is off: each is a mistake worth naming. A value equal to
     * the key's default is none: the real Pulumi CLI hands every default Pulumi.yaml declares to the program as if
     * the stack file set it, and such a value changes nothing anyway.
     */
    void notApplicable(List<ConfigKey> keys, String why, Function<ConfigKey, String> fix) {
        for (ConfigKey k : keys) {
            if (setOtherThanDefault(k)) {
                problems.add(new Problem(k.fullName(), raw.get(k.fullName()).toString(), why, fix.apply(k)));
            }
        }
    }

    // --- the values, one reader per type ---

    boolean has(String fullKey) {
        return raw.containsKey(fullKey);
    }

    boolean has(ConfigKey key) {
        return has(key.fullName());
    }

    /**
     * Set, and to something else than its default. The real Pulumi CLI hands the program every default Pulumi.yaml
     * declares as if the stack file set it, so "set" alone cannot tell an operator's choice from the default.
     */
    boolean setOtherThanDefault(ConfigKey key) {
        RawValue v = raw.get(key.fullName());
        return v != null && !(key.defaultValue() != null && String.valueOf(key.defaultValue()).equals(v.text()));
    }

    /** The value as stored, for keys outside this project's namespace and for showing one back. */
    RawValue get(String fullKey) {
        return raw.get(fullKey);
    }

    java.util.Set<String> fullKeys() {
        return raw.keySet();
    }

    Optional<String> text(ConfigKey key) {
        RawValue v = raw.get(key.fullName());
        if (v == null) {
            return Optional.empty();
        }
        if (v.secret() && !key.secret()) {
            problems.add(new Problem(key.fullName(), "[secret]", "this setting is not a password and must be plain text",
                    key.setCommand(stack, key.example()).replace("--secret ", "")));
            return Optional.empty();
        }
        return Optional.ofNullable(v.text());
    }

    /** The text, stripped; null when not set. */
    String stripped(ConfigKey key) {
        return text(key).map(String::strip).orElse(null);
    }

    String string(ConfigKey key) {
        return text(key).map(String::strip).orElse((String) key.defaultValue());
    }

    int integer(ConfigKey key, int min, int max) {
        int fallback = key.defaultValue() == null ? 0 : ((Long) key.defaultValue()).intValue();
        Optional<String> t = text(key);
        if (t.isEmpty()) {
            return fallback;
        }
        String s = t.get().strip();
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            bad(key, s, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        if (n < min || n > max) {
            bad(key, s, "must be from " + min + " to " + max);
            return fallback;
        }
        return (int) n;
    }

    boolean bool(ConfigKey key) {
        return boolOr(key, (Boolean) key.defaultValue());
    }

    boolean boolOr(ConfigKey key, boolean fallback) {
        Optional<String> t = text(key);
        if (t.isEmpty()) {
            return fallback;
        }
        String s = t.get().strip();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        bad(key, s, List.of("yes", "no", "on", "off", "y", "n").contains(s.toLowerCase(Locale.ROOT))
                ? "must be true or false: Pulumi reads stack files as YAML 1.2, where " + s + " is text, not a boolean"
                : "must be true or false");
        return fallback;
    }

    /** One of a mode's values, as the stack file spells it; a wrong one is reported and the default (or null) taken. */
    <E extends Enum<E> & Mode> E mode(ConfigKey key, Class<E> type) {
        String s = string(key);
        List<E> values = Arrays.asList(type.getEnumConstants());
        for (E v : values) {
            if (v.key().equals(s)) {
                return v;
            }
        }
        bad(key, s, "must be one of " + String.join(", ", values.stream().map(Mode::key).toList()));
        return values.stream().filter(v -> v.key().equals(key.defaultValue())).findFirst().orElse(null);
    }

    /** A list key's items as written, for pointing at one; nothing reported (list() does that). */
    List<String> itemsAsWritten(ConfigKey key) {
        RawValue v = raw.get(key.fullName());
        List<String> out = new ArrayList<>();
        try {
            JsonNode node = v == null || v.text() == null ? null : JSON.readTree(v.text().strip());
            if (node != null && node.isArray()) {
                node.forEach(item -> out.add(item.asText().strip()));
            }
        } catch (JsonProcessingException e) {
            // not a list: no item to point at
        }
        return out;
    }

    List<String> list(ConfigKey key) {
        Optional<String> t = text(key);
        if (t.isEmpty()) {
            return List.of();
        }
        String s = t.get().strip();
        try {
            JsonNode node = JSON.readTree(s);
            if (node != null && node.isArray()) {
                return strings(key, s, node);
            }
        } catch (JsonProcessingException e) {
            // a bare word is not JSON: reported below as "not a list"
        }
        problems.add(new Problem(key.fullName(), '"' + s + '"', "must be a list",
                "pulumi config set --path '" + key.name() + "[0]' " + key.exampleFor(stack) + " --stack " + stack
                        + " (or a YAML list under " + key.fullName() + " in Pulumi." + stack + ".yaml)"));
        return List.of();
    }

    private List<String> strings(ConfigKey key, String s, JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                bad(key, s, "every item must be a string");
                return List.of();
            }
            out.add(item.asText().strip());
        }
        return out;
    }

    String absolutePath(ConfigKey key) {
        String s = string(key);
        String why = ValueChecks.pathProblem(s, ValueChecks.machine(key));
        if (why != null) {
            badPath(key, s, why, dockerHostIsLocal() ? pulumiHome() : null);
            return (String) key.defaultValue();
        }
        return ValueChecks.withoutTrailingSlash(s);
    }

    String image(ConfigKey key) {
        String s = string(key);
        if (!ValueChecks.IMAGE.matcher(s).matches()) {
            bad(key, s, "is not a Docker image reference (name[:tag][@sha256:digest], lower-case name)");
            return (String) key.defaultValue();
        }
        return s;
    }

    /** A password: stored as a Pulumi secret, long enough; see {@link SecretReader}. */
    Secret secret(ConfigKey key) {
        return new SecretReader(this).read(key);
    }
}
