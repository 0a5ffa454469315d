package dev.odoostack.config;

import javax.annotation.Nullable;

/**
 * A value as the stack configuration holds it, before validation.
 *
 * @param text   the value's text (lists and objects as JSON, the way Pulumi hands them to a program), or null for
 *               an encrypted value that cannot be read here (the offline plan has no passphrase)
 * @param secret whether the value is stored as a Pulumi secret
 */
public record RawValue(@Nullable String text, boolean secret) {

    public static RawValue plain(String text) {
        return new RawValue(text, false);
    }

    public static RawValue secret(String text) {
        return new RawValue(text, true);
    }

    /** A {@code secure:} value read from a stack file without its key. */
    public static RawValue encrypted() {
        return new RawValue(null, true);
    }

    public boolean readable() {
        return text != null;
    }

    @Override
    public String toString() {
        return secret ? "[secret]" : '"' + text + '"';
    }
}
