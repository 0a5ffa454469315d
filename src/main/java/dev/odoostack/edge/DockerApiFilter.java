package dev.odoostack.edge;

import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.ContainerSpec.Healthcheck;
import dev.odoostack.model.ContainerSpec.MountSpec;
import dev.odoostack.model.ImageBuildSpec;
import dev.odoostack.model.Names;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.StackIdentity;

import java.util.List;
import java.util.TreeMap;

/**
 * The Docker API filter: the one container that mounts the engine's socket, answering Traefik's read-only calls
 * and refusing the rest with 403 (docker/docker-api-filter/haproxy.cfg). Traefik reaches it on a network shared
 * by the two of them only, so a taken-over Traefik can list containers, not start one. Present exactly when the
 * stack runs its own Traefik.
 */
public final class DockerApiFilter {
    public static final String TYPE = "odoo-stack:edge:DockerApiFilter";
    public static final String NAME = "docker-api";
    public static final String CONTEXT = "docker/docker-api-filter";
    public static final int PORT = 2375;

    private DockerApiFilter() {
    }

    /** The image, tagged with the digest of its build context: rebuilt exactly when the filter changes. */
    public static String image(String contextDigest) {
        return "odoo-stack/docker-api-filter:" + contextDigest.substring(0, Math.min(16, contextDigest.length()));
    }

    /** Where Traefik finds the Docker API. */
    public static String endpoint(StackIdentity stack) {
        return "tcp://" + stack.name(NAME) + ":" + PORT;
    }

    /** @param hostSocket the engine's socket on the Docker host ({@link Traefik#hostSocket}) */
    public static ServiceSpec service(StackIdentity stack, String hostSocket, String contextDigest) {
        ImageBuildSpec build = new ImageBuildSpec("docker-api-build", image(contextDigest), CONTEXT, CONTEXT + "/Dockerfile",
                new TreeMap<>(), false);
        ContainerSpec filter = ContainerSpec.builder(NAME, stack.name(NAME), build)
                .mount(new MountSpec(MountSpec.Kind.BIND, hostSocket, Traefik.DOCKER_SOCKET, true))
                .networks(Names.DOCKER_API_NETWORK)
                .labels(stack.labels())
                .healthcheck(new Healthcheck(List.of("CMD", "docker-api-filter-healthcheck"), "10s", "5s", 3, "5s"))
                .waitHealthy()
                // root only because the socket is root's; no capability is needed to use it as its owner
                .readOnlyRoot("/tmp")
                .logs(stack.logs())
                // on a swarm: a manager's socket, the one that knows the services and tasks of every node
                .swarm(stack.swarm() ? ContainerSpec.SwarmService.stopFirst(1, false, List.of("node.role == manager"),
                        List.of(stack.name(NAME))) : null)
                .build();
        return new ServiceSpec(TYPE, NAME, List.of(filter), List.of(), List.of(), List.of(build)).asOwnProxy();
    }
}
