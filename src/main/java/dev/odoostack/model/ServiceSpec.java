package dev.odoostack.model;

import java.util.List;

/**
 * One service of the stack (PostgreSQL, Odoo, Traefik, the restore): a component resource with its containers and the named
 * volumes that hold its data.
 *
 * @param type the component's Pulumi type token, e.g. {@code odoo-stack:odoo:Odoo}
 * @param name its logical name, e.g. {@code odoo}
 */
public record ServiceSpec(String type, String name, List<ContainerSpec> containers, List<VolumeSpec> volumes,
                          List<CommandSpec> commands) {
    public ServiceSpec {
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
        commands = List.copyOf(commands);
    }

    public ServiceSpec(String type, String name, List<ContainerSpec> containers, List<VolumeSpec> volumes) {
        this(type, name, containers, volumes, List.of());
    }

    /** The container that serves (as opposed to one-shot helpers such as the state-directory init). */
    public java.util.Optional<ContainerSpec> main() {
        return containers.stream().filter(c -> !c.runOnce()).findFirst();
    }
}
