package dev.odoostack.cli;

import dev.odoostack.plan.PlannedResource;
import dev.odoostack.plan.Plan;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A day-2 action under the Pulumi engine that must run alone, without an edit of the committed stack file: the
 * resources it replaces (Pulumi's {@code --target-replace}), found in the stack's plan, and the refusal when the
 * stack has other pending changes, which a targeted {@code up} would leave half-applied or silently skip.
 */
final class OneOff {
    /** What each action replaces; the restore and addon commands run their {@code create} when replaced. */
    enum Action {
        /** the restore command: its create restores now */
        RESTORE,
        /** the addon checkout and the Odoo image build, then everything built on them (--target-dependents) */
        REBUILD;

        String word() {
            return name().toLowerCase();
        }
    }

    static final String COMMAND = "command:local:Command";
    static final String IMAGE = "docker:index/image:Image";
    static final String REMOTE_IMAGE = "docker:index/remoteImage:RemoteImage";
    static final String ODOO_COMPONENT = "odoo-stack:odoo:Odoo";

    /** Steps of {@code pulumi preview --json} that change nothing. */
    private static final Set<String> UNCHANGED = Set.of("same", "read", "refresh");

    private OneOff() {
    }

    /**
     * The URNs the action replaces, as Pulumi forms them: {@code urn:pulumi:<stack>::<project>::<types>::<name>},
     * where {@code <types>} is the chain of parent types below the stack joined by {@code $}.
     *
     * @throws IllegalArgumentException with the one line to show when the stack declares nothing to act on
     */
    static List<String> urns(Plan plan, String project, Action action) {
        return urns(plan, project, action, false);
    }

    /**
     * @param imageCurrent the Odoo image the stack runs is built on its base image as the engine holds it now
     *                     (bin/odoo-stack compares their layers): a build of the same context would change nothing
     *                     but the docker provider's build label (pulumi.com/build-id), hence the image id, and Odoo
     *                     would restart for nothing. A rebuild then fetches the addons again only.
     */
    static List<String> urns(Plan plan, String project, Action action, boolean imageCurrent) {
        Map<String, PlannedResource> byRef = new HashMap<>();
        plan.resources().forEach(r -> byRef.put(r.type() + "::" + r.name(), r));
        List<String> out = new ArrayList<>();
        for (PlannedResource r : plan.resources()) {
            if (wanted(r, action)) {
                out.add("urn:pulumi:" + plan.stack() + "::" + project + "::" + typeChain(r, byRef) + "::" + r.name());
            }
        }
        boolean builds = plan.resources().stream().anyMatch(r -> r.type().equals(IMAGE)
                && r.parent().equals(ODOO_COMPONENT + "::" + dev.odoostack.odoo.Odoo.NAME));
        if (action == Action.REBUILD && (!builds || imageCurrent)) {
            // a published image is not rebuilt (and its lookup not replaced), nor one that is current with its
            // base: only the addon checkout runs again
            out.removeIf(urn -> urn.contains(REMOTE_IMAGE) || urn.contains(IMAGE));
        }
        if (out.isEmpty() && action == Action.REBUILD && builds) {
            throw new NothingToDo("rebuild: the Odoo image of stack " + plan.stack() + " is built on its base image as "
                    + "the Docker engine holds it, and the stack fetches no addon repository: nothing to rebuild");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(switch (action) {
                case RESTORE -> "restore: stack " + plan.stack() + " declares no restore: set odoo-stack:restoreUpstream "
                        + "(and the keys docs/restore.md lists) in Pulumi." + plan.stack() + ".yaml, then bin/odoo-stack up "
                        + plan.stack();
                case REBUILD -> "rebuild: stack " + plan.stack() + " runs a published image and fetches no addon "
                        + "repository, so there is nothing to rebuild; for a newer image, change odoo-stack:odooImage in Pulumi."
                        + plan.stack() + ".yaml and run bin/odoo-stack up " + plan.stack();
            });
        }
        return out;
    }

    /** The action would change nothing: one line to say so, and no pulumi up. */
    static final class NothingToDo extends RuntimeException {
        NothingToDo(String message) {
            super(message, null, false, false);
        }
    }

    private static boolean wanted(PlannedResource r, Action action) {
        return switch (action) {
            case RESTORE -> r.type().equals(COMMAND) && r.name().equals(dev.odoostack.restore.Restore.NAME);
            // the build, the lookup of what it built (its id changes exactly when the image does), the checkout
            case REBUILD -> r.parent().equals(ODOO_COMPONENT + "::" + dev.odoostack.odoo.Odoo.NAME)
                    && (r.type().equals(IMAGE) || r.type().equals(REMOTE_IMAGE)
                    || (r.type().equals(COMMAND) && r.name().equals(dev.odoostack.odoo.Odoo.FETCH_ADDONS)));
        };
    }

    private static String typeChain(PlannedResource r, Map<String, PlannedResource> byRef) {
        List<String> types = new ArrayList<>();
        for (PlannedResource at = r; at != null; at = byRef.get(at.parent())) {
            if (at.type().equals("pulumi:pulumi:Stack")) {
                break;
            }
            types.add(0, at.type());
        }
        return String.join("$", types);
    }

    /** The arguments of {@code pulumi up} that run the action alone. */
    static List<String> upArguments(List<String> urns, Action action) {
        List<String> args = new ArrayList<>();
        for (String urn : urns) {
            args.add("--target-replace");
            args.add(urn);
        }
        if (action == Action.REBUILD) {
            // the containers on the new image are replaced too: they depend on it, and nothing else changes
            args.add("--target-dependents");
        }
        return args;
    }

    /**
     * The pending changes of {@code pulumi preview --json} outside the action's own resources, as {@code op name}.
     * The action's own pending changes are part of it (the restore then runs with the new settings).
     */
    static List<String> otherPendingChanges(JsonNode preview, List<String> own) {
        Set<String> mine = new LinkedHashSet<>(own);
        List<String> out = new ArrayList<>();
        for (JsonNode step : preview.path("steps")) {
            String op = step.path("op").asText();
            String urn = step.path("urn").asText();
            if (UNCHANGED.contains(op) || mine.contains(urn) || urn.contains("::pulumi:pulumi:Stack::")) {
                continue;
            }
            out.add(op + " " + urn.substring(urn.lastIndexOf("::") + 2));
        }
        return out;
    }

    /** The one line that stops an action because other changes are pending. */
    static String refusal(String stack, Action action, List<String> pending) {
        return action.word() + ": stack " + stack + " has " + pending.size() + " pending change(s) besides the "
                + action.word() + " (" + String.join(", ", pending) + "); a " + action.word()
                + " applies nothing else. Apply them first: bin/odoo-stack preview " + stack
                + " shows them, bin/odoo-stack up " + stack + " applies them; then bin/odoo-stack " + action.word()
                + " " + stack;
    }
}
