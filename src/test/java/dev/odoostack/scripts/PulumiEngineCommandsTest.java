package dev.odoostack.scripts;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/odoo-stack restore|rebuild|destroy} under the Pulumi engine, as a fast check without a Docker engine (the
 * real engine runs them in the real-engine suite: docs/testing.md). They go through the Automation API, which speaks
 * to the REAL CLI (its events come over gRPC, so no stand-in can answer a preview), behind a wrapper that records
 * every call. What is proven is what bin/odoo-stack asks of Pulumi before anything changes: a restore told to the CLI
 * (and so to the restore's command) as ODOO_STACK_ACTION, a stack with nothing to restore or a failed preview stopping
 * in one line with nothing applied, and a destroy that says where the data stayed.
 */
class PulumiEngineCommandsTest {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;
    Path project;
    Path calls;

    @BeforeEach
    void project() throws IOException {
        project = Files.createDirectories(tmp.resolve("project"));
        Files.copy(REPO.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.createSymbolicLink(project.resolve("docker"), REPO.resolve("docker"));
        // the committed opw: a restore (only when asked) and an addon repository, both declared
        Files.copy(REPO.resolve("Pulumi.opw.yaml"), project.resolve("Pulumi.opw.yaml"));
        calls = tmp.resolve("calls");
        Files.createDirectories(tmp.resolve("bin"));
    }

    Cmd.Result odooStack(String... args) {
        return odooStack(Map.of(), args);
    }

    Cmd.Result odooStack(Map<String, String> extra, String... args) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("ODOO_STACK_HOME", tmp.resolve("home").toString());
        env.put("ODOO_STACK_PROJECT_DIR", project.toString());
        env.put("HOME", tmp.toString());
        env.putAll(extra);
        List<String> c = new java.util.ArrayList<>(List.of(REPO.resolve("bin/odoo-stack").toString()));
        c.addAll(List.of(args));
        return Cmd.run(c, env, null, Duration.ofMinutes(2));
    }

    /**
     * The preview a restore asks first fails here (the real CLI and its providers, no Docker engine): its output, then
     * one line, and no up. What a restore and a rebuild replace, and the refusal of other pending changes, are the
     * real-engine suite's (RestoreIntoStackTest, OpwStackTest; cli.OneOffTest for the decisions).
     */
    @Test
    void aRestoreWhosePreviewFailsChangesNothing() throws IOException {
        realCliBehindWrapper(false);
        Cmd.Result r = odooStack(Map.of("DOCKER_HOST", "unix://" + tmp.resolve("no-engine.sock"),
                // the providers next to the CLI (bin/real-engine puts them there): Pulumi takes them from PATH
                "PATH", tmp.resolve("bin") + ":" + dev.odoostack.testing.PulumiCli.find().orElseThrow().getParent() + ":"
                        + System.getenv("PATH")), "restore", "opw", "--yes");
        assertEquals(1, r.exit(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals("odoo-stack: restore: pulumi preview --stack opw failed (its output is above); nothing was changed",
                lines.get(lines.size() - 1), r.err());
        assertTrue(r.err().contains("failed to connect to any docker daemon") || r.err().contains("error"), r.err());
        assertTrue(Files.readAllLines(calls).stream().anyMatch(l -> l.startsWith("restore|preview ")),
                "the CLI, and so the providers it starts, is told which action runs: " + Files.readString(calls));
        assertFalse(Files.readString(calls).contains("|up "), "nothing was applied");
    }

    @Test
    void aStackWithoutARestoreSaysWhatToSet() throws IOException {
        realCliBehindWrapper(false);
        Files.writeString(project.resolve("Pulumi.opw.yaml"), Files.readString(REPO.resolve("Pulumi.opw.yaml")).lines()
                .filter(l -> !l.strip().startsWith("odoo-stack:restore")).collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        Cmd.Result r = odooStack("restore", "opw", "--yes");
        assertEquals(1, r.exit());
        // one line, in the form of every refusal of bin/odoo-stack
        List<String> lines = r.err().strip().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("odoo-stack: restore: stack opw declares no restore: set "), r.err());
        assertTrue(r.err().strip().endsWith("then bin/odoo-stack up opw"), r.err());
        assertTrue(r.err().contains("odoo-stack:restoreUpstream"), r.err());
        assertFalse(Files.readString(calls).contains("|preview ") || Files.readString(calls).contains("|up "),
                "nothing to restore: no preview, no up");
    }

    @Test
    void planReadsTheStackFilesOfTheProjectDirectoryItIsGiven() throws IOException {
        Files.writeString(project.resolve("Pulumi.t09.yaml"), "config:\n  odoo-stack:traefikHttpPort: 8099\n");
        Cmd.Result r = odooStack("plan", "t09");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("t09"), r.out());
        assertFalse(Files.exists(calls), "plan needs no Pulumi");
    }

    /**
     * destroy goes through the Automation API, which speaks to the CLI in its own terms (version, event log): the
     * REAL CLI then, behind a recording wrapper that can fail the first destroy. The stack holds nothing, so no
     * Docker engine is needed.
     */
    Path realCliBehindWrapper(boolean failFirstDestroy) throws IOException {
        Path cli = dev.odoostack.testing.PulumiCli.find().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(cli != null, dev.odoostack.testing.PulumiCli.ABSENT);
        Path failOnce = tmp.resolve("fail-once");
        if (failFirstDestroy) {
            Files.writeString(failOnce, "");
        }
        Path pulumi = tmp.resolve("bin/pulumi");
        Files.writeString(pulumi, """
                #!/bin/bash
                printf '%%s|%%s\\n' "${ODOO_STACK_ACTION:-}" "$*" >> %s
                if [ "$1" = destroy ] && [ -e %s ]; then rm %s; echo 'error: the first destroy fails (wrapper)' >&2; exit 255; fi
                exec %s "$@"
                """.formatted(calls, failOnce, failOnce, cli));
        pulumi.toFile().setExecutable(true);
        return pulumi;
    }

    @Test
    void destroyRunsPulumiDestroyAndSaysWhereTheDataStays() throws IOException {
        realCliBehindWrapper(false);
        Cmd.Result r = odooStack("destroy", "opw", "--yes");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readAllLines(calls).stream().anyMatch(l -> l.startsWith("|destroy ") && l.contains("--stack opw")),
                Files.readString(calls));
        List<String> lines = r.err().strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("its data stays where it was: /var/lib/odoo-stack/opw ")
                && last.endsWith("bin/odoo-stack up opw brings it back on the same data"), last);
    }

    @Test
    void aDestroyThatFailsPartWayIsRefreshedAndRunOnceMore() throws IOException {
        // the wrapper's first destroy fails, as pulumi-docker's does on a service Docker has removed already
        realCliBehindWrapper(true);
        Cmd.Result r = odooStack("destroy", "opw", "--yes");
        assertEquals(0, r.exit(), r.err());
        List<String> asked = Files.readAllLines(calls).stream().map(l -> l.split(" ")[0]).toList();
        assertEquals(List.of("|destroy", "|refresh", "|destroy"), asked.stream().filter(a -> a.matches("\\|(destroy|refresh)")).toList());
        assertTrue(r.err().contains("pulumi destroy failed; reading what is left from the engine (pulumi refresh), then destroying once more"), r.err());
        assertTrue(r.err().strip().endsWith("bin/odoo-stack up opw brings it back on the same data"), r.err());
    }

    /** As an operator writes it, and as Pulumi rewrites it once it has set a value (every value a string). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"true", "\"true\""})
    void aProductionStackRefusesDestroyBeforePulumiIsAsked(String written) throws IOException {
        // a stand-in CLI that records its calls: none is expected
        Path pulumi = tmp.resolve("bin/pulumi");
        Files.writeString(pulumi, "#!/bin/bash\nprintf '|%s\\n' \"$*\" >> " + calls + "\n");
        pulumi.toFile().setExecutable(true);
        Files.writeString(project.resolve("Pulumi.opw.yaml"), Files.readString(project.resolve("Pulumi.opw.yaml"))
                + "  odoo-stack:production: " + written + "\n");
        Cmd.Result r = odooStack("destroy", "opw", "--yes");
        assertEquals(1, r.exit());
        assertTrue(r.err().strip().endsWith("set odoo-stack:production: false in Pulumi.opw.yaml first"), r.err());
        assertFalse(Files.exists(calls) && Files.readString(calls).contains("|destroy "), "pulumi destroy was not run");
    }
}
