package dev.odoostack.pulumi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.odoostack.testing.Cmd;
import dev.odoostack.testing.PulumiCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operations.md "Team use", run with the real Pulumi CLI: two checkouts (git clones of this project) share
 * one backend directory and one passphrase file, as two operators or an operator and CI would. Pulumi's
 * CLI-only commands run for real; `pulumi up` cannot run here (no Java language host, no docker provider).
 */
class TeamUseTest {

    private static Path cli;

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTheCli() {
        cli = PulumiCli.find().orElse(null);
        Assumptions.assumeTrue(cli != null, PulumiCli.ABSENT);
    }

    /**
     * A git repository holding this project's Pulumi files and bin/odoo-stack; returns a clone of it, with the jar
     * the launcher runs in its target/, as after a build (the clone has no sources to build it from).
     */
    private Path checkout(Path origin, String name) throws Exception {
        if (!Files.exists(origin)) {
            Files.createDirectories(origin.resolve("bin/lib"));
            for (String f : List.of("Pulumi.yaml", "Pulumi.opw.yaml", "Pulumi.cm.yaml", "bin/odoo-stack",
                    "bin/lib/pulumi-version", ".gitignore")) {
                Files.copy(Path.of(f), origin.resolve(f));
            }
            git(origin, "init", "-q", "-b", "main");
            git(origin, "add", "-A");
            git(origin, "commit", "-qm", "the project");
            git(origin, "config", "receive.denyCurrentBranch", "updateInstead");
        }
        Path dir = tmp.resolve(name);
        git(tmp, "clone", "-q", origin.toString(), dir.toString());
        Cmd.run(List.of("bin/odoo-stack", "build"), Map.of(), null, Duration.ofMinutes(5)).orThrow();
        Files.createDirectories(dir.resolve("target"));
        Files.copy(Path.of("target/odoo-stack.jar"), dir.resolve("target/odoo-stack.jar"));
        return dir;
    }

    private static void git(Path dir, String... args) {
        List<String> c = new java.util.ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@t"));
        c.addAll(List.of(args));
        Cmd.run(c, Map.of(), null, Duration.ofSeconds(30)).orThrow();
    }

    @Test
    void asecondCheckoutSeesTheSameStackAndReadsItsSecretWithTheSharedPassphrase() throws Exception {
        Path origin = tmp.resolve("origin");
        Path a = checkout(origin, "operator-a");
        Path b = checkout(origin, "operator-b");
        // the shared backend (a directory on a shared host) and the passphrase from the team's secret store
        String backend = "file://" + tmp.resolve("shared-state");
        Files.createDirectories(tmp.resolve("shared-state"));
        Path passphrase = tmp.resolve("secret-store/odoo-stack-passphrase");
        Files.createDirectories(passphrase.getParent());
        Files.writeString(passphrase, "correct horse battery staple of the team");
        Map<String, String> env = PulumiCli.env(tmp.resolve("pulumi-home"), backend, passphrase);

        // operator A creates the stack and sets a secret, then commits the stack file (it holds the salt)
        PulumiCli.run(cli, a, env, null, "stack", "select", "--create", "opw", "--secrets-provider", "passphrase").orThrow();
        PulumiCli.run(cli, a, env, "the-admin-password-A-set", "config", "set", "--secret", "odooAdminPassword", "--stack", "opw").orThrow();
        git(a, "commit", "-qam", "opw: stack created");
        git(a, "push", "-q", "origin", "main");

        // operator B pulls, and with the same backend and passphrase source sees the same stack and value
        git(b, "pull", "-q");
        Cmd.Result ls = PulumiCli.run(cli, b, env, null, "stack", "ls").orThrow();
        assertTrue(ls.out().contains("opw"), ls.out());
        Cmd.Result get = PulumiCli.run(cli, b, env, null, "config", "get", "odooAdminPassword", "--stack", "opw").orThrow();
        assertEquals("the-admin-password-A-set", get.out().strip());

        // B without the passphrase: Pulumi refuses in one line, and bin/odoo-stack does not invent another one
        Map<String, String> noPassphrase = PulumiCli.env(tmp.resolve("pulumi-home"), backend, null);
        Cmd.Result denied = PulumiCli.run(cli, b, noPassphrase, null, "config", "get", "odooAdminPassword", "--stack", "opw");
        assertNotEquals(0, denied.exit());
        assertTrue(denied.err().contains("PULUMI_CONFIG_PASSPHRASE"), denied.err());
        assertTrue(!denied.out().contains("the-admin-password") && !denied.err().contains("the-admin-password"));

        Map<String, String> odooStack = new HashMap<>(noPassphrase);
        odooStack.put("ODOO_STACK_HOME", null);
        Cmd.Result env2 = Cmd.run(List.of(b.resolve("bin/odoo-stack").toString(), "env"), odooStack, null, Duration.ofSeconds(30));
        assertEquals(1, env2.exit(), env2.err());
        assertEquals(1, env2.err().strip().lines().count(), env2.err());
        assertTrue(env2.err().contains("Pulumi.opw.yaml holds secrets encrypted with a passphrase this checkout does not have")
                && env2.err().contains("docs/operations.md#team-use") && env2.err().contains("PULUMI_CONFIG_PASSPHRASE_FILE"), env2.err());
        assertTrue(!Files.exists(b.resolve(".odoo-stack/passphrase")), "no second passphrase generated");

        // with the team's passphrase file, bin/odoo-stack env hands the shared backend on to raw pulumi lines
        Map<String, String> shared = new HashMap<>(env);
        shared.put("ODOO_STACK_HOME", null);
        Cmd.Result exports = Cmd.run(List.of(b.resolve("bin/odoo-stack").toString(), "env"), shared, null, Duration.ofSeconds(30)).orThrow();
        assertTrue(exports.out().contains("export PULUMI_BACKEND_URL=" + backend), exports.out());
        assertTrue(exports.out().contains("export PULUMI_CONFIG_PASSPHRASE_FILE=" + passphrase), exports.out());
    }

    @Test
    void fromTheRepositoryRawPulumiFindsTheProjectsOwnBackend() throws Exception {
        Path a = checkout(tmp.resolve("origin"), "operator-a");
        // what bin/odoo-stack up uses: .odoo-stack/state and .odoo-stack/passphrase of the checkout
        Cmd.Result env = Cmd.run(List.of(a.resolve("bin/odoo-stack").toString(), "env"),
                Map.of("ODOO_STACK_HOME", "", "PULUMI_BACKEND_URL", "", "PULUMI_CONFIG_PASSPHRASE", "", "PULUMI_CONFIG_PASSPHRASE_FILE", ""),
                null, Duration.ofSeconds(30)).orThrow();
        assertTrue(env.out().contains("export PULUMI_BACKEND_URL=file://" + a.resolve(".odoo-stack/state")), env.out());
        // no PULUMI_BACKEND_URL: Pulumi.yaml's backend, resolved against the repository root where the docs run it
        Map<String, String> raw = PulumiCli.env(tmp.resolve("pulumi-home"), null, a.resolve(".odoo-stack/passphrase"));
        PulumiCli.run(cli, a, raw, null, "stack", "init", "cm", "--secrets-provider", "passphrase").orThrow();
        assertTrue(Files.isDirectory(a.resolve(".odoo-stack/state/.pulumi/stacks/odoo-stack")), "the stack is in the checkout's .odoo-stack/state");
        Cmd.Result whoami = PulumiCli.run(cli, a, raw, null, "whoami", "--verbose").orThrow();
        assertTrue(whoami.out().contains("Backend URL: file://.odoo-stack/state"), whoami.out());
    }
}
