package dev.odoostack.model;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A command run on the machine running Pulumi ({@code command:local:Command}).
 *
 * @param create    run when the resource is created, and again when it is replaced
 * @param update    run when an input other than the triggers changes
 * @param triggers  values whose change replaces the resource, which runs {@code create} again
 * @param dependsOn logical names of the containers that must exist first
 * @param phase     whether it runs before the containers are created or changed, or after them
 */
public record CommandSpec(String name, String create, String update, SortedMap<String, String> environment,
                          List<String> triggers, List<String> dependsOn, Phase phase) {
    /**
     * When a command runs where no engine orders it by its dependencies (the compose engine): before the containers
     * (what they need, the addon checkout) or once they are healthy (what needs them, the restore).
     */
    public enum Phase { BEFORE, AFTER }

    /**
     * In the environment of a command that runs because the operator asked for it now (bin/odoo-stack restore,
     * rebuild: with Pulumi a targeted replace, with compose the command itself), the action's name; a command that
     * runs only on request checks it.
     */
    public static final String ACTION = "ODOO_STACK_ACTION";

    public CommandSpec {
        environment = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(environment));
        triggers = List.copyOf(triggers);
        dependsOn = List.copyOf(dependsOn);
        if (phase == Phase.BEFORE && !dependsOn.isEmpty()) {
            throw new IllegalArgumentException("command " + name + " runs before the containers, so it cannot depend on "
                    + dependsOn);
        }
    }
}
