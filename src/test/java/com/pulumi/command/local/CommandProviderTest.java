package com.pulumi.command.local;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pulumi.Context;
import com.pulumi.automation.CommandRunOptions;
import com.pulumi.automation.LocalWorkspace;
import com.pulumi.automation.LocalWorkspaceOptions;
import com.pulumi.automation.OperationType;
import com.pulumi.automation.ProjectRuntimeName;
import com.pulumi.automation.ProjectSettings;
import com.pulumi.automation.UpOptions;
import com.pulumi.automation.UpResult;
import com.pulumi.automation.UpdateResult;
import com.pulumi.automation.WorkspaceStack;
import com.pulumi.core.Output;
import dev.odoostack.testing.PulumiCli;
import dev.odoostack.testing.PulumiCliCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written binding against the real provider: {@code pulumi-resource-command} v1.2.1 under the real CLI,
 * both from bin/real-engine, driven by the Automation API with an inline program (so no language host runs).
 * Each command line notes in a journal file of the temp dir that it ran and the FOO it saw, so what ran is read,
 * not assumed. Tagged e2e: without the engine the class fails, naming {@code bin/real-engine prepare}.
 */
@Tag("e2e")
class CommandProviderTest {
    private static final String RELEASE = "1.2.1";
    private static final String TYPE = "command:local:Command";
    private static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    private static final ObjectMapper JSON = new ObjectMapper();

    // pulumi-java's inline host leaves each up's gRPC channel to the engine open; grpc reports every one it finds
    // collected with a SEVERE stack trace. Held here: java.util.logging keeps loggers only weakly.
    private static final Logger ORPHANED_CHANNELS = Logger.getLogger("io.grpc.internal.ManagedChannelOrphanWrapper");

    private static Path cli;

    @TempDir
    Path tmp;

    private Path journal;
    private PulumiCliCommand pulumi;
    private Map<String, String> env;

    @BeforeAll
    static void needsTheEngine() {
        ORPHANED_CHANNELS.setLevel(Level.OFF);
        cli = PulumiCli.find().orElse(null);
        if (cli == null) {
            fail(PulumiCli.ABSENT);
        }
        if (!Files.isExecutable(cli.resolveSibling("pulumi-resource-command"))) {
            fail("no pulumi-resource-command beside " + cli + ": bin/real-engine prepare builds it (bin/test and CI run that first)");
        }
    }

    @Test
    void createUpdateAndDestroyRunTheirLinesWithTheGivenInputs() throws Exception {
        try (WorkspaceStack stack = newStack("lifecycle")) {
            UpResult created = up(stack, oneCommand(() -> journaled("bar", "v1", true)));
            assertEquals(Map.of(OperationType.CREATE, 2), created.summary().resourceChanges(), "the stack and the command");
            // the provider drops one trailing newline of each stream: cat gave "hello\n", stderr "a line to stderr\n"
            assertEquals("env=bar\nhello", output(created, "stdout"), "create saw FOO and stdin");
            assertEquals("a line to stderr", output(created, "stderr"));
            assertEquals(List.of("create FOO=bar"), journal());
            assertEquals(RELEASE, defaultProviderVersion(stack), "the version the binding asks the engine for");

            UpResult unchanged = up(stack, oneCommand(() -> journaled("bar", "v1", true)));
            assertEquals(Map.of(OperationType.SAME, 2), unchanged.summary().resourceChanges());
            assertEquals(1, journal().size(), "an up with nothing changed ran a line: " + journal());

            UpResult updated = up(stack, oneCommand(() -> journaled("baz", "v1", true)));
            assertEquals(Map.of(OperationType.SAME, 1, OperationType.UPDATE, 1), updated.summary().resourceChanges());
            assertEquals(List.of("create FOO=bar", "update FOO=baz"), journal(), "update ran, not create");
            assertEquals("update env=baz", output(updated, "stdout"), "the outputs are the update line's");

            UpdateResult destroyed = stack.destroy();
            assertEquals(Map.of(OperationType.DELETE, 2), destroyed.summary().resourceChanges());
            assertEquals(List.of("create FOO=bar", "update FOO=baz", "delete FOO=baz"), journal());
            assertEquals(List.of(), resourcesOfType(export(stack), TYPE), "a command left in the state");
        }
    }

