package dev.odoostack.config;

/**
 * Reads a password: it must be stored as a Pulumi secret and be long enough; a missing one is an error only when
 * the {@link SecretPolicy} requires it. The value is never shown back, whatever is wrong with it.
 */
final class SecretReader {
    static final int MIN_SECRET_LENGTH = 12;

    private final RawSettings in;

    SecretReader(RawSettings in) {
        this.in = in;
    }

    Secret read(ConfigKey key) {
        RawValue v = in.get(key.fullName());
        String setIt = "pulumi config set --secret " + key.name() + " \"$(openssl rand -base64 24)\" --stack " + in.stack
                + " (or run bin/odoo-stack up " + in.stack + ", which generates it)";
        if (v == null) {
            if (in.secrets == SecretPolicy.REQUIRE) {
                in.add(new Problem(key.fullName(), "(not set)", "this password is required", setIt));
            }
            return Secret.notSet(key);
        }
        if (!v.secret()) {
            in.add(new Problem(key.fullName(), "(plain text, not shown)",
                    "a password must be stored as a Pulumi secret, never in plain text",
                    "pulumi config rm " + key.name() + " --stack " + in.stack + " && " + setIt));
            return Secret.notSet(key);
        }
        if (!v.readable()) {
            return Secret.encrypted(key);
        }
        String s = v.text();
        if (s.length() < MIN_SECRET_LENGTH || s.contains("\n") || !s.equals(s.strip())) {
            in.add(new Problem(key.fullName(), "[secret]",
                    "must be at least " + MIN_SECRET_LENGTH + " characters on one line, without leading or trailing spaces",
                    setIt));
            return Secret.notSet(key);
        }
        return Secret.of(key, s);
    }
}
