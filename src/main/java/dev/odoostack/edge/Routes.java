package dev.odoostack.edge;

import dev.odoostack.config.Settings;
import dev.odoostack.model.Names;
import dev.odoostack.model.Route;
import dev.odoostack.model.StackIdentity;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Traefik's routing for Odoo, as Docker labels on every Odoo container, rendered from the {@link Route}s Odoo
 * declares (odoo.Odoo#routes: which hosts and paths go to which of its ports):
 * <ul>
 *   <li>the route without a path (the stack's domains to the HTTP port), compressed, with HSTS under HTTPS;</li>
 *   <li>each route with a path ({@code /websocket} to the port that serves it), at its own priority, with
 *       {@code X-Forwarded-Proto: https} forced under HTTPS, which Odoo needs to accept the upgrade behind TLS;</li>
 *   <li>redirect domains permanently to the first domain;</li>
 *   <li>with several replicas, a sticky cookie so a session stays on one container;</li>
 *   <li>hardening: {@code /web/database/*} refused with 403 unless odooDatabaseManager opens it, a rate limit on
 *       {@code /web/login}, security headers, and {@code X-Robots-Tag: noindex} on stacks that are not production.</li>
 * </ul>
 */
public final class Routes {
    public static final String WEB = "web";
    public static final String WEBSECURE = "websecure";
    public static final String RESOLVER = "letsencrypt";
    static final int MAIN_PRIORITY = 10;
    static final int REDIRECT_PRIORITY = 30;
    static final int LOGIN_PRIORITY = 25;
    static final int DATABASE_MANAGER_PRIORITY = 40;
    /** Log-in attempts per second and source address, on average, and the burst allowed above it. */
    static final int LOGIN_RATE = 5;
    static final int LOGIN_BURST = 10;
    /** No client has this address: an allow-list of it refuses everyone with 403. */
    static final String NOBODY = "255.255.255.255/32";
    static final long HSTS_SECONDS = 31_536_000L;
    /** How often a request that got no answer is sent again on a swarm. */
    static final int SWARM_RETRY_ATTEMPTS = 3;

    private Routes() {
    }

    static String hostRule(List<String> hosts) {
        return hosts.stream().map(d -> "Host(`" + d + "`)").collect(Collectors.joining(" || "));
    }

    static String grouped(List<String> hosts) {
        return hosts.size() > 1 ? "(" + hostRule(hosts) + ")" : hostRule(hosts);
    }

    /**
     * @param odoo    its replicas (a session sticks to one when there are several) and redirect domains
     * @param traefik the proxy the stack is routed by: its own, or another stack's
     * @param routes  Odoo's routes: one without a path (its domains), the others under a path of those domains
     */
    public static Map<String, String> odooLabels(StackIdentity stack, Settings.Odoo odoo, Settings.Traefik traefik,
                                                 Settings.Exposure exposure, List<Route> routes) {
        Route site = routes.stream().filter(r -> r.pathPrefix().isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Odoo declares no route for its domains"));
        String main = site.name();
        List<String> domains = site.hosts();
        boolean tls = site.tls();
        Map<String, String> l = new TreeMap<>();
        l.put("traefik.enable", "true");
        String proxyNetwork = Names.proxyNetwork(stack.stack(), traefik);
        l.put(networkLabel(stack.swarm()), proxyNetwork);
        l.put(Names.PROXY_LABEL, proxyNetwork);

        List<String> mainMiddlewares = new java.util.ArrayList<>(stack.swarm() ? List.of(main + "-retry") : List.of());
        mainMiddlewares.addAll(tls ? List.of(main + "-hsts", main + "-headers", main + "-compress")
                : List.of(main + "-headers", main + "-compress"));
        if (stack.swarm()) {
            // a request sent to a task that has just stopped or lost its node gets no answer: sent again to
            // another task (only then: once a server answers, whatever it says, Traefik passes it on)
            l.put("traefik.http.middlewares." + main + "-retry.retry.attempts", String.valueOf(SWARM_RETRY_ATTEMPTS));
            l.put("traefik.http.middlewares." + main + "-retry.retry.initialInterval", "100ms");
        }
        router(l, tls, main, hostRule(domains), site.priority(), main, mainMiddlewares);
        service(l, stack, odoo.replicas(), main, site.port(), tls);
        l.put("traefik.http.middlewares." + main + "-compress.compress", "true");
        String headers = "traefik.http.middlewares." + main + "-headers.headers.";
        l.put(headers + "contentTypeNosniff", "true");
        l.put(headers + "customFrameOptionsValue", "SAMEORIGIN"); // Odoo's editors frame its own pages
        l.put(headers + "referrerPolicy", "strict-origin-when-cross-origin");
        if (!stack.production()) {
            // a copy of production must not be found by search engines
            l.put(headers + "customResponseHeaders.X-Robots-Tag", "noindex, nofollow");
        }

        // log-in attempts, limited per source address; beyond the burst Traefik answers 429
        String login = main + "-login";
        List<String> loginMiddlewares = new java.util.ArrayList<>(List.of(login + "-ratelimit"));
        loginMiddlewares.addAll(mainMiddlewares);
        router(l, tls, login, grouped(domains) + " && Path(`/web/login`)", LOGIN_PRIORITY, main, loginMiddlewares);
        l.put("traefik.http.middlewares." + login + "-ratelimit.ratelimit.average", String.valueOf(LOGIN_RATE));
        l.put("traefik.http.middlewares." + login + "-ratelimit.ratelimit.period", "1s");
        l.put("traefik.http.middlewares." + login + "-ratelimit.ratelimit.burst", String.valueOf(LOGIN_BURST));

        if (!exposure.databaseManager()) {
            // the database manager can drop or download every database with the master password: not from outside
            String database = main + "-database";
            router(l, tls, database, grouped(domains) + " && PathPrefix(`/web/database`)", DATABASE_MANAGER_PRIORITY,
                    main, List.of(database + "-deny"));
            l.put("traefik.http.middlewares." + database + "-deny.ipallowlist.sourcerange", NOBODY);
        }
        if (tls) {
            l.put("traefik.http.middlewares." + main + "-hsts.headers.stsSeconds", String.valueOf(HSTS_SECONDS));
        }

        for (Route r : routes) {
            if (r.pathPrefix().isEmpty()) {
                continue;
            }
            String name = r.name();
            List<String> middlewares = new java.util.ArrayList<>(stack.swarm() ? List.of(main + "-retry") : List.of());
            if (r.tls()) {
                middlewares.add(name + "-proto");
            }
            router(l, r.tls(), name, grouped(r.hosts()) + " && PathPrefix(`" + r.pathPrefix().get() + "`)",
                    r.priority(), name, middlewares);
            service(l, stack, odoo.replicas(), name, r.port(), r.tls());
            if (r.tls()) {
                l.put("traefik.http.middlewares." + name + "-proto.headers.customRequestHeaders.X-Forwarded-Proto", "https");
            }
        }

        List<String> redirects = odoo.redirectDomains();
        if (!redirects.isEmpty()) {
            String redirect = main + "-redirect";
            router(l, tls, redirect, hostRule(redirects), REDIRECT_PRIORITY, "noop@internal", List.of(redirect));
            l.put("traefik.http.middlewares." + redirect + ".redirectRegex.regex", "^https?://[^/]+/?(.*)$");
            l.put("traefik.http.middlewares." + redirect + ".redirectRegex.replacement",
                    (tls ? "https://" : "http://") + domains.get(0) + "/${1}");
            l.put("traefik.http.middlewares." + redirect + ".redirectRegex.permanent", "true");
        }
        return l;
    }

    static void router(Map<String, String> l, boolean tls, String name, String rule, int priority, String service,
                       List<String> middlewares) {
        String r = "traefik.http.routers." + name;
        l.put(r + ".rule", rule);
        l.put(r + ".entrypoints", tls ? WEBSECURE : WEB);
        l.put(r + ".priority", String.valueOf(priority));
        l.put(r + ".service", service);
        if (!middlewares.isEmpty()) {
            l.put(r + ".middlewares", String.join(",", middlewares));
        }
        if (tls) {
            l.put(r + ".tls", "true");
            l.put(r + ".tls.certresolver", RESOLVER);
        }
    }

    private static void service(Map<String, String> l, StackIdentity stack, int replicas, String name, int port, boolean tls) {
        String svc = "traefik.http.services." + name + ".loadbalancer";
        l.put(svc + ".server.port", String.valueOf(port));
        if (replicas > 1) {
            // Odoo keeps sessions in the shared filestore, but a sticky cookie spares re-reading them per request
            l.put(svc + ".sticky.cookie.name", stack.stack() + "_odoo_server");
            l.put(svc + ".sticky.cookie.httpOnly", "true");
            l.put(svc + ".sticky.cookie.secure", String.valueOf(tls));
        }
        if (stack.swarm()) {
            // Traefik's own check, every 2 s: a task whose node went away leaves the pool before the swarm has
            // even noticed the node is down. One slow answer takes a server out, so the timeout is Traefik's
            // default, not tighter: with 1 s, busy workers on every replica at once left no server (503 for all)
            l.put(svc + ".healthcheck.path", "/web/health");
            l.put(svc + ".healthcheck.interval", "2s");
            l.put(svc + ".healthcheck.timeout", "5s");
        }
    }

    /** Coolify's Traefik calls its entry points http and https. */
    static final Map<String, String> PLATFORM_ENTRYPOINTS = Map.of(WEB, "http", WEBSECURE, "https");
    /** Traefik's provider: the Docker one on one host, the Swarm one on a swarm. */
    static String provider(boolean swarm) {
        return swarm ? "swarm" : "docker";
    }

    /** Tells a stack's own Traefik which network reaches the container. */
    static String networkLabel(boolean swarm) {
        return "traefik." + provider(swarm) + ".network";
    }

    /**
     * The same labels for a platform's own proxy (Coolify's Traefik): the routers on its entry points, and without
     * the two labels that attach a stack's Traefik to the proxy network, since the platform connects its proxy to
     * the stack's networks itself.
     */
    public static SortedMap<String, String> underPlatformProxy(Map<String, String> labels) {
        SortedMap<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (!k.matches("traefik\\.(docker|swarm)\\.network") && !k.equals(Names.PROXY_LABEL)) {
                out.put(k, k.endsWith(".entrypoints") ? PLATFORM_ENTRYPOINTS.getOrDefault(v, v) : v);
            }
        });
        return out;
    }

    /** The URL the first domain is served at. */
    public static String url(Settings s) {
        String domain = s.odoo().domains().get(0);
        if (s.tls()) {
            int port = s.traefik().own() ? s.traefik().httpsPort() : 443;
            return "https://" + domain + (port == 443 ? "" : ":" + port);
        }
        int port = s.traefik().own() ? s.traefik().httpPort() : 80;
        return "http://" + domain + (port == 80 ? "" : ":" + port);
    }
}
