package dev.odoostack.assembly;

import dev.odoostack.config.ConfigKey;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.Settings;
import dev.odoostack.images.OdooImage;

import static dev.odoostack.model.Deployment.Outputs.DATABASE;
import static dev.odoostack.model.Deployment.Outputs.ODOO_VERSION;
import static dev.odoostack.model.Deployment.Outputs.POSTGRES_VERSION;
import static dev.odoostack.model.Deployment.Outputs.STATE_DIR;
import static dev.odoostack.model.Deployment.Outputs.VOLUMES;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Changes that Docker would apply without complaint but that damage a running stack: a new PostgreSQL major on
 * an existing data directory (the server refuses to start, Odoo is down); a new database name, state root or
 * volume mode (Odoo starts on an empty database next to the real one); a new Odoo series on a database that was
 * not upgraded. They are refused, one line each, with the procedure that does them safely and the way back.
 * Both engines ask here: Pulumi with the stack's own outputs, the compose engine with those of its last up.
 */
public final class ChangeGuard {
    private ChangeGuard() {
    }

    /** @param previous the stack's outputs from its last deployment; empty for a new or destroyed stack */
    public static List<String> refusals(Map<String, ?> previous, Settings s) {
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
        String mode = s.volumes().key();
        Object volumes = previous.get(VOLUMES);
        Object stateDir = previous.get(STATE_DIR);
        if (volumes != null && !volumes.toString().equals(mode)) {
            out.add("odoo-stack:volumes " + volumes + " -> " + mode + ": refused. The database and filestore are in "
                    + where(volumes.toString(), stateDir == null ? s.stateDir() : stateDir.toString(), s.stack())
                    + "; the containers would start empty on " + where(mode, s.stateDir(), s.stack()) + "."
                    + MOVING + ", or set it back: " + ConfigKeys.VOLUMES.setCommand(s.stack(), volumes.toString()));
        } else if (stateDir != null && !stateDir.toString().equals(s.stateDir())
                && (volumes == null ? s.volumes() == Settings.VolumeMode.BIND : volumes.equals(Settings.VolumeMode.BIND.key()))) {
            // in named mode the data is in volumes: the state root then only holds what is fetched again
            String root = stateDir.toString().replaceFirst("/" + java.util.regex.Pattern.quote(s.stack()) + "$", "");
            out.add("odoo-stack:stateRoot " + root + " -> " + s.stateDir().replaceFirst("/[^/]+$", "")
                    + ": refused. The database and filestore are in " + stateDir + "; the containers would start empty on "
                    + s.stateDir() + "." + MOVING + ", or set it back: "
                    + ConfigKeys.STATE_ROOT.setCommand(s.stack(), root));
        }
        Object odoo = previous.get(ODOO_VERSION);
        var now = OdooImage.version(s);
        if (odoo != null && now.isPresent() && !odoo.toString().equals(now.get())
                && !s.odoo().upgradedFrom().equals(java.util.Optional.of(odoo.toString()))) {
            ConfigKey key = OdooImage.versionKey(s);
            String value = OdooImage.versionValue(s);
            String from = value.contains(now.get()) ? value.replace(now.get(), odoo.toString()) : null;
            out.add("odoo-stack:" + key.name() + " " + (from != null ? from : "(Odoo " + odoo + ")") + " -> " + value
                    + ": refused. The database '" + s.odoo().dbName() + "' was last run by Odoo " + odoo
                    + ", and Odoo " + now.get() + " does not upgrade it by itself."
                    + " Upgrade a restored copy first (docs/operations.md, 'Upgrading between Odoo majors'), then accept it: "
                    + ConfigKeys.ODOO_UPGRADED_FROM.setCommand(s.stack(), odoo.toString())
                    + "; or set it back: " + (from != null ? key.setCommand(s.stack(), from)
                    : "set " + key.name() + " to an Odoo " + odoo + " image again"));
        }
        return out;
    }

    private static final String MOVING = " Move the data first (docs/operations.md, 'Moving the state root or changing the volume mode')";

    private static String where(String mode, String stateDir, String stack) {
        return mode.equals(Settings.VolumeMode.NAMED.key()) ? "the volumes " + stack + "-postgres and " + stack + "-filestore" : stateDir;
    }

    private static int toInt(Object o) {
        return o instanceof Number n ? n.intValue() : Integer.parseInt(o.toString());
    }
}
