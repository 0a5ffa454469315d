package dev.odoostack.model;

import dev.odoostack.config.Settings;

/** Names on the Docker host carry the stack as prefix, so opw and cm can share one host. */
public final class Names {
    private Names() {
    }

    public static String of(Settings settings, String role) {
        return settings.stack() + "-" + role;
    }

    /** The label that marks a container as this stack's, so each stack's Traefik only routes its own. */
    public static final String STACK_LABEL = "odoo-stack.stack";

    public static final String PROXY_NETWORK = "proxy-network";
    public static final String DATABASE_NETWORK = "database-network";
}
