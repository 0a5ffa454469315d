package dev.odoostack.cli;

import dev.odoostack.config.ConfigException;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.plan.Plan;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A day-2 action under the Pulumi engine that must run alone, without an edit of the committed stack file: the
 * resources it replaces (Pulumi's {@code --target-replace}), found in the stack's plan, and the refusal when the
 * stack has other pending changes, which a targeted {@code up} would leave half-applied or silently skip.
 */
public final class OneOff {
    /** What each action replaces; the restore and addon commands run their {@code create} when replaced. */
    public enum Action {
        /** the restore command: its create restores now */
        RESTORE,
        /** the addon checkout and the Odoo image build, then everything built on them (--target-dependents) */
        REBUILD;

        public String word() {
            return name().toLowerCase();
        }
    }

    static final String COMMAND = "command:local:Command";
    static final String IMAGE = "docker:index/image:Image";
    static final String REMOTE_IMAGE = "docker:index/remoteImage:RemoteImage";
    static final String ODOO_COMPONENT = dev.odoostack.odoo.Odoo.TYPE;

    /** Steps of {@code pulumi preview --json} that change nothing. */
    private static final Set<String> UNCHANGED = Set.of("same", "read", "refresh");

    /**
     * The steps of a replacement that the engine's events list beside its {@code replace} (pulumi preview --json
     * hides them, as Pulumi's display does): the replace names the change once.
     */
    private static final Set<String> PARTS_OF_A_REPLACE = Set.of("create-replacement", "delete-replaced", "discard-replaced");

    private OneOff() {
    }

    /** Why the action cannot run alone: the one line to show (bin/odoo-stack prefixes it with {@code odoo-stack: }). */
    public static final class Refused extends RuntimeException {
        Refused(String line) {
            super(line, null, false, false);
        }
    }

    /**
     * The options of {@code pulumi up} that run the action alone on the stack of {@code projectDir}, from its plan.
     *
     * @param preview      the steps of {@code pulumi preview} as its {@code --json} writes them, null before one ran
     * @param imageCurrent see {@link #urns(Plan, String, Action, boolean)}
     * @param env          the environment the plan's Docker engine comes from
     * @return empty when there is nothing to do: a line on {@code err} said why
     * @throws Refused when the stack declares nothing to act on, has other pending changes, or has problems
     */
    public static List<String> upArguments(Path projectDir, String stack, Action action, boolean imageCurrent,
                                           JsonNode preview, Map<String, String> env, PrintStream err) {
        try {
            List<String> urns = urns(OfflinePlan.of(projectDir, stack, env), projectName(projectDir), action, imageCurrent);
            if (preview != null) {
                List<String> pending = otherPendingChanges(preview, urns);
                if (!pending.isEmpty()) {
                    throw new Refused(refusal(stack, action, pending));
                }
            }
            return upArguments(urns, action);
        } catch (NothingToDo e) {
            err.println("odoo-stack " + e.getMessage());
            return List.of();
        } catch (ConfigException e) {
            throw new Refused(action.word() + " " + stack + ": the stack file has " + e.problems().size()
                    + " problem(s); bin/odoo-stack plan " + stack + " lists them");
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        } catch (IOException e) {
            throw new Refused(action.word() + " " + stack + ": cannot read " + projectDir.resolve("Pulumi.yaml") + ": " + e.getMessage());
        }
    }

    /** The base image of the Odoo image the stack builds, and that image (its content tag). */
    public record OdooImages(String base, String built) {
    }

    /**
     * The Odoo image build as the program declares it: its image name and the image it is FROM; empty when the stack
     * runs a published image, or its stack file has problems (plan names them).
     */
    public static Optional<OdooImages> odooImages(Path projectDir, String stack, Map<String, String> env) {
        try {
            for (var r : OfflinePlan.of(projectDir, stack, env).resources()) {
                if (r.type().equals(IMAGE) && inOdoo(r)) {
                    String base = r.inputs().path("build").path("args").path("BASE_IMAGE").asText("");
                    if (!base.isEmpty()) {
                        return Optional.of(new OdooImages(base, r.inputs().path("imageName").asText()));
                    }
                }
            }
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private static final Pattern NAME = Pattern.compile("^name:\\s*(\\S+)\\s*$");

    /** The project's name, as Pulumi.yaml gives it: the second part of every URN. */
    static String projectName(Path projectDir) throws IOException {
        for (String line : Files.readAllLines(projectDir.resolve("Pulumi.yaml"))) {
            Matcher m = NAME.matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalArgumentException("Pulumi.yaml in " + projectDir + " has no name: line");
    }

    /**
     * The URNs the action replaces: the plan's own, in the project {@code pulumi up} runs.
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
        boolean builds = plan.resources().stream().anyMatch(r -> r.type().equals(IMAGE) && inOdoo(r));
        List<String> out = new ArrayList<>();
        for (PlannedResource r : plan.resources()) {
            // a published image is not rebuilt (and its lookup not replaced), nor one that is current with its
            // base: only the addon checkout runs again
            boolean image = r.type().equals(IMAGE) || r.type().equals(REMOTE_IMAGE);
            if (wanted(r, action) && !(image && (!builds || imageCurrent))) {
                out.add(inProject(r.urn(), project));
            }
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
            case REBUILD -> inOdoo(r) && (r.type().equals(IMAGE) || r.type().equals(REMOTE_IMAGE)
                    || (r.type().equals(COMMAND) && r.name().equals(dev.odoostack.odoo.Odoo.FETCH_ADDONS)));
        };
    }

    /** A resource of the Odoo component (its build, its image lookup, its addon checkout). */
    static boolean inOdoo(PlannedResource r) {
        return r.parent().equals(ODOO_COMPONENT + "::" + dev.odoostack.odoo.Odoo.NAME);
    }

    /**
     * A URN of the plan in the project {@code pulumi up} runs: the plan ran under the mock engine, whose project is
     * the configuration's namespace, and the project is the one part of a URN that can differ.
     */
    static String inProject(String urn, String project) {
        String[] parts = urn.split("::", 3); // urn:pulumi:<stack>, <project>, <types>::<name>
        return parts[0] + "::" + project + "::" + parts[2];
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
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode step : preview.path("steps")) {
            String op = step.path("op").asText();
            String urn = step.path("urn").asText();
            if (UNCHANGED.contains(op) || PARTS_OF_A_REPLACE.contains(op) || mine.contains(urn)
                    || urn.contains("::pulumi:pulumi:Stack::")) {
                continue;
            }
            out.add(op + " " + urn.substring(urn.lastIndexOf("::") + 2));
        }
        return List.copyOf(out);
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
