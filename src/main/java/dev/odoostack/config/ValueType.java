package dev.odoostack.config;

/** The value types a key can hold; they map one to one onto Pulumi.yaml's config schema types. */
public enum ValueType {
    STRING("string"),
    INTEGER("integer"),
    BOOLEAN("boolean"),
    STRING_LIST("array");

    private final String pulumiType;

    ValueType(String pulumiType) {
        this.pulumiType = pulumiType;
    }

    /** The name Pulumi.yaml uses under {@code type:}. */
    public String pulumiType() {
        return pulumiType;
    }
}
