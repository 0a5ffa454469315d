package dev.odoostack.engine;

import com.pulumi.automation.AutomationException;
import com.pulumi.automation.CommandException;
import com.pulumi.automation.ConcurrentUpdateException;
import com.pulumi.automation.DestroyOptions;
import com.pulumi.automation.HistoryOptions;
import com.pulumi.automation.UpdateSummary;
import com.pulumi.automation.LocalWorkspace;
import com.pulumi.automation.LocalWorkspaceOptions;
import com.pulumi.automation.OperationType;
import com.pulumi.automation.PreviewOptions;
import com.pulumi.automation.PreviewResult;
import com.pulumi.automation.RefreshOptions;
import com.pulumi.automation.UpOptions;
import com.pulumi.automation.UpdateResult;
import com.pulumi.automation.WorkspaceStack;
import com.pulumi.automation.events.EngineEvent;
import dev.odoostack.cli.UpFailures;
import dev.odoostack.program.StackProgram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Pulumi engine through Pulumi's Automation API: the program runs in this process (an inline program, no
 * language host), the CLI does the rest. The engine's output streams as it comes; the result is typed.
 */
public final class PulumiEngine implements AutoCloseable {
    private static final Pattern LOCK = Pattern.compile("created by (\\S+)@(\\S+) \\(pid (\\d+)\\) at (\\S+)");

    private final String stack;
    private final PulumiSetup setup;
    private final WorkspaceStack workspace;
    private final PrintStream out;
    private final PrintStream err;

    private PulumiEngine(String stack, PulumiSetup setup, WorkspaceStack workspace, PrintStream out, PrintStream err) {
        this.stack = stack;
        this.setup = setup;
        this.workspace = workspace;
        this.out = out;
        this.err = err;
    }

    /** The stack, created with passphrase secrets where it is missing, with the program of this process. */
    public static PulumiEngine open(String stack, PulumiSetup setup, PrintStream out, PrintStream err) {
        return open(stack, setup, StackProgram.inline(setup.programEnvironment(), setup.project()), out, err);
    }

    /**
     * The same program, declaring settings given rather than read from the stack's file: a stack derived from
     * another (the cutover's rehearsal: its scratch stack, with passwords of its own that are never stored).
     */
    public static PulumiEngine open(dev.odoostack.config.Settings settings, PulumiSetup setup, PrintStream out, PrintStream err) {
        return open(settings.stack(), setup, ctx -> StackProgram.declare(ctx, settings, setup.project(), setup.programEnvironment()),
                out, err);
    }

    private static PulumiEngine open(String stack, PulumiSetup setup, java.util.function.Consumer<com.pulumi.Context> program,
                                     PrintStream out, PrintStream err) {
        // pulumi-java logs every error it sends to the engine through java.util.logging as well: the engine's
        // own report is the one kept (as program.Main does)
        java.util.logging.LogManager.getLogManager().reset();
        try {
            // the project's own Pulumi.yaml and stack files: the workspace reads them, and writes none but the
            // encryption salt of a new stack, as pulumi stack init does
            var cli = new StackPinnedCommand(com.pulumi.automation.LocalPulumiCommand.create(), stack);
            var options = LocalWorkspaceOptions.builder().workDir(setup.project()).pulumiCommand(cli)
                    .environmentVariables(setup.environment()).secretsProvider("passphrase")
                    .program(program).build();
            WorkspaceStack ws = WorkspaceStack.createOrSelect(stack, LocalWorkspace.create(options));
            return new PulumiEngine(stack, setup, ws, out, err);
        } catch (AutomationException e) {
            throw new Failure(stack + ": Pulumi cannot open the stack: " + firstLine(e));
        }
    }

