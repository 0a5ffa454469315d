package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/odoo-stack on the Pulumi engine through Pulumi's Automation API, with the real CLI and providers: the program
 * runs in bin/odoo-stack's own JVM (proven with no Java language host on PATH), Pulumi's output streams, the last
 * line says what changed; without --yes and a terminal nothing is done; another update's lock (a stale one, a live
 * one) is one line naming who holds it; refresh reads a container removed by hand, and up puts it back.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutomationApiTest {
    static final String STACK = "cm";

    RealEngine.Project project;
    Path home;

    @BeforeAll
    void project() throws IOException {
        RealEngine.wipe(STACK);
        Path tmp = Files.createTempDirectory("automation-api-test");
        project = new RealEngine.Project(tmp, Map.of());
        home = tmp.resolve("home");
    }

    @AfterAll
    void wipe() {
        RealEngine.wipe(STACK);
    }

    String lastLine(Cmd.Result r) {
        List<String> lines = r.err().strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** The operator's environment with the Pulumi engine on PATH but no Java language host anywhere on it. */
    Map<String, String> withoutLanguageHost() throws IOException {
        Path bin = Files.createDirectories(home.resolve("no-language-host"));
        for (String piece : List.of("pulumi", "pulumi-resource-docker", "pulumi-resource-command")) {
            Files.deleteIfExists(bin.resolve(piece));
            Files.createSymbolicLink(bin.resolve(piece), RealEngine.pulumiEngine().resolve(piece));
        }
        Map<String, String> env = project.operatorEnv();
        List<String> path = new ArrayList<>(List.of(bin.toString()));
        for (String dir : env.get("PATH").split(":")) {
            if (!Files.exists(Path.of(dir, "pulumi-language-java"))) {
                path.add(dir);
            }
        }
        env.put("PATH", String.join(":", path));
        return env;
    }

    Cmd.Result odooStack(Map<String, String> env, String... args) {
        List<String> c = new ArrayList<>(List.of(RealEngine.REPO.resolve("bin/odoo-stack").toString()));
        c.addAll(List.of(args));
        return Cmd.run(c, env, null, java.time.Duration.ofMinutes(8));
    }

    @Test
    @Order(1)
    void upRunsTheProgramInItsOwnJvmStreamsPulumiAndEndsWithWhatChanged() throws IOException {
        Map<String, String> env = withoutLanguageHost();
        Cmd.Result first = odooStack(env, "up", STACK, "--yes", "--skip-preview");
        assertEquals(0, first.exit(), first::text);
        assertTrue(first.out().contains("docker:index:Container odoo created"), first.out());
        assertTrue(lastLine(first).matches("odoo-stack: stack cm is up \\(created \\d+, unchanged 0\\): http://cm\\.localhost:8081"),
                lastLine(first));
        assertEquals("running healthy", RealEngine.dockerOk("inspect", "--format", "{{.State.Status}} {{.State.Health.Status}}", "cm-odoo"));
        Cmd.Result again = odooStack(env, "up", STACK, "--yes", "--skip-preview");
        assertEquals(0, again.exit(), again::text);
        assertTrue(lastLine(again).matches("odoo-stack: stack cm is up \\(unchanged \\d+\\): http://cm\\.localhost:8081"), lastLine(again));
        Cmd.Result preview = odooStack(env, "preview", STACK);
        assertEquals(0, preview.exit(), preview::text);
        assertTrue(lastLine(preview).matches("odoo-stack: preview cm: what up would do: leave unchanged \\d+"), lastLine(preview));
    }

    @Test
    @Order(2)
    void withoutYesAndWithoutATerminalNothingIsDone() {
        Cmd.Result r = project.odooStack("up", STACK);
        assertEquals(2, r.exit(), r::text);
        assertEquals("odoo-stack: up cm: nothing done: no terminal to confirm on; add --yes (bin/odoo-stack up cm --yes)", lastLine(r));
    }

    Path lockFile() throws IOException {
        return Files.createDirectories(home.resolve("state/.pulumi/locks/organization/odoo-stack/cm"))
                .resolve("7d0c5b7e-0000-4000-8000-000000000001.json");
    }

    void lock(String user, long pid) throws IOException {
        Files.writeString(lockFile(), "{\"pid\":" + pid + ",\"username\":\"" + user + "\",\"hostname\":\""
                + InetAddress.getLocalHost().getHostName() + "\",\"timestamp\":\"2026-12-07T06:00:00Z\"}");
    }

    @Test
    @Order(3)
    void anotherUpdatesLockIsOneLineNamingWhoHoldsItAndTheFixForAStaleOne() throws Exception {
        // a live holder: a process of this host
        Process holder = new ProcessBuilder("sleep", "600").start();
        try {
            lock("bob", holder.pid());
            Cmd.Result live = project.up(STACK);
            assertEquals(1, live.exit(), live::text);
            assertEquals("odoo-stack: up cm: another update holds the stack's lock: bob@" + InetAddress.getLocalHost().getHostName()
                    + " (pid " + holder.pid() + ", still running: /usr/bin/sleep 600) since 2026-12-07T06:00:00Z; wait for it to end",
                    lastLine(live));
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        // a stale one: its process is gone; the line's own fix removes it
        lock("alice", holder.pid());
        Cmd.Result stale = project.up(STACK);
        assertEquals(1, stale.exit(), stale::text);
        assertTrue(lastLine(stale).contains("alice@") && lastLine(stale).contains("no longer running on this host: the lock is stale")
                && lastLine(stale).endsWith("; wait for it to end, or remove the stale lock: eval \"$(bin/odoo-stack env)\"; pulumi cancel --stack cm --yes"),
                lastLine(stale));
        project.pulumi("cancel", "--stack", STACK, "--yes").orThrow();
        assertTrue(!Files.exists(lockFile()), "pulumi cancel removed the lock");
        Cmd.Result up = project.up(STACK);
        assertEquals(0, up.exit(), up::text);
    }

    @Test
    @Order(4)
    void refreshReadsAContainerRemovedByHandAndUpPutsItBack() {
        RealEngine.dockerOk("rm", "-f", "cm-traefik");
        Cmd.Result refresh = project.odooStack("refresh", STACK);
        assertEquals(0, refresh.exit(), refresh::text);
        assertTrue(lastLine(refresh).startsWith("odoo-stack: refresh cm: Pulumi's state now holds what the engine has ("), lastLine(refresh));
        assertEquals(Map.of("docker:index/container:Container::traefik", "create"), project.previewChanges(STACK));
        Cmd.Result up = project.up(STACK);
        assertEquals(0, up.exit(), up::text);
        assertTrue(lastLine(up).startsWith("odoo-stack: stack cm is up (created 1, "), lastLine(up));
        assertEquals("running healthy", RealEngine.dockerOk("inspect", "--format", "{{.State.Status}} {{.State.Health.Status}}", "cm-traefik"));
        // the raw command does the same, on the same state
        project.pulumi("refresh", "--stack", STACK, "--yes", "--skip-preview").orThrow();
    }
}