    @Test
    void aTriggerChangeReplacesTheCommand() throws Exception {
        try (WorkspaceStack stack = newStack("triggers")) {
            up(stack, oneCommand(() -> journaled("bar", "v1", false)));
            UpResult retriggered = up(stack, oneCommand(() -> journaled("bar", "v2", false)));
            List<String> afterTrigger = journal();
            UpResult unchanged = up(stack, oneCommand(() -> journaled("bar", "v2", false)));
            assertAll(
                () -> assertEquals(2, afterTrigger.stream().filter(l -> l.startsWith("create")).count(), "create runs again: " + afterTrigger),
                // the provider's Node, Python, Go and .NET SDKs send replaceOnChanges ["triggers[*]"] for this
                () -> assertEquals(Map.of(OperationType.SAME, 1, OperationType.REPLACE, 1), retriggered.summary().resourceChanges(),
                    "a triggers change must replace the command, not update it in place"),
                // create before delete, Pulumi's default for a replacement: the old command's delete line runs last
                () -> assertEquals(List.of("create FOO=bar", "create FOO=bar", "delete FOO=bar"), afterTrigger),
                () -> assertEquals(Map.of(OperationType.SAME, 2), unchanged.summary().resourceChanges()),
                () -> assertEquals(afterTrigger, journal(), "an up with nothing changed ran a line"));
        }
    }

    @Test
    void loggingDecidesWhetherTheCommandsOutputShowsInTheUp() throws Exception {
        try (WorkspaceStack stack = newStack("logging")) {
            UpResult r = up(stack, ctx -> {
                new Command("shown", CommandArgs.builder()
                    .create("echo shown-on-stdout; echo shown-on-stderr >&2")
                    .logging("stdoutAndStderr")
                    .build());
                var hidden = new Command("hidden", CommandArgs.builder()
                    .create("echo hidden-on-stdout; echo hidden-on-stderr >&2")
                    .logging("none")
                    .build());
                // a secret, so that the up's closing list of outputs shows it as [secret]
                ctx.export("hiddenStdout", hidden.stdout().asSecret());
            });
            String shown = r.standardOutput() + r.standardError();
            assertTrue(shown.contains("shown-on-stdout") && shown.contains("shown-on-stderr"), shown);
            assertFalse(shown.contains("hidden-on-"), shown);
            assertEquals("hidden-on-stdout", output(r, "hiddenStdout"), "none keeps the output, only the log is off");
        }
    }

    @Test
    void secretInputsStaySecretInTheExport() throws Exception {
        String token = "odoo-stack-secret-" + UUID.randomUUID();
        try (WorkspaceStack stack = newStack("secrets")) {
            UpResult r = up(stack, oneCommand(() -> CommandArgs.builder()
                // hashes: the command proves it saw both values without printing them (stdout is never a secret)
                .create("printf %s \"$TOKEN\" | sha256sum | cut -d' ' -f1; sha256sum | cut -d' ' -f1")
                .environment(Output.ofSecret(Map.of("TOKEN", token)))
                .stdin(Output.ofSecret(token + "-stdin"))
                .build()));
            assertEquals(sha256(token) + "\n" + sha256(token + "-stdin"), output(r, "stdout"));

            String export = export(stack);
            assertFalse(export.contains(token), "the token in plain text in pulumi stack export");
            Map<String, Object> command = resourcesOfType(export, TYPE).get(0);
            for (String side : List.of("inputs", "outputs")) {
                for (String key : List.of("environment", "stdin")) {
                    Object value = map(command.get(side)).get(key);
                    assertTrue(isEncryptedSecret(value), side + "." + key + " is not an encrypted secret: " + value);
                }
            }
        }
    }

