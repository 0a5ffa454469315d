package dev.odoostack.model;

import java.util.List;

/**
 * One service of the stack (PostgreSQL, Odoo, Traefik, the restore): a component resource with its containers,
 * the named volumes that hold its data, the commands it runs on the machine running Pulumi and the images it
 * builds (built before any of its containers is created).
 *
 * @param type     the component's Pulumi type token, e.g. {@code odoo-stack:odoo:Odoo}
 * @param name     its logical name, e.g. {@code odoo}
 * @param ownProxy part of the stack's own proxy (Traefik and the Docker API filter it reads): a platform that
 *                 brings its own proxy (Coolify) runs without it
 */
public record ServiceSpec(String type, String name, List<ContainerSpec> containers, List<VolumeSpec> volumes,
                          List<CommandSpec> commands, List<ImageBuildSpec> builds, boolean ownProxy) {
    public ServiceSpec {
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
        commands = List.copyOf(commands);
        builds = List.copyOf(builds);
        for (ContainerSpec c : containers) {
            // a back-end finds a container's build by its name, in the container's own service
            if (c.build() != null && builds.stream().noneMatch(b -> b.name().equals(c.build()))) {
                throw new IllegalArgumentException("container " + c.name() + " runs the image of the build " + c.build()
                        + ", which the service " + name + " does not declare");
            }
        }
    }

    public ServiceSpec(String type, String name, List<ContainerSpec> containers, List<VolumeSpec> volumes,
                       List<CommandSpec> commands, List<ImageBuildSpec> builds) {
        this(type, name, containers, volumes, commands, builds, false);
    }

    public ServiceSpec(String type, String name, List<ContainerSpec> containers, List<VolumeSpec> volumes,
                       List<CommandSpec> commands) {
        this(type, name, containers, volumes, commands, List.of());
    }

    public ServiceSpec(String type, String name, List<ContainerSpec> containers, List<VolumeSpec> volumes) {
        this(type, name, containers, volumes, List.of());
    }

    /** The same service, as part of the stack's own proxy. */
    public ServiceSpec asOwnProxy() {
        return new ServiceSpec(type, name, containers, volumes, commands, builds, true);
    }

    /** The container that serves (as opposed to one-shot helpers such as the state-directory init). */
    public java.util.Optional<ContainerSpec> main() {
        return containers.stream().filter(c -> !c.runOnce()).findFirst();
    }
}
