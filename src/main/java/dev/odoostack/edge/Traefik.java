package dev.odoostack.edge;

import dev.odoostack.config.Settings;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.ContainerSpec.Healthcheck;
import dev.odoostack.model.ContainerSpec.MountSpec;
import dev.odoostack.model.Names;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.StackIdentity;
import dev.odoostack.model.StateLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Traefik service: reads routes from Docker labels, publishes HTTP (and HTTPS for public domains), routes only
 * the containers labelled with its proxy network. Absent when the stack attaches to another stack's Traefik.
 */
public final class Traefik {
    public static final String TYPE = "odoo-stack:edge:Traefik";
    public static final String NAME = "traefik";
    public static final String DOCKER_SOCKET = "/var/run/docker.sock";
    public static final String ACME_DIR = "/etc/traefik/acme";
    public static final String DASHBOARD_USERS_FILE = "/run/secrets/traefik-dashboard-users";
    static final int SWARM_REFRESH_SECONDS = 2;
    /** The node label that marks the swarm nodes traffic reaches: Traefik runs on each (docs/scale-out.md). */
    public static final String EDGE_NODE_LABEL = "odoo-stack.edge";
    static final String STAGING_CA = "https://acme-staging-v02.api.letsencrypt.org/directory";

    private Traefik() {
    }

    /**
     * Traefik's static configuration, as command-line arguments.
     *
     * @param tls Odoo's domains are public: HTTPS with certificates ({@link Settings#tls})
     */
    public static List<String> arguments(StackIdentity stack, Settings.Traefik t, boolean tls) {
        String timeout = t.readTimeout() + "s";
        String provider = Routes.provider(stack.swarm());
        String proxyNetwork = Names.proxyNetwork(stack.stack(), t);
        List<String> a = new ArrayList<>(List.of(
                "--entrypoints." + Routes.WEB + ".address=:80",
                "--entrypoints." + Routes.WEB + ".transport.respondingTimeouts.readTimeout=" + timeout,
                "--providers." + provider + "=true",
                // the API through the filter: Traefik never sees the socket
                "--providers." + provider + ".endpoint=" + DockerApiFilter.endpoint(stack),
                "--providers." + provider + ".exposedByDefault=false",
                "--providers." + provider + ".network=" + proxyNetwork,
                "--providers." + provider + ".constraints=Label(`" + Names.PROXY_LABEL + "`,`" + proxyNetwork + "`)",
                "--ping=true",
                "--log.level=INFO",
                "--accesslog=true"));
        if (stack.swarm()) {
            // the swarm provider polls (the docker one listens to events): often, so a task that stopped or moved
            // leaves the routes within seconds
            a.add("--providers.swarm.refreshSeconds=" + SWARM_REFRESH_SECONDS);
        }
        if (tls) {
            Settings.Acme acme = t.acme().orElseThrow();
            String resolver = "--certificatesresolvers." + Routes.RESOLVER + ".acme.";
            a.addAll(List.of(
                    "--entrypoints." + Routes.WEB + ".http.redirections.entrypoint.to=" + Routes.WEBSECURE,
                    "--entrypoints." + Routes.WEB + ".http.redirections.entrypoint.scheme=https",
                    "--entrypoints." + Routes.WEB + ".http.redirections.entrypoint.permanent=true",
                    "--entrypoints." + Routes.WEBSECURE + ".address=:443",
                    "--entrypoints." + Routes.WEBSECURE + ".transport.respondingTimeouts.readTimeout=" + timeout,
                    resolver + "email=" + acme.email(),
                    resolver + "storage=" + ACME_DIR + "/acme.json"));
            if (acme.challenge() == Settings.AcmeChallenge.HTTP) {
                a.add(resolver + "httpchallenge=true");
                a.add(resolver + "httpchallenge.entrypoint=" + Routes.WEB);
            } else {
                a.add(resolver + "tlschallenge=true");
            }
            if (acme.staging()) {
                a.add(resolver + "caserver=" + STAGING_CA);
            }
        }
        if (t.dashboard().isPresent()) {
            // the dashboard is only reachable through its own router below: never --api.insecure, never port 8080
            a.add("--api.dashboard=true");
        }
        return a;
    }