    // --- the workspace and the engine ---------------------------------------------------------------------------

    /** A stack of its own: file backend and Pulumi home in the temp dir, passphrase secrets, the engine's CLI. */
    private WorkspaceStack newStack(String name) throws Exception {
        journal = tmp.resolve("journal");
        pulumi = PulumiCliCommand.at(cli);
        env = Map.of(
            "PULUMI_BACKEND_URL", "file://" + Files.createDirectories(tmp.resolve("state")),
            "PULUMI_HOME", tmp.resolve("home").toString(),
            "PULUMI_CONFIG_PASSPHRASE", "a passphrase of the test only",
            "PULUMI_SKIP_UPDATE_CHECK", "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "true");
        var workspace = LocalWorkspace.create(LocalWorkspaceOptions.builder()
            .workDir(Files.createDirectories(tmp.resolve("work")))
            .pulumiCommand(pulumi)
            .projectSettings(ProjectSettings.builder("command-provider-test", ProjectRuntimeName.JAVA).build())
            .environmentVariables(env)
            .build());
        return WorkspaceStack.create(name, workspace);
    }

    private static UpResult up(WorkspaceStack stack, Consumer<Context> program) throws Exception {
        return stack.up(UpOptions.builder().program(program).build());
    }

    /** {@code pulumi stack export} as an operator runs it; the Automation API's exportStack adds --show-secrets. */
    private String export(WorkspaceStack stack) throws Exception {
        return pulumi.run(List.of("stack", "export", "--stack", stack.name()),
            CommandRunOptions.builder().workingDir(tmp.resolve("work")).additionalEnv(env).build()).standardOutput();
    }

    // --- programs ----------------------------------------------------------------------------------------------

    /** One command named "command", its stdout and stderr exported; the args are built inside the program. */
    private static Consumer<Context> oneCommand(Supplier<CommandArgs> args) {
        return ctx -> {
            var command = new Command("command", args.get());
            ctx.export("stdout", command.stdout());
            ctx.export("stderr", command.stderr());
        };
    }

    /** create, update (if asked) and delete, each noting in the journal that it ran and the FOO it saw. */
    private CommandArgs journaled(String foo, String trigger, boolean withUpdate) {
        String note = " FOO=$FOO\" >> '" + journal + "'";
        var args = CommandArgs.builder()
            .create("echo \"env=$FOO\"; cat; echo 'a line to stderr' >&2; echo \"create" + note)
            .delete("echo \"delete" + note)
            .environment(Map.of("FOO", foo))
            .stdin("hello\n")
            .triggers(trigger);
        if (withUpdate) {
            args.update("echo \"update env=$FOO\"; echo \"update" + note);
        }
        return args.build();
    }

    // --- what happened -----------------------------------------------------------------------------------------

    private List<String> journal() throws Exception {
        return Files.exists(journal) ? Files.readAllLines(journal) : List.of();
    }

    private static Object output(UpResult r, String name) {
        return r.outputs().get(name).value();
    }

    private static List<Map<String, Object>> resourcesOfType(String export, String type) throws Exception {
        var resources = (List<?>) map(map(JSON.readValue(export, Map.class)).get("deployment")).getOrDefault("resources", List.of());
        return resources.stream().map(CommandProviderTest::map).filter(r -> type.equals(r.get("type"))).toList();
    }

    private String defaultProviderVersion(WorkspaceStack stack) throws Exception {
        var providers = resourcesOfType(export(stack), "pulumi:providers:command");
        assertEquals(1, providers.size(), "one command provider: " + providers);
        return (String) map(providers.get(0).get("inputs")).get("version");
    }

    /** A secret as the state keeps it: Pulumi's secret signature and the value encrypted with the passphrase. */
    private static boolean isEncryptedSecret(Object value) {
        return value instanceof Map<?, ?> m
            && SECRET_SIG.equals(m.get("4dabf18193072939515e22adb298388d"))
            && m.get("ciphertext") instanceof String c && !c.isEmpty()
            && !m.containsKey("plaintext");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
