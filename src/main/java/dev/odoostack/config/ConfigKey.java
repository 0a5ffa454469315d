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

    /**
     * The example as a fix for a given stack: the examples speak of opw (a host name, a database, a directory), and a
     * fix for another stack must name that stack, not opw.
     */
    public String exampleFor(String stack) {
        return example.replace("opw", stack);
    }

    /** The key as Pulumi stores it, e.g. {@code odoo-stack:odoo.workers}. */
    public String fullName() {
        return NAMESPACE + ":" + name;
    }

    /** The command that sets this key on a stack, for error messages (a list: its first item). */
    public String setCommand(String stack, String value) {
        return setCommand(stack, value, 0);
    }

    /**
     * The command that sets this key, or one item of a list key, on a stack, for error messages: pasted into a
     * shell it does what it says. A password never goes on a command line (shell history, the process list):
     * Pulumi reads it from the terminal, or from stdin when piped.
     */
    public String setCommand(String stack, String value, int index) {
        if (secret) {
            return "pulumi config set --secret " + name + " --stack " + stack
                    + " (it asks for the value; or pipe one in: openssl rand -base64 24 | tr -d '\\n' | pulumi config set --secret "
                    + name + " --stack " + stack + ")";
        }
        // a leading ~/ stays bare: the shell makes it the operator's home, as a suggested ~/odoo-stack means
        String shown = value.isEmpty() || value.matches(".*[\\s\"'$`\\[\\]{}*?;&|<>()\\\\!#].*")
                ? "'" + value.replace("'", "'\\''") + "'" : value;
        if (type == ValueType.STRING_LIST) {
            return "pulumi config set --path '" + name + "[" + index + "]' " + shown + " --stack " + stack;
        }
        return "pulumi config set " + name + " " + shown + " --stack " + stack;
    }
}
