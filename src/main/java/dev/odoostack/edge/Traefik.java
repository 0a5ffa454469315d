package dev.odoostack.edge;

import dev.odoostack.config.Settings;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.ContainerSpec.Healthcheck;
import dev.odoostack.model.ContainerSpec.MountSpec;
import dev.odoostack.model.Names;
import dev.odoostack.model.ServiceSpec;

import java.util.List;
import java.util.Map;

/** The Traefik service: reads routes from Docker labels, publishes HTTP, sees only this stack's containers. */
public final class Traefik {
    public static final String TYPE = "odoo-stack:edge:Traefik";
    public static final String NAME = "traefik";
    public static final String DOCKER_SOCKET = "/var/run/docker.sock";

    private Traefik() {
    }

    public static String containerName(Settings s) {
        return Names.of(s, NAME);
    }

    public static List<String> arguments(Settings s) {
        return List.of(
                "--entrypoints." + Routes.ENTRYPOINT + ".address=:80",
                "--providers.docker=true",
                "--providers.docker.exposedByDefault=false",
                "--providers.docker.network=" + Names.of(s, "proxy"),
                // a second stack on the same host runs its own Traefik; each one routes only its own containers
                "--providers.docker.constraints=Label(`" + Names.STACK_LABEL + "`,`" + s.stack() + "`)",
                "--ping=true",
                "--log.level=INFO",
                "--accesslog=true");
    }

    public static ServiceSpec service(Settings s) {
        ContainerSpec container = ContainerSpec.builder(NAME, containerName(s), s.traefik().image())
                .command(arguments(s))
                .mount(new MountSpec(MountSpec.Kind.BIND, DOCKER_SOCKET, DOCKER_SOCKET, true))
                .networks(Names.PROXY_NETWORK)
                .port(80, s.traefik().httpPort())
                .labels(Map.of(Names.STACK_LABEL, s.stack()))
                .healthcheck(new Healthcheck(List.of("CMD", "traefik", "healthcheck", "--ping"), "10s", "5s", 3, "10s"))
                .build();
        return new ServiceSpec(TYPE, NAME, List.of(container), List.of());
    }
}
