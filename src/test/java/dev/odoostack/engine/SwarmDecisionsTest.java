package dev.odoostack.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a swarm's up decides from the engine's answers (docker stack services, service inspect, service ps), without Docker. */
class SwarmDecisionsTest {
    private static final long T0 = 1_800_000_000L;

    /** As docker stack services and docker service inspect (Swarm.SERVICE_FORMAT) print them. */
    private static List<Swarm.Service> services(String listed, String inspected) {
        return Swarm.parseServices(Swarm.replicas(listed), inspected);
    }

    /** The line the wait ends in, for the services so listed and inspected. */
    private static String endsIn(String listed, String inspected) {
        return assertThrows(Failure.class, () -> Swarm.rolling(services(listed, inspected), T0)).getMessage();
    }

    @Test
    void aStackServicesLineGivesNameAndReplicasWithoutTheNodeLimit() {
        Map<String, String> r = Swarm.replicas("swp_odoo 3/3 (max 1 per node)\nswp_odoo-init 0/3\nswp_traefik 1/1\n");
        assertEquals(Map.of("swp_odoo", "3/3", "swp_odoo-init", "0/3", "swp_traefik", "1/1"), r);
    }

    @Test
    void anUpdateStillRollingIsWaitedFor() {
        var s = services("swp_odoo 2/3\nswp_traefik 1/1", """
                swp_odoo any updating %d
                swp_traefik any completed %d update completed
                """.formatted(T0 + 2, T0 + 1));
        assertEquals(List.of("swp_odoo"), Swarm.rolling(s, T0));
    }

    @Test
    void anUpdateRolledBackByItselfInTwoServicesEndsInOneLineNamingBoth() {
        assertEquals("the update rolled back by itself in swp_odoo and swp_odoo-cron (the new tasks did not become healthy);"
                + " the previous version serves on: docker service ps swp_odoo --no-trunc shows why", endsIn(
                "swp_odoo 3/3\nswp_odoo-cron 1/1", """
                        swp_odoo any rollback_completed %d rollback completed
                        swp_odoo-cron any rollback_completed %d rollback completed
                        """.formatted(T0 + 5, T0 + 6)));
    }

    @Test
    void theRollbackIsSaidOnlyOnceNoUpdateRollsAnyMore() {
        var s = services("swp_odoo 3/3\nswp_odoo-cron 1/1", """
                swp_odoo any rollback_completed %d rollback completed
                swp_odoo-cron any rollback_started %d rollback started
                """.formatted(T0 + 5, T0 + 6));
        assertEquals(List.of("swp_odoo-cron"), Swarm.rolling(s, T0));
    }

    @Test
    void aPausedUpdateIsNamedWithTheSwarmsMessage() {
        assertEquals("the update is paused in swp_odoo (update paused due to failure or early termination of task x):"
                + " docker service ps swp_odoo --no-trunc shows why", endsIn("swp_odoo 2/3",
                "swp_odoo any paused %d update paused due to failure or early termination of task x\n".formatted(T0)));
    }

    @Test
    void updatesOfAnEarlierUpAndOfOneShotServicesAreNotThisUps() {
        var s = services("swp_odoo 3/3\nswp_odoo-init 0/3\nswp_db 1/1", """
                swp_odoo any rollback_completed %d rollback completed
                swp_odoo-init none updating %d
                swp_db any none 0
                """.formatted(T0 - 1, T0 + 3));
        assertEquals(List.of(), Swarm.rolling(s, T0));
        assertTrue(s.get(1).oneShot());
        assertFalse(s.get(0).oneShot());
    }

    @Test
    void aServiceRunsWhenEveryReplicaAskedForRuns() {
        assertTrue(Swarm.allRunning("3/3"));
        assertTrue(Swarm.allRunning("1/1"));
        assertFalse(Swarm.allRunning("2/3"));
        assertFalse(Swarm.allRunning("0/0"), "a service scaled to nothing serves nothing");
        assertFalse(Swarm.allRunning(""));
    }

    @Test
    void aOneShotServiceIsDoneWhenAllItsTasksCompletedAndFailedWhenOneFailed() {
        assertTrue(Swarm.oneShotDone("Complete 2 minutes ago\nComplete 3 minutes ago\n"));
        assertFalse(Swarm.oneShotDone("Complete 2 minutes ago\nRunning 3 seconds ago\n"));
        assertFalse(Swarm.oneShotDone(""), "no task yet: still to run");
        assertTrue(Swarm.oneShotFailed("Complete 2 minutes ago\nFailed 3 seconds ago\n"));
        assertTrue(Swarm.oneShotFailed("Rejected 3 seconds ago"));
        assertFalse(Swarm.oneShotFailed("Complete 2 minutes ago\nPreparing 1 second ago"));
    }

    @Test
    void theFilestoreIsSharedWhenEachNodesNewestTaskLeftItsMarkHere() {
        var newest = Swarm.newestTaskPerNode("""
                t9 node-1
                t8 node-2
                t1 node-1
                t7 node-3
                t2 node-2
                """);
        assertEquals(Map.of("node-1", "t9", "node-2", "t8", "node-3", "t7"), newest);
        Map<String, String> marks = Map.of("node-1", "t9", "node-2", "t2", "node-3", "t7");
        assertEquals(List.of("node-2"), Swarm.notShared(newest, n -> marks.getOrDefault(n, "")),
                "node-2's newest task wrote elsewhere; its older mark does not count");
        assertEquals(List.of(), Swarm.notShared(newest, newest::get));
    }

    @Test
    void anEdgeNodeIsAskedAtItsOwnAddressOrAtTheOneAManagerAdvertises() {
        assertEquals("10.77.0.1", Swarm.nodeAddress("10.77.0.1 10.77.0.1:2377"));
        assertEquals("10.77.0.2", Swarm.nodeAddress("10.77.0.2 "), "a worker has no manager status");
        assertEquals("10.77.0.1", Swarm.nodeAddress("0.0.0.0 10.77.0.1:2377"), "a manager that reads 0.0.0.0");
    }

    @Test
    void wordsJoinNamesAsASentenceDoes() {
        assertEquals("a", Swarm.words(List.of("a")));
        assertEquals("a and b", Swarm.words(List.of("a", "b")));
        assertEquals("a, b and c", Swarm.words(List.of("a", "b", "c")));
    }

    @Test
    void aPollEndsWhenDoneAndFailsWithItsLineOncePastTheDeadline() {
        int[] asked = {0};
        Health.until(Instant.now().plusSeconds(30), () -> ++asked[0] == 2, () -> "never");
        assertEquals(2, asked[0], "asked again until done");
        Failure f = assertThrows(Failure.class, () -> Health.until(Instant.now().minus(Duration.ofSeconds(1)), () -> false,
                () -> "services of swp not running after 300 s: docker stack ps swp shows which"));
        assertEquals("services of swp not running after 300 s: docker stack ps swp shows which", f.getMessage());
    }
}
