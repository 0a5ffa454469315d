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
 * real engine runs them in the real-engine suite: docs/testing.md). A RECORDING STAND-IN for the {@code pulumi} CLI
 * takes its place: it records
 * every call and answers {@code preview --json} with the steps given. What is proven is what bin/odoo-stack asks of
 * Pulumi: the one-off action alone, no edit of the committed stack file, a stop on other pending changes, and a
 * destroy that says where the data stayed.
 */
class PulumiEngineCommandsTest {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final String RESTORE_URN = "urn:pulumi:opw::odoo-stack::odoo-stack:restore:Restore$command:local:Command::restore";

    @TempDir
    Path tmp;
    Path project;
    Path calls;
    Path previewSteps;

    @BeforeEach
    void project() throws IOException {
        project = Files.createDirectories(tmp.resolve("project"));
        Files.copy(REPO.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.createSymbolicLink(project.resolve("docker"), REPO.resolve("docker"));
        // the committed opw: a restore (only when asked) and an addon repository, both declared
        Files.copy(REPO.resolve("Pulumi.opw.yaml"), project.resolve("Pulumi.opw.yaml"));
        calls = tmp.resolve("calls");
        previewSteps = tmp.resolve("preview.json");
        Files.writeString(previewSteps, "{\"steps\": []}");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path pulumi = bin.resolve("pulumi");
        // the stand-in: one line per call (ODOO_STACK_ACTION, then the arguments); preview --json from the file
        Files.writeString(pulumi, """
                #!/bin/bash
                printf '%%s|%%s\\n' "${ODOO_STACK_ACTION:-}" "$*" >> %s
                [ "$1" = version ] && { echo v3.253.0; exit 0; }
                case "$1 ${*: -1}" in
                  "preview --json") cat %s ;;
                esac
                exit 0
                """.formatted(calls, previewSteps));
        pulumi.toFile().setExecutable(true);
    }

    Cmd.Result odooStack(String... args) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("ODOO_STACK_HOME", tmp.resolve("home").toString());
        env.put("ODOO_STACK_PROJECT_DIR", project.toString());
        env.put("HOME", tmp.toString());
        List<String> c = new java.util.ArrayList<>(List.of(REPO.resolve("bin/odoo-stack").toString()));
        c.addAll(List.of(args));
        return Cmd.run(c, env, null, Duration.ofMinutes(2));
    }

    /** The recorded `pulumi up` lines, without the event log's temporary file (bin/odoo-stack reads failures there). */
    List<String> ups() throws IOException {
        return Files.readAllLines(calls).stream().filter(l -> l.contains("|up "))
                .map(l -> l.replaceFirst(" --event-log \\S+", "")).toList();
    }

    @Test
    void aRestoreReplacesTheRestoreCommandAloneAndLeavesTheStackFileAsItWas() throws IOException {
        String before = Files.readString(project.resolve("Pulumi.opw.yaml"));
        Cmd.Result r = odooStack("restore", "opw", "--yes");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("restore|up --stack opw --target-replace " + RESTORE_URN + " --yes"), ups(),
                "pulumi up replaces the restore command alone, and the restore's command is told it was asked for");
        assertEquals(before, Files.readString(project.resolve("Pulumi.opw.yaml")), "no restoreGeneration to raise");
    }

    @Test
    void aRebuildReplacesTheCheckoutTheBuildAndTheLookupWithTheirDependents() throws IOException {
        Cmd.Result r = odooStack("rebuild", "opw");
        assertEquals(0, r.exit(), r.err());
        String up = ups().get(0);
        assertTrue(up.startsWith("rebuild|up --stack opw "), up);
        for (String name : List.of("command:local:Command::fetch-addons", "docker:index/image:Image::odoo-build",
                "docker:index/remoteImage:RemoteImage::odoo-image")) {
            assertTrue(up.contains("--target-replace urn:pulumi:opw::odoo-stack::odoo-stack:odoo:Odoo$" + name), up);
        }
        assertTrue(up.endsWith("--target-dependents"), up);
    }

    @Test
    void otherPendingChangesStopTheRestoreInOneLineBeforeAnythingIsApplied() throws IOException {
        Files.writeString(previewSteps, """
                {"steps": [{"op": "update", "urn": "urn:pulumi:opw::odoo-stack::odoo-stack:odoo:Odoo$docker:index/container:Container::odoo"},
                           {"op": "update", "urn": "%s"}]}""".formatted(RESTORE_URN));
        Cmd.Result r = odooStack("restore", "opw");
        assertEquals(1, r.exit());
        List<String> lines = r.err().strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("odoo-stack restore: stack opw has 1 pending change(s) besides the restore (update odoo)")
                && last.contains("bin/odoo-stack up opw"), last);
        assertFalse(Files.readString(calls).contains("|up "), "nothing was applied");
    }

    @Test
    void aStackWithoutARestoreSaysWhatToSet() throws IOException {
        Files.writeString(project.resolve("Pulumi.opw.yaml"), Files.readString(REPO.resolve("Pulumi.opw.yaml")).lines()
                .filter(l -> !l.strip().startsWith("odoo-stack:restore")).collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        Cmd.Result r = odooStack("restore", "opw");
        assertEquals(1, r.exit());
        assertTrue(r.err().strip().endsWith("then bin/odoo-stack up opw"), r.err());
        assertTrue(r.err().contains("odoo-stack:restoreUpstream"), r.err());
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
        Files.writeString(project.resolve("Pulumi.opw.yaml"), Files.readString(project.resolve("Pulumi.opw.yaml"))
                + "  odoo-stack:production: " + written + "\n");
        Cmd.Result r = odooStack("destroy", "opw", "--yes");
        assertEquals(1, r.exit());
        assertTrue(r.err().strip().endsWith("set odoo-stack:production: false in Pulumi.opw.yaml first"), r.err());
        assertFalse(Files.exists(calls) && Files.readString(calls).contains("|destroy "), "pulumi destroy was not run");
    }
}
