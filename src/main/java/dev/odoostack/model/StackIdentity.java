package dev.odoostack.model;

import dev.odoostack.config.Settings;

import java.util.Map;

/**
 * What a service builder needs of the stack it builds for, besides its own part of the settings: the stack's name
 * (the prefix of its Docker names, the value of its label), whether it runs on a swarm, whether it is production
 * (what Pulumi protects), how Docker keeps its logs and where its data lives.
 */
public record StackIdentity(String stack, boolean swarm, boolean production, ContainerSpec.Logs logs, StateLayout state) {
    public static StackIdentity of(Settings s) {
        return new StackIdentity(s.stack(), s.swarm(), s.production(),
                new ContainerSpec.Logs(s.logs().maxSizeMb(), s.logs().maxFiles()), StateLayout.of(s));
    }

    /** A Docker name of the stack, {@code <stack>-<role>}: see {@link Names#of}. */
    public String name(String role) {
        return Names.of(stack, role);
    }

    /** The labels that mark a container as the stack's. */
    public Map<String, String> labels() {
        return Map.of(Names.STACK_LABEL, stack);
    }
}
