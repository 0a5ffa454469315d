package dev.odoostack.engine;

import com.pulumi.automation.AutomationException;
import com.pulumi.automation.CommandResult;
import com.pulumi.automation.CommandRunOptions;
import com.pulumi.automation.PulumiCommand;
import com.pulumi.automation.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Pulumi CLI as the Automation API runs it, with {@code --stack} on every operation. pulumi-java 1.36.1 selects
 * the stack ({@code pulumi stack select}) and then runs {@code pulumi up} without naming it: two commands on two
 * stacks of one project at once (opw and cm, from two terminals) could each run on the stack the other selected.
 */
final class StackPinnedCommand implements PulumiCommand {
    private static final Set<String> OPERATIONS = Set.of("up", "preview", "destroy", "refresh");
    private final PulumiCommand cli;
    private final String stack;

    StackPinnedCommand(PulumiCommand cli, String stack) {
        this.cli = cli;
        this.stack = stack;
    }

    /** The arguments with {@code --stack STACK} after the operation, where the operation takes it and lacks it. */
    static List<String> pinned(List<String> args, String stack) {
        if (args.contains("--stack") || args.isEmpty()) {
            return args;
        }
        int at;
        if (OPERATIONS.contains(args.get(0))) {
            at = 1;
        } else if (args.size() > 1 && args.get(0).equals("stack") && Set.of("history", "output", "export").contains(args.get(1))) {
            at = 2;
        } else {
            return args;
        }
        List<String> with = new ArrayList<>(args.subList(0, at));
        with.addAll(List.of("--stack", stack));
        with.addAll(args.subList(at, args.size()));
        return with;
    }

    @Override
    public Version version() {
        return cli.version();
    }

    @Override
    public CommandResult run(List<String> args, CommandRunOptions options) throws AutomationException {
        return cli.run(pinned(args, stack), options);
    }
}
