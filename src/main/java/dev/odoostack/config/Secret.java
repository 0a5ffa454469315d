package dev.odoostack.config;

import javax.annotation.Nullable;

/**
 * A password from the stack configuration. Its {@code toString} never shows the value, so a record that holds
 * one can be logged.
 */
public final class Secret {
    /** What the offline plan shows for a secret that has not been set yet. */
    public static final String NOT_SET_MARK = "[secret: not set]";
    /** What stands in for a secret that is set but cannot be decrypted offline. */
    public static final String ENCRYPTED_MARK = "[secret]";

    private final ConfigKey key;
    private final @Nullable String value;
    private final boolean set;

    private Secret(ConfigKey key, @Nullable String value, boolean set) {
        this.key = key;
        this.value = value;
        this.set = set;
    }

    public static Secret of(ConfigKey key, String value) {
        return new Secret(key, value, true);
    }

    public static Secret encrypted(ConfigKey key) {
        return new Secret(key, null, true);
    }

    public static Secret notSet(ConfigKey key) {
        return new Secret(key, null, false);
    }

    public ConfigKey key() {
        return key;
    }

    public boolean isSet() {
        return set;
    }

    /** Whether the value itself is at hand (not for a secret the offline plan cannot decrypt). */
    public boolean hasValue() {
        return value != null;
    }

    /**
     * The text to hand to Pulumi as a secret output: the value, or a mark when it cannot be known here (offline
     * plan). A mark only ever reaches the mock engine: the real program refuses to run without the value.
     */
    public String valueOrMark() {
        if (value != null) {
            return value;
        }
        return set ? ENCRYPTED_MARK : NOT_SET_MARK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.key.equals(key) && s.set == set && java.util.Objects.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(key, value, set);
    }

    @Override
    public String toString() {
        return set ? "[secret]" : NOT_SET_MARK;
    }
}