    /**
     * The stack's outputs of its last deployment, as plain values (empty before the first): read with {@code pulumi
     * stack output --json} here, since the Automation API reads them as strings only (see {@link #up}). Secrets stay
     * marked as Pulumi marks them, never shown.
     */
    public Map<String, Object> outputs() {
        List<String> c = List.of("pulumi", "stack", "output", "--json", "--stack", stack);
        ProcessBuilder pb = new ProcessBuilder(c).directory(setup.project().toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(setup.environment());
        try {
            Process p = pb.start();
            byte[] json = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0 || json.length == 0) {
                return Map.of();
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, Object>>() { });
        } catch (java.io.IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** The URN of a stack's own resource, which holds its outputs: the target of an up that changes only them. */
    public static String stackUrn(String stack) {
        String project = dev.odoostack.config.ConfigKey.NAMESPACE; // the project's name, Pulumi.yaml's name:
        return "urn:pulumi:" + stack + "::" + project + "::pulumi:pulumi:Stack::" + project + "-" + stack;
    }

    /** The exception pulumi-java's up ends in when the outputs are not all strings (see {@link #up}). */
    static boolean outputsNotStrings(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).startsWith("Expected a string but was")) {
                return true;
            }
        }
        return false;
    }

    /** The options of pulumi up, preview, destroy and refresh that bin/odoo-stack hands on. */
    public record Options(boolean yes, boolean skipPreview, List<String> targets, List<String> replaces,
                          boolean targetDependents, boolean json, boolean diff, boolean expectNoChanges, String message) {
        static final String KNOWN = "--yes, --skip-preview, --target, --target-replace, --replace, --target-dependents,"
                + " --json (preview), --diff, --expect-no-changes, --message";

        /** Reads Pulumi's own spelling of them; anything else is one line. */
        public static Options parse(String command, String stack, List<String> args) {
            boolean yes = false, skip = false, dependents = false, json = false, diff = false, expect = false;
            String message = null;
            List<String> targets = new ArrayList<>(), replaces = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
                boolean takesValue = List.of("--target", "-t", "--target-replace", "--replace", "--message", "-m").contains(name);
                if (takesValue && value == null) {
                    if (i + 1 >= args.size()) {
                        throw new Failure(command + " " + stack + ": " + name + " needs a value (a resource's URN: pulumi stack --stack "
                                + stack + " --show-urns lists them)", 2);
                    }
                    value = args.get(++i);
                }
                switch (name) {
                    case "--yes", "-y" -> yes = true;
                    case "--skip-preview", "-f" -> skip = true;
                    case "--target", "-t" -> targets.add(value);
                    case "--target-replace" -> {
                        targets.add(value);
                        replaces.add(value);
                    }
                    case "--replace" -> replaces.add(value);
                    case "--target-dependents" -> dependents = true;
                    case "--json", "-j" -> json = true;
                    case "--diff" -> diff = true;
                    case "--expect-no-changes" -> expect = true;
                    case "--message", "-m" -> message = value;
                    default -> throw new Failure(command + " " + stack + ": '" + a + "' is not an option bin/odoo-stack hands"
                            + " to Pulumi (those are " + KNOWN + "); for any other, raw pulumi: eval \"$(bin/odoo-stack env)\"; pulumi "
                            + command + " --stack " + stack + " " + a, 2);
                }
            }
            return new Options(yes, skip, List.copyOf(targets), List.copyOf(replaces), dependents, json, diff, expect, message);
        }
    }

    private final List<UpFailures.Diagnostic> diagnostics = new CopyOnWriteArrayList<>();

    private void event(EngineEvent e) {
        var d = e.diagnosticEvent();
        if (d != null) {
            diagnostics.add(new UpFailures.Diagnostic(d.urn(), d.message(), d.severity()));
        }
    }

    /** pulumi preview, streamed; its counts. */
    public PreviewResult preview(Options o) {
        var b = PreviewOptions.builder().diff(true).color("never").onStandardOutput(out::println)
                .onStandardError(err::println).onEvent(this::event).replaces(o.replaces()).targets(o.targets())
                .targetDependents(o.targetDependents()).expectNoChanges(o.expectNoChanges()).json(o.json());
        if (o.message() != null) {
            b.message(o.message());
        }
        try {
            return workspace.preview(b.build());
        } catch (AutomationException e) {
            throw failed("preview", e);
        }
    }

    /** A step of a preview: its operation as {@code pulumi preview --json} spells it (same, update, replace...), and its URN. */
    public record Step(String op, String urn) {
    }

    /**
     * The steps a plain up would take now, from a preview that shows nothing as it runs (a one-off action asks it only
     * for the changes pending besides its own); when the preview fails, its output goes to stderr.
     */
    public List<Step> pendingSteps() {
        List<Step> steps = new CopyOnWriteArrayList<>();
        List<String> said = new CopyOnWriteArrayList<>();
        var o = PreviewOptions.builder().color("never").onStandardOutput(said::add).onStandardError(said::add)
                .onEvent(e -> {
                    event(e);
                    var pre = e.resourcePreEvent();
                    if (pre != null && pre.metadata() != null) {
                        steps.add(new Step(pre.metadata().op().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                                pre.metadata().urn()));
                    }
                });
        try {
            workspace.preview(o.build());
            return List.copyOf(steps);
        } catch (AutomationException e) {
            said.forEach(err::println);
            throw failed("preview", e);
        }
    }

    /**
     * pulumi up, streamed; on failure the cause in one line per failed resource. Its summary: pulumi-java 1.36.1's
     * WorkspaceStack.up reads the stack's outputs after the update as strings only (LocalWorkspace.getStackOutputs:
     * a Map of String to String), so an update whose outputs hold an object or a number (ours: containers,
     * postgresVersion) ends in an exception after it succeeded. That one exception is the update's success: its
     * summary is then read from the history, and the outputs by {@link #outputs()}.
     */
    public UpdateSummary up(Options o) {
        var b = UpOptions.builder().diff(o.diff()).color("never").onStandardOutput(out::println)
                .onStandardError(err::println).onEvent(this::event).replaces(o.replaces()).targets(o.targets())
                .targetDependents(o.targetDependents()).expectNoChanges(o.expectNoChanges());
        if (o.message() != null) {
            b.message(o.message());
        }
        try {
            return workspace.up(b.build()).summary();
        } catch (AutomationException e) {
            if (outputsNotStrings(e)) {
                try {
                    return workspace.getHistory(HistoryOptions.builder().pageSize(1).page(1).build()).get(0);
                } catch (AutomationException | IndexOutOfBoundsException h) {
                    throw new Failure("up " + stack + ": the update ended, but its summary cannot be read: " + firstLine(h));
                }
            }
            UpFailures.of(diagnostics).forEach(err::println);
            throw failed("up", e);
        }
    }

    public UpdateResult destroy(Options o) {
        var b = DestroyOptions.builder().color("never").onStandardOutput(out::println).onStandardError(err::println)
                .onEvent(this::event).targets(o.targets()).targetDependents(o.targetDependents());
        try {
            return workspace.destroy(b.build());
        } catch (AutomationException e) {
            throw failed("destroy", e);
        }
    }

    public UpdateResult refresh(Options o) {
        var b = RefreshOptions.builder().color("never").onStandardOutput(out::println).onStandardError(err::println)
                .onEvent(this::event).targets(o.targets()).expectNoChanges(o.expectNoChanges());
        try {
            return workspace.refresh(b.build());
        } catch (AutomationException e) {
            throw failed("refresh", e);
        }
    }

    /** What an update did, in one line: "created 3, updated 1, replaced 2, unchanged 14". */
    public static String summary(Map<OperationType, Integer> changes) {
        List<String> parts = new ArrayList<>();
        for (var kind : List.of(OperationType.CREATE, OperationType.UPDATE, OperationType.REPLACE, OperationType.DELETE,
                OperationType.SAME)) {
            int n = changes.getOrDefault(kind, 0);
            if (n > 0 || kind == OperationType.SAME) {
                parts.add(word(kind) + " " + n);
            }
        }
        return String.join(", ", parts);
    }

    private static String word(OperationType t) {
        return switch (t) {
            case CREATE -> "created";
            case UPDATE -> "updated";
            case REPLACE -> "replaced";
            case DELETE -> "deleted";
            default -> "unchanged";
        };
    }

    /** A failed operation as one line: the lock another update holds, else Pulumi's own last words. */
    private Failure failed(String what, AutomationException e) {
        String text = e instanceof CommandException c ? String.valueOf(c.getMessage()) : String.valueOf(e.getMessage());
        if (e instanceof ConcurrentUpdateException || text.contains("the stack is currently locked")) {
            return new Failure(what + " " + stack + ": " + lockHolder(text));
        }
        if (e instanceof CommandException) {
            return new Failure(what + " " + stack + ": pulumi " + what + " failed (its output is above)");
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new Failure(what + " " + stack + ": pulumi " + what + " could not be run: " + firstLine(root));
    }

    /** Who holds the stack's lock and since when, as the backend's lock file says; where that process still runs. */
    String lockHolder(String message) {
        Matcher m = LOCK.matcher(message);
        if (!m.find()) {
            return "another update holds the stack's lock (" + firstLine(message) + "); wait for it to end";
        }
        String user = m.group(1), host = m.group(2), pid = m.group(3), since = m.group(4);
        String process = "";
        if (host.equals(hostname())) {
            process = ProcessHandle.of(Long.parseLong(pid)).flatMap(p -> p.info().commandLine())
                    .map(c -> ", still running: " + abbreviate(c))
                    .orElse(", no longer running on this host: the lock is stale");
        }
        return "another update holds the stack's lock: " + user + "@" + host + " (pid " + pid + process + ") since " + since
                + "; wait for it to end" + (process.contains("stale")
                ? ", or remove the stale lock: eval \"$(bin/odoo-stack env)\"; pulumi cancel --stack " + stack + " --yes" : "");
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "";
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 119) + "…";
    }

    private static String firstLine(Object o) {
        String s = String.valueOf(o instanceof Throwable t ? t.getMessage() : o);
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(s);
    }

    /** pulumi stack rm: the stack's state and its stack file go; its resources must have been destroyed first. */
    public void removeStack() {
        try {
            workspace.workspace().removeStack(stack);
        } catch (AutomationException e) {
            throw new Failure("pulumi stack rm " + stack + " failed: " + firstLine(e));
        }
    }

    public PulumiSetup setup() {
        return setup;
    }

    public String stackName() {
        return stack;
    }

    public Path project() {
        return setup.project();
    }

    @Override
    public void close() throws Exception {
        workspace.close();
    }
}