    /**
     * The engine's socket on the Docker host: traefikDockerSocket, else the path of a unix:// engine (docker:host,
     * which the program and the compose engine fill from DOCKER_HOST when the stack names none: {@link
     * dev.odoostack.config.DockerEndpoint#withEngine}), else the default socket; the parser refuses ssh:// and
     * tcp:// without traefikDockerSocket.
     */
    public static String hostSocket(Settings.Traefik t, Optional<String> dockerHost) {
        return t.dockerSocket().orElseGet(() -> dockerHost.filter(h -> h.startsWith("unix://"))
                .map(h -> h.substring("unix://".length())).orElse(DOCKER_SOCKET));
    }

    /** @param tls Odoo's domains are public: HTTPS with certificates ({@link Settings#tls}) */
    public static Optional<ServiceSpec> service(StackIdentity stack, Settings.Traefik t, boolean tls) {
        if (!t.own()) {
            return Optional.empty();
        }
        StateLayout state = stack.state();
        Map<String, String> labels = new TreeMap<>(stack.labels());
        ContainerSpec.Builder c = ContainerSpec.builder(NAME, stack.name(NAME), t.image())
                .command(arguments(stack, t, tls))
                // published ports on the edge network only; Odoo on the proxy network; the filter on its own
                .networks(Names.EDGE_NETWORK, Names.PROXY_NETWORK, Names.DOCKER_API_NETWORK)
                .dependsOn(DockerApiFilter.NAME)
                // as root (the image's user) for ports 80 and 443, and nothing else
                .capabilities("NET_BIND_SERVICE")
                .port(80, t.httpPort())
                .healthcheck(new Healthcheck(List.of("CMD", "traefik", "healthcheck", "--ping"), "10s", "5s", 3, "10s"))
                .waitHealthy()
                .logs(stack.logs());
        List<dev.odoostack.model.VolumeSpec> volumes = List.of();
        if (tls) {
            // acme.json holds the account key and certificates: kept with the stack's state; Traefik writes it 600
            c.port(443, t.httpsPort()).mount(state.mount(StateLayout.Area.TRAEFIK, ACME_DIR));
            volumes = state.volumes(StateLayout.Area.TRAEFIK);
        }
        t.dashboard().ifPresent(d -> {
            String router = stack.name("traefik-dashboard");
            String auth = stack.name("traefik-auth");
            labels.put("traefik.enable", "true");
            labels.put(Names.PROXY_LABEL, Names.proxyNetwork(stack.stack(), t));
            Routes.router(labels, tls, router,
                    "Host(`" + d.host() + "`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`))",
                    Routes.MAIN_PRIORITY, "api@internal", List.of(auth));
            labels.put("traefik.http.middlewares." + auth + ".basicAuth.usersFile", DASHBOARD_USERS_FILE);
            c.secret(SecretFileSpec.of(DASHBOARD_USERS_FILE, usersFile(d)));
        });
        if (t.dashboard().isEmpty()) {
            // nothing to place in it: a read-only root file system (a file to upload needs a writable one)
            c.readOnlyRoot("/tmp");
        }
        c.labels(labels);
        if (stack.swarm()) {
            // one Traefik on every edge node, on the node's own ports (no routing mesh: docs/scale-out.md); the old
            // one stops before the new one takes the ports
            c.swarm(ContainerSpec.SwarmService.stopFirst(0, true, List.of("node.labels." + EDGE_NODE_LABEL + " == true"),
                    List.of(stack.name(NAME))));
        }
        return Optional.of(new ServiceSpec(TYPE, NAME, List.of(c.build()), volumes).asOwnProxy());
    }

    /**
     * The dashboard's users file, a secret made from the password: its htpasswd line; the password's mark while
     * its value is unknown (the offline plan).
     */
    static dev.odoostack.config.Secret usersFile(Settings.Dashboard d) {
        dev.odoostack.config.Secret password = d.password();
        return password.hasValue()
                ? dev.odoostack.config.Secret.of(password.key(), Htpasswd.line(d.user(), password.valueOrMark()) + "\n")
                : password;
    }
}
