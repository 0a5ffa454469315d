package dev.odoostack.odoo;

import dev.odoostack.config.Settings;
import dev.odoostack.database.Postgres;
import dev.odoostack.model.StackIdentity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders odoo.conf from the settings, without its two passwords: the file is a plain input of the container, so
 * {@code pulumi preview --diff} and the plan show every change line by line. The passwords travel as separate
 * secret files and are appended when the container starts (see {@link Odoo#START_SCRIPT}).
 */
public final class OdooConf {
    public static final String LOG_DIR = "/var/log/odoo";
    public static final int HTTP_PORT = 8069;
    public static final int GEVENT_PORT = 8072;

    private OdooConf() {
    }

    /**
     * The options in file order; also what tests read.
     *
     * @param runsCrons false for the extra replicas: crons must run in one place only
     */
    public static Map<String, String> options(StackIdentity stack, Settings.Odoo o, Settings.Postgres pg, boolean runsCrons) {
        Map<String, String> opt = new LinkedHashMap<>();
        java.util.List<String> addons = new java.util.ArrayList<>(o.flavour().odooAddons);
        addons.addAll(Odoo.addonsMountPoints(o));
        opt.put("addons_path", String.join(",", addons));
        opt.put("data_dir", o.flavour().dataDir);
        opt.put("db_host", stack.name(Postgres.NAME));
        opt.put("db_port", String.valueOf(Postgres.PORT));
        opt.put("db_user", pg.user());
        opt.put("db_name", o.dbName());
        // database names are validated to letters, digits, '_' and '-': nothing to escape in the regex
        opt.put("dbfilter", "^" + o.dbName() + "$");
        opt.put("list_db", "False");
        opt.put("proxy_mode", "True");
        opt.put("http_port", String.valueOf(HTTP_PORT));
        opt.put("gevent_port", String.valueOf(GEVENT_PORT));
        opt.put("workers", String.valueOf(o.workers()));
        opt.put("max_cron_threads", String.valueOf(runsCrons ? o.maxCronThreads() : 0));
        opt.put("limit_memory_soft", String.valueOf((long) o.limitMemorySoftMb() * 1024 * 1024));
        opt.put("limit_memory_hard", String.valueOf((long) o.limitMemoryHardMb() * 1024 * 1024));
        opt.put("limit_time_cpu", String.valueOf(o.limitTimeCpu()));
        opt.put("limit_time_real", String.valueOf(o.limitTimeReal()));
        opt.put("limit_request", String.valueOf(o.limitRequest()));
        opt.put("log_level", o.logLevel().key());
        if (o.logToFile()) {
            opt.put("logfile", LOG_DIR + "/odoo.log");
        }
        return opt;
    }

    public static String render(StackIdentity stack, Settings.Odoo o, Settings.Postgres pg, boolean runsCrons) {
        return "[options]\n"
                + "; rendered by odoo-stack for stack " + stack.stack()
                + "; db_password and admin_passwd are appended from secret files at start\n"
                + options(stack, o, pg, runsCrons).entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
