package dev.odoostack.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The one wait for containers: what each state means for it, and how a wait ends (a Mockito double of the CLI). */
class HealthTest {
    static Health.State state(String line) {
        return Health.State.parse(line);
    }

    @Test
    void aOneShotContainerThatExitedZeroIsDoneAndSaysNothing() {
        var look = Health.Look.of(List.of(state("/cm-odoo-init exited 0 none no")), new HashSet<>());
        assertEquals(List.of(), look.lines());
        assertEquals(List.of(), look.pending());
        assertEquals(Optional.empty(), look.failed());
    }

    @Test
    void aLongRunningContainerThatExitedZeroFailsTheWait() {
        var look = Health.Look.of(List.of(state("/cm-odoo exited 0 none unless-stopped")), new HashSet<>());
        assertEquals("cm-odoo", look.failed().orElseThrow().name());
        assertEquals("exited", look.failed().orElseThrow().what());
    }

    @Test
    void anUnhealthyOrFailedOneShotFailsTheWait() {
        assertEquals("running (unhealthy)", Health.Look.of(List.of(state("/cm-odoo running 0 unhealthy unless-stopped")),
                new HashSet<>()).failed().orElseThrow().what());
        assertTrue(Health.Look.of(List.of(state("/cm-odoo-init exited 1 none no")), new HashSet<>()).failed().isPresent());
    }

    @Test
    void eachReadyContainerIsSaidOnceHealthyOrRunningAndAStartingOneIsPending() {
        Set<String> reported = new HashSet<>();
        var first = Health.Look.of(List.of(state("/cm-postgres running 0 healthy unless-stopped"),
                state("/cm-docker-api running 0 none unless-stopped"), state("/cm-odoo running 0 starting unless-stopped")), reported);
        assertEquals(List.of("odoo-stack: cm-postgres healthy", "odoo-stack: cm-docker-api running"), first.lines());
        assertEquals(List.of("cm-odoo"), first.pending());
        var second = Health.Look.of(List.of(state("/cm-postgres running 0 healthy unless-stopped"),
                state("/cm-odoo running 0 healthy unless-stopped")), reported);
        assertEquals(List.of("odoo-stack: cm-odoo healthy"), second.lines());
        assertEquals(List.of(), second.pending());
    }

    @Test
    void oneLookNamesEachContainerNeitherReadyNorDoneAndAOneShotsStaleHealthCheckDoesNotCount() {
        Docker docker = mock(Docker.class);
        when(docker.inspect(eq("opw-postgres"), any())).thenReturn(Optional.of("/opw-postgres running 0 healthy unless-stopped"));
        // a one-shot made from the Odoo image keeps the image's health check, stale once it exited 0
        when(docker.inspect(eq("opw-odoo-init"), any())).thenReturn(Optional.of("/opw-odoo-init exited 0 unhealthy no"));
        when(docker.inspect(eq("opw-odoo"), any())).thenReturn(Optional.of("/opw-odoo running 0 unhealthy unless-stopped"));
        when(docker.inspect(eq("opw-web"), any())).thenReturn(Optional.of("/opw-web exited 0 none unless-stopped"));
        when(docker.inspect(eq("opw-traefik"), any())).thenReturn(Optional.empty());
        assertEquals(List.of("opw-odoo running (unhealthy)", "opw-web exited", "opw-traefik missing"),
                Health.unsettled(docker, List.of("opw-postgres", "opw-odoo-init", "opw-odoo", "opw-web", "opw-traefik")));
        assertEquals(List.of(), Health.unsettled(docker, List.of("opw-postgres", "opw-odoo-init")));
    }

    @Test
    void theWaitEndsWhenEveryContainerIsReadyOrDone() {
        Docker docker = mock(Docker.class);
        when(docker.inspect(eq("a"), any())).thenReturn(Optional.of("/cm-odoo running 0 starting unless-stopped"),
                Optional.of("/cm-odoo running 0 healthy unless-stopped"));
        when(docker.inspect(eq("b"), any())).thenReturn(Optional.of("/cm-odoo-init exited 0 none no"));
        var err = new ByteArrayOutputStream();
        Health.waitFor(docker, () -> List.of("a", "b"), Duration.ofSeconds(30), "docker ps -a shows which",
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("odoo-stack: cm-odoo healthy\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnhealthyContainerEndsTheWaitWithItsLastLogLinesAndOneLine() {
        Docker docker = mock(Docker.class);
        when(docker.inspect(eq("cm-odoo"), any())).thenReturn(Optional.of("/cm-odoo running 0 unhealthy unless-stopped"));
        when(docker.run("logs", "--tail", "20", "cm-odoo")).thenReturn(new Docker.Result(0, "", "ERROR cannot connect\n"));
        var err = new ByteArrayOutputStream();
        Failure f = assertThrows(Failure.class, () -> Health.waitHealthy(docker, List.of("cm-odoo"), Duration.ofSeconds(30),
                "bin/odoo-stack logs cm", new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("cm-odoo is running (unhealthy): its last log lines are above", f.getMessage());
        assertEquals("ERROR cannot connect\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDeadlineNamesWhatIsStillPending() {
        Docker docker = mock(Docker.class);
        when(docker.inspect(eq("cm-odoo"), any())).thenReturn(Optional.of("/cm-odoo running 0 starting unless-stopped"));
        Failure f = assertThrows(Failure.class, () -> Health.waitHealthy(docker, List.of("cm-odoo"), Duration.ZERO,
                "bin/odoo-stack logs cm", new PrintStream(new ByteArrayOutputStream())));
        assertEquals("cm-odoo not healthy after 0 s: bin/odoo-stack logs cm", f.getMessage());
    }

    @Test
    void aMissingContainerEndsTheWaitAtOnce() {
        Docker docker = mock(Docker.class);
        when(docker.inspect(eq("cm-odoo"), any())).thenReturn(Optional.empty());
        when(docker.engine()).thenReturn(Docker.LOCAL);
        Failure f = assertThrows(Failure.class, () -> Health.waitHealthy(docker, List.of("cm-odoo"), Duration.ofSeconds(30),
                "bin/odoo-stack logs cm", new PrintStream(new ByteArrayOutputStream())));
        assertEquals("no container cm-odoo on " + Docker.LOCAL + ": bin/odoo-stack logs cm", f.getMessage());
    }

    @Test
    void theDeadlineIsTheEnvironmentsOrThreeHundredSeconds() {
        assertEquals(Duration.ofSeconds(300), Health.limit(java.util.Map.of()));
        assertEquals(Duration.ofSeconds(12), Health.limit(java.util.Map.of("ODOO_STACK_WAIT_SECONDS", "12")));
        assertEquals(2, assertThrows(Failure.class, () -> Health.limit(java.util.Map.of("ODOO_STACK_WAIT_SECONDS", "soon"))).exit());
    }
}
