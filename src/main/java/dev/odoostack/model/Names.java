package dev.odoostack.model;

import dev.odoostack.config.Settings;

/** Names on the Docker host carry the stack as prefix, so opw and cm can share one host. */
public final class Names {
    private Names() {
    }

    public static String of(Settings settings, String role) {
        return settings.stack() + "-" + role;
    }

    /** The label that marks a container as this stack's. */
    public static final String STACK_LABEL = "odoo-stack.stack";
    /**
     * The label that names the proxy network a container is routed on: a Traefik routes exactly the containers
     * labelled with its own network, so stacks with their own Traefik stay apart and stacks sharing one meet.
     */
    public static final String PROXY_LABEL = "odoo-stack.proxy";

    public static final String PROXY_NETWORK = "proxy-network";

    /** The Docker name of the proxy network the stack's containers are routed on: its own, or the shared one. */
    public static String proxyNetwork(Settings settings) {
        return settings.traefik().own() ? of(settings, "proxy") : settings.traefik().externalNetwork();
    }
    public static final String DATABASE_NETWORK = "database-network";
    /** The only network with published ports: Traefik's way in from the host. */
    public static final String EDGE_NETWORK = "edge-network";
    /** Traefik and the Docker API filter, and nothing else. */
    public static final String DOCKER_API_NETWORK = "docker-api-network";
}
