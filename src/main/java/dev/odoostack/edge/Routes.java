package dev.odoostack.edge;

import dev.odoostack.config.Settings;
import dev.odoostack.model.Names;
import dev.odoostack.odoo.OdooConf;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Traefik's routing for Odoo, as Docker labels on the Odoo container: the stack's domains to the HTTP port, and
 * {@code /websocket} to the port that serves it (8072 under workers, 8069 for the threaded server).
 */
public final class Routes {
    public static final String ENTRYPOINT = "web";
    static final int MAIN_PRIORITY = 10;
    static final int WEBSOCKET_PRIORITY = 20;

    private Routes() {
    }

    public static String hostRule(Settings s) {
        return s.odoo().domains().stream().map(d -> "Host(`" + d + "`)").collect(Collectors.joining(" || "));
    }

    public static int websocketPort(Settings s) {
        return s.odoo().workers() > 0 ? OdooConf.GEVENT_PORT : OdooConf.HTTP_PORT;
    }

    public static Map<String, String> odooLabels(Settings s) {
        String router = Names.of(s, "odoo");
        String websocket = Names.of(s, "odoo-websocket");
        String hosts = hostRule(s);
        Map<String, String> l = new TreeMap<>();
        l.put("traefik.enable", "true");
        l.put("traefik.docker.network", Names.of(s, "proxy"));
        l.put("traefik.http.routers." + router + ".rule", hosts);
        l.put("traefik.http.routers." + router + ".entrypoints", ENTRYPOINT);
        l.put("traefik.http.routers." + router + ".priority", String.valueOf(MAIN_PRIORITY));
        l.put("traefik.http.routers." + router + ".service", router);
        l.put("traefik.http.services." + router + ".loadbalancer.server.port", String.valueOf(OdooConf.HTTP_PORT));
        l.put("traefik.http.routers." + websocket + ".rule",
                (s.odoo().domains().size() > 1 ? "(" + hosts + ")" : hosts) + " && PathPrefix(`/websocket`)");
        l.put("traefik.http.routers." + websocket + ".entrypoints", ENTRYPOINT);
        l.put("traefik.http.routers." + websocket + ".priority", String.valueOf(WEBSOCKET_PRIORITY));
        l.put("traefik.http.routers." + websocket + ".service", websocket);
        l.put("traefik.http.services." + websocket + ".loadbalancer.server.port", String.valueOf(websocketPort(s)));
        return l;
    }

    /** The URL the first domain is served at. */
    public static String url(Settings s) {
        int port = s.traefik().httpPort();
        return "http://" + s.odoo().domains().get(0) + (port == 80 ? "" : ":" + port);
    }
}
