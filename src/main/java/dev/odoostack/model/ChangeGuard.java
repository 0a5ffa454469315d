package dev.odoostack.model;

import dev.odoostack.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Changes that Docker would apply without complaint but that damage a running stack: a new PostgreSQL major on
 * an existing data directory (the server refuses to start, Odoo is down), or a new database name (Odoo starts on
 * an empty database next to the real one). They are refused, with the procedure that does them safely.
 */
public final class ChangeGuard {
    /** Stack outputs the guard compares against; exported by every deployment. */
    public static final String POSTGRES_VERSION = "postgresVersion";
    public static final String DATABASE = "database";

    private ChangeGuard() {
    }

    /** @param previous the stack's outputs from its last deployment; empty for a new or destroyed stack */
    public static List<String> refusals(Map<String, Object> previous, Settings s) {
        List<String> out = new ArrayList<>();
        Object version = previous.get(POSTGRES_VERSION);
        if (version != null && toInt(version) != s.postgres().version()) {
            out.add("odoo-stack:postgresVersion " + toInt(version) + " -> " + s.postgres().version()
                    + ": refused. The data directory was initialised by PostgreSQL " + toInt(version)
                    + ", which PostgreSQL " + s.postgres().version() + " cannot open: the database would not start."
                    + " Upgrade with a dump and restore (docs/operations.md, 'Upgrading PostgreSQL'),"
                    + " or set it back: pulumi config set postgresVersion " + toInt(version) + " --stack " + s.stack());
        }
        Object db = previous.get(DATABASE);
        if (db != null && !db.toString().equals(s.odoo().dbName())) {
            out.add("odoo-stack:odooDbName " + db + " -> " + s.odoo().dbName()
                    + ": refused. The running stack serves '" + db + "'; Odoo would start on an empty database '"
                    + s.odoo().dbName() + "' and the filestore would no longer match."
                    + " Rename it safely (docs/operations.md, 'Renaming the database'),"
                    + " or set it back: pulumi config set odooDbName " + db + " --stack " + s.stack());
        }
        return out;
    }

    private static int toInt(Object o) {
        return o instanceof Number n ? n.intValue() : Integer.parseInt(o.toString());
    }
}
