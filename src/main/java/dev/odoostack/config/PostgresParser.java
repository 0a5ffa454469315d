package dev.odoostack.config;

import java.util.regex.Pattern;

import static dev.odoostack.config.ConfigKeys.*;

/** The PostgreSQL group: version, role, resources and password. */
final class PostgresParser {
    private static final Pattern PG_ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final RawSettings in;

    PostgresParser(RawSettings in) {
        this.in = in;
    }

    Settings.Postgres parse() {
        return new Settings.Postgres(
                in.integer(POSTGRES_VERSION, 14, 18),
                role(),
                memoryMb(POSTGRES_MEMORY_MB),
                in.integer(POSTGRES_CPU_SHARES, 2, 262_144),
                in.integer(POSTGRES_SHM_SIZE_MB, 64, 1 << 16),
                in.secret(POSTGRES_PASSWORD));
    }

    private String role() {
        String s = in.string(POSTGRES_USER);
        if (!PG_ROLE.matcher(s).matches() || s.startsWith("pg_") || s.equals("postgres")) {
            in.bad(POSTGRES_USER, s, "must be a lower-case PostgreSQL role name (a-z, 0-9, '_'), not 'postgres' nor 'pg_*'");
        }
        return s;
    }

    private int memoryMb(ConfigKey key) {
        int mb = in.integer(key, 0, 1 << 20);
        if (mb != 0 && mb < 256) {
            in.bad(key, String.valueOf(mb), "is too small to run in; use 0 for no limit or at least 256");
            return 0;
        }
        return mb;
    }
}
