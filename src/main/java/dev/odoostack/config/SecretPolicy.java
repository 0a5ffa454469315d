package dev.odoostack.config;

/** Whether a secret that is not set yet is an error (pulumi up) or shown as not set (the offline plan). */
public enum SecretPolicy {
    REQUIRE,
    ALLOW_MISSING
}
