package dev.odoostack.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.odoostack.e2e.SwarmLab.hostname;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The swarm lab itself (bin/swarm-lab): three engines that are three machines to Docker (own address, own hostname,
 * own data root), one swarm with node 1 its manager and labelled; a service's tasks spread over the nodes and reach
 * each other over an overlay network across them; a node taken off the network goes Down and its task is
 * rescheduled, and it comes back. The service runs the odoo:18.0 stand-in image (not Odoo) as a small web server.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(SwarmLab.LOCK)
class SwarmLabTest {
    static final String SERVICE = "swarm-lab-test-echo";
    static final String NETWORK = "swarm-lab-test";
    static final Duration DEADLINE = Duration.ofSeconds(90);
    static SwarmLab lab;

    @BeforeAll
    static void up() {
        lab = SwarmLab.up();
        removeService();
        lab.dockerOk(1, "network", "create", "--driver", "overlay", NETWORK);
        // one task per node (spread over node ids), each answering with the hostname of its node (the
        // {{.Node.Hostname}} template): endpoint_mode dnsrr, as a VIP needs IPVS, which this kernel lacks
        lab.dockerOk(1, "service", "create", "--detach", "--no-resolve-image", "--name", SERVICE, "--replicas", "3",
                "--endpoint-mode", "dnsrr", "--network", NETWORK, "--placement-pref", "spread=node.id",
                "--hostname", "{{.Node.Hostname}}", "--stop-grace-period", "2s", "--entrypoint", "sh", "odoo:18.0", "-c",
                "mkdir -p /tmp/www && hostname >/tmp/www/node && cd /tmp/www && exec python3 -m http.server 8000");
        RealEngine.await("3 running tasks of " + SERVICE, DEADLINE, () -> runningTasks().size() == 3);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.nodeUp(3);
            removeService();
        }
    }

    /** Removes the service and its network, and waits until no node runs a task of it. */
    static void removeService() {
        lab.docker(1, "service", "rm", SERVICE);
        RealEngine.await("no task of " + SERVICE + " on any node", DEADLINE, () -> {
            for (int n = 1; n <= lab.nodes(); n++) {
                if (!lab.dockerOk(n, "ps", "-aq", "--filter", "label=com.docker.swarm.service.name=" + SERVICE).isEmpty()) {
                    return false;
                }
            }
            return true;
        });
        lab.docker(1, "network", "rm", NETWORK);
        RealEngine.await("network " + NETWORK + " removed", DEADLINE,
                () -> lab.dockerOk(1, "network", "ls", "-q", "--filter", "name=^" + NETWORK + "$").isEmpty());
    }

    /** The service's tasks that should run and do: task name to node hostname. */
    static Map<String, String> runningTasks() {
        Map<String, String> tasks = new TreeMap<>();
        for (String line : lab.dockerOk(1, "service", "ps", SERVICE, "--filter", "desired-state=running",
                "--format", "{{.Name}} {{.Node}} {{.CurrentState}}").split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length >= 3 && w[2].equals("Running")) {
                tasks.put(w[0], w[1]);
            }
        }
        return tasks;
    }

    /** {@code docker node ls} on the manager: hostname to "STATUS MANAGER-STATUS". */
    static Map<String, String> nodeList() {
        Map<String, String> nodes = new TreeMap<>();
        for (String line : lab.dockerOk(1, "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}").split("\n")) {
            String[] w = line.strip().split("\\s+", 2);
            nodes.put(w[0], w.length > 1 ? w[1].strip() : "");
        }
        return nodes;
    }

    /**
     * From a task on node 1: resolves tasks.SERVICE (one address a task) and asks each address which node it runs
     * on; address to answer, or to the error.
     */
    static Map<String, String> askEveryTaskFromNode1() {
        String container = lab.dockerOk(1, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + SERVICE)
                .lines().findFirst().orElseThrow(() -> new AssertionError("no task of " + SERVICE + " on node 1"));
        String out = lab.dockerOk(1, "exec", container, "python3", "-c", String.join("\n",
                "import socket, urllib.request",
                "for a in sorted(socket.gethostbyname_ex('tasks." + SERVICE + "')[2]):",
                "    try:",
                "        print(a, urllib.request.urlopen('http://%s:8000/node' % a, timeout=5).read().decode().strip())",
                "    except Exception as e:",
                "        print(a, 'error', e)"));
        Map<String, String> answers = new TreeMap<>();
        out.lines().forEach(l -> answers.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
        return answers;
    }

    /** Polls the answers of every task, asked from node 1, until they are the node names expected (sorted). */
    static void awaitAnswers(String what, List<String> expected) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Map<String, String> answers;
        while (!(answers = askEveryTaskFromNode1()).values().stream().sorted().toList().equals(expected)) {
            if (System.nanoTime() > deadline) {
                fail("not within " + DEADLINE + ": " + what + "; the last answers (address: node) " + answers);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    @Test
    @Order(1)
    void threeNodesOneManagerLabelledEachAMachineOfItsOwn() {
        assertEquals(3, lab.nodes());
        assertEquals(Map.of(hostname(1), "Ready Leader", hostname(2), "Ready", hostname(3), "Ready"), nodeList());
        for (int n = 1; n <= lab.nodes(); n++) {
            assertEquals("10.77.0." + n + " " + hostname(n), lab.dockerOk(n, "info", "--format", "{{.Swarm.NodeAddr}} {{.Name}}"));
        }
        assertEquals("map[odoo-stack.db:true odoo-stack.edge:true]",
                lab.dockerOk(1, "node", "inspect", hostname(1), "--format", "{{.Spec.Labels}}"));
        for (int n = 2; n <= lab.nodes(); n++) {
            assertEquals("map[]", lab.dockerOk(1, "node", "inspect", hostname(n), "--format", "{{.Spec.Labels}}"));
        }
        // the real engine is not part of it: another data root, in no swarm
        String harnessRoot = RealEngine.dockerOk("info", "--format", "{{.DockerRootDir}} {{.Swarm.LocalNodeState}}");
        assertTrue(harnessRoot.endsWith(" inactive"), harnessRoot);
        Set<String> roots = new TreeSet<>();
        for (int n = 1; n <= lab.nodes(); n++) {
            roots.add(lab.dockerOk(n, "info", "--format", "{{.DockerRootDir}}"));
        }
        assertEquals(3, roots.size(), roots.toString());
        assertTrue(roots.stream().noneMatch(r -> harnessRoot.startsWith(r + " ")), roots + " " + harnessRoot);
    }

    @Test
    @Order(2)
    void everyNodeHoldsTheImagesOfTheRealEngine() {
        for (String image : SwarmLab.IMAGES) {
            String id = RealEngine.dockerOk("image", "inspect", "--format", "{{.Id}}", image);
            for (int n = 1; n <= lab.nodes(); n++) {
                assertEquals(id, lab.dockerOk(n, "image", "inspect", "--format", "{{.Id}}", image), image + " on node " + n);
            }
        }
    }

    @Test
    @Order(3)
    void aServiceSpreadsOneTaskPerNodeAndItsTasksReachEachOtherAcrossNodes() {
        assertEquals(Set.of(hostname(1), hostname(2), hostname(3)), new TreeSet<>(runningTasks().values()),
                runningTasks().toString());
        // the task on node 1 reaches the task of every node over the overlay network (names spread by gossip: polled)
        List<String> every = List.of(hostname(1), hostname(2), hostname(3));
        awaitAnswers("an answer from the task of every node", every);
    }

    @Test
    @Order(4)
    void aNodeOffTheNetworkGoesDownItsTaskMovesAndItComesBack() {
        String onNode3 = runningTasks().entrySet().stream().filter(e -> e.getValue().equals(hostname(3)))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no task on node 3: " + runningTasks()));
        long start = System.nanoTime();
        lab.nodeDown(3);
        RealEngine.await(hostname(3) + " Down in docker node ls", DEADLINE, () -> nodeList().get(hostname(3)).equals("Down"));
        long down = System.nanoTime();
        RealEngine.await(onNode3 + " rescheduled off " + hostname(3), DEADLINE, () -> {
            Map<String, String> tasks = runningTasks();
            return tasks.size() == 3 && !tasks.containsValue(hostname(3));
        });
        long moved = System.nanoTime();
        Map<String, String> tasks = runningTasks();
        assertTrue(Set.of(hostname(1), hostname(2)).contains(tasks.get(onNode3)), tasks.toString());
        // the three tasks answer again, two of them on the node that took node 3's task
        List<String> expected = new ArrayList<>(List.of(hostname(1), hostname(2), tasks.get(onNode3)));
        expected.sort(null);
        awaitAnswers("answers from three tasks on nodes 1 and 2", expected);
        System.out.printf("SwarmLabTest: %s Down after %.1f s, its task running elsewhere after %.1f s%n", hostname(3),
                (down - start) / 1e9, (moved - start) / 1e9);

        lab.nodeUp(3);
        assertEquals("Ready", nodeList().get(hostname(3)));
        // back on the network, node 3 learns that its old task was replaced, and stops it
        RealEngine.await("node 3 runs no task of " + SERVICE, DEADLINE,
                () -> lab.dockerOk(3, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + SERVICE).isEmpty());
        // and the swarm does not move the task back by itself
        assertEquals(tasks, runningTasks());
    }
}
