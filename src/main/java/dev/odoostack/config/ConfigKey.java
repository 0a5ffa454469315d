package dev.odoostack.config;

import javax.annotation.Nullable;

/**
 * One stack setting: its name inside the project namespace, type, default and meaning.
 *
 * @param name         the key as typed after {@code pulumi config set}, e.g. {@code odoo.workers}
 * @param defaultValue the default as Pulumi.yaml declares it, or null where the default depends on the stack
 * @param secret       true when the value must be a Pulumi secret
 * @param example      a value to show in a fix, for keys without a default
 * @param shownDefault how the docs' key table shows the default: the derived default of a key without one
 *                     (e.g. "the stack name"), or a note after a fixed one (e.g. "(seconds)")
 */
public record ConfigKey(String name, ValueType type, @Nullable Object defaultValue, boolean secret,
                        String description, String example, @Nullable String shownDefault) {

    public ConfigKey(String name, ValueType type, @Nullable Object defaultValue, boolean secret,
                     String description, String example) {
        this(name, type, defaultValue, secret, description, example, null);
    }

    /** The same key, with the docs' text for its default. */
    public ConfigKey shown(String text) {
        return new ConfigKey(name, type, defaultValue, secret, description, example, text);
    }

    public static final String NAMESPACE = "odoo-stack";

    /** The key as Pulumi stores it, e.g. {@code odoo-stack:odoo.workers}. */
    public String fullName() {
        return NAMESPACE + ":" + name;
    }

    /** The command that sets this key on a stack, for error messages. */
    public String setCommand(String stack, String value) {
        String shown = value.isEmpty() || value.matches(".*[\\s\"'$`\\[\\]{}*].*")
                ? "'" + value.replace("'", "'\\''") + "'" : value;
        if (type == ValueType.STRING_LIST) {
            return "pulumi config set --path '" + name + "[0]' " + shown + " --stack " + stack;
        }
        return "pulumi config set " + (secret ? "--secret " : "") + name + " " + shown + " --stack " + stack;
    }
}
