package dev.odoostack.config;

import dev.odoostack.testing.Cmd;
import dev.odoostack.testing.PulumiCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real Pulumi CLI (the version bin/odoo-stack pins) accepts the project's Pulumi.yaml with each committed stack
 * file and with one that sets nothing: Pulumi checks a stack's config against the project's {@code config:} block
 * (required keys, declared types, secrets) before it starts anything, and stopped {@code pulumi up -s cm} with
 * "Stack 'cm' is missing configuration values ..." while the block declared the optional keys with a type and no
 * default.
 *
 * <p>{@code pulumi logs} runs the same check as up, preview, refresh and destroy
 * (workspace.ValidateStackConfigAndApplyProjectConfig, pkg/cmd/pulumi/logs/logs.go) and then, on a stack never
 * deployed, returns no logs: no language host, no provider, no Docker. Tagged e2e: bin/test builds the CLI first
 * (bin/real-engine prepare); without it the class fails, naming that command.
 */
@Tag("e2e")
class PulumiValidatesStackConfigTest {
    static Path cli;

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTheCli() {
        cli = PulumiCli.find().orElse(null);
        if (cli == null) {
            fail(PulumiCli.ABSENT);
        }
    }

    /** A copy of the project: Pulumi.yaml as given, and the stack's file; returns its directory. */
    private Path project(String stack, String pulumiYaml, String stackFile) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("project-" + stack));
        Files.writeString(dir.resolve("Pulumi.yaml"), pulumiYaml);
        Files.writeString(dir.resolve("Pulumi." + stack + ".yaml"), stackFile);
        return dir;
    }

    /** {@code pulumi logs} of a new stack on a file backend of its own, with passphrase secrets. */
    private Cmd.Result validate(Path project, String stack) throws Exception {
        Path passphrase = tmp.resolve("passphrase");
        Files.writeString(passphrase, "a passphrase of the test only");
        Files.createDirectories(tmp.resolve("state"));
        Map<String, String> env = PulumiCli.env(tmp.resolve("pulumi-home"), "file://" + tmp.resolve("state"), passphrase);
        PulumiCli.run(cli, project, env, null, "stack", "init", stack, "--secrets-provider", "passphrase").orThrow();
        return PulumiCli.run(cli, project, env, null, "logs", "--stack", stack, "--json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm", "bare"})
    void theRealCliAcceptsTheProjectWithTheStackFile(String stack) throws Exception {
        String stackFile = stack.equals("bare") ? "# sets nothing: every key takes its default\nconfig: {}\n"
                : Files.readString(Path.of("Pulumi." + stack + ".yaml"));
        Cmd.Result r = validate(project(stack, Files.readString(SettingsTable.PROJECT_FILE), stackFile), stack);
        assertEquals(0, r.exit(), "pulumi refuses Pulumi.yaml with Pulumi." + stack + ".yaml: " + r.err().strip());
        assertTrue(!r.err().contains("validating stack config"), r.err());
    }

    @Test
    void theCommandRunsTheCheckThatRefusedTheOldBlock() throws Exception {
        // an optional key declared as the block used to declare it: a type and no default
        String old = Files.readString(SettingsTable.PROJECT_FILE)
                + "  odooEgress:\n    type: boolean\n    description: \"declared the old way\"\n"
                + "  backupPassword:\n    type: string\n    secret: true\n";
        assertEquals(List.of("odooEgress", "backupPassword"), SettingsTableTest.requiredByPulumi(old, ConfigKey.NAMESPACE),
                "the unit test's reading of Pulumi's rule");
        Cmd.Result r = validate(project("bare", old, "config: {}\n"), "bare");
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.err().contains("validating stack config: Stack 'bare' is missing configuration values"
                + " 'backupPassword' and 'odooEgress'"), r.err());
    }
}
