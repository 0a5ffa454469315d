package dev.odoostack.e2e;

import dev.odoostack.e2e.RealEngine.Engine;
import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The swarm scenarios, one body each, for a stack with {@code dockerMode: swarm} on the three-node swarm of
 * {@code bin/swarm-lab}: {@link SwarmPulumiStackTest} runs them on the Pulumi engine (the program's
 * SwarmResources, the real {@code pulumi up}, pulumi-docker 4.5.1), {@link SwarmStackTest} the ones that test what
 * the compose engine decides itself ({@code docker stack deploy} of SwarmStackFile). Each class has its own stack
 * and port, so the two never meet. Odoo is the STAND-IN image (not Odoo: it answers /web/health while it can log in
 * to PostgreSQL and logs a cron run per tick when max_cron_threads > 0); the "next" and "unhealthy" images are the
 * stand-in under another image id, and the stand-in with a health check that always fails. A request loop runs
 * through Traefik on node 1 during each change and counts what failed.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(SwarmLab.LOCK)
abstract class SwarmScenarios {
    static final String NEXT = "odoo-stack-test/odoo-next:18.0";
    static final String UNHEALTHY = "odoo-stack-test/odoo-unhealthy:18.0";
    static final String UPSTREAM_DB = "opw_prod";
    /** The worker the node-loss scenario takes off the network. */
    static final int LOST = 3;
    static final String NODE_1 = "10.77.0.1";

    final String stack;
    final int port;
    final Engine engine;
    /** The source of the restore scenarios (another machine, over SSH, as production is); null without them. */
    LegacyHost legacy;
    Path tmp;
    SwarmLab lab;
    Path project;

    SwarmScenarios(String stack, int port, Engine engine) {
        this.stack = stack;
        this.port = port;
        this.engine = engine;
    }

    /** Whether this class runs the restore scenarios, which need the legacy host. */
    abstract boolean restores();

    @BeforeAll
    void deploy() throws IOException {
        tmp = Files.createTempDirectory("swarm-" + stack + "-test");
        lab = labWithImages(tmp);
        removeEarlierRun();
        if (restores()) {
            // the legacy host's account and its PostgreSQL must reach their directories below this one
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            legacy = LegacyHost.up(tmp.resolve("legacy"), "odoo-legacy-swarm", "10.203.16");
            legacy.seed(UPSTREAM_DB, 4, 40, 16);
            legacy.psql(UPSTREAM_DB, "CREATE TABLE marker (generation text); INSERT INTO marker VALUES ('from the legacy host')");
        }
        project = Files.createDirectories(tmp.resolve("project"));
        Files.copy(RealEngine.REPO.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.createSymbolicLink(project.resolve("docker"), RealEngine.REPO.resolve("docker"));
        // Pulumi.yaml's runtime runs target/odoo-stack.jar from the project directory
        Files.createSymbolicLink(project.resolve("target"), RealEngine.REPO.resolve("target"));
        stackFile("odoo:18.0");
        RealEngine.record(getClass(), engine.name().toLowerCase());
        Cmd.Result up = onEngine("up");
        assertEquals(0, up.exit(), () -> "up failed:\n" + up.err() + up.out() + tasks());
    }

    @AfterAll
    void remove() {
        if (lab != null) {
            lab.nodeUp(LOST);
            Cmd.Result destroy = onEngine("destroy");
            System.out.println("destroy (" + engine + ", swarm): exit " + destroy.exit());
        }
        if (legacy != null) {
            legacy.close();
        }
    }

    /**
     * What an earlier run left (the lab outlives runs; a Pulumi run's state went with its temporary directory):
     * its services, networks and secrets carry the stack's namespace label, Pulumi's configs its name.
     */
    private void removeEarlierRun() {
        removeEarlierRun(lab, stack);
    }

    /** {@link #removeEarlierRun()} for any stack on the lab. */
    static void removeEarlierRun(SwarmLab lab, String stack) {
        lab.docker(1, "stack", "rm", stack);
        poll(() -> lab.docker(1, "network", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + stack).out().isBlank()
                        && lab.docker(1, "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + stack).out().isBlank(),
                Duration.ofMinutes(2), "the tasks and networks of an earlier " + stack + " removed");
        for (String kind : List.of("config", "secret")) {
            for (String name : lines(lab.docker(1, kind, "ls", "--format", "{{.Name}}").out())) {
                if (name.startsWith(stack + "-")) {
                    lab.docker(1, kind, "rm", name);
                }
            }
        }
    }

    /**
     * The lab up, with the images its nodes cannot build or pull: the Docker API filter of this checkout and the two
     * variants, built on the tests' engine and copied into every node.
     */
    static SwarmLab labWithImages(Path tmp) throws IOException {
        String filter = dev.odoostack.edge.DockerApiFilter.image(
                dev.odoostack.images.BuildContext.digest(RealEngine.REPO.resolve(dev.odoostack.edge.DockerApiFilter.CONTEXT)));
        build(filter, RealEngine.REPO.resolve(dev.odoostack.edge.DockerApiFilter.CONTEXT));
        build(NEXT, dockerfile(tmp, "next", "FROM odoo:18.0\nLABEL odoo-stack.test.variant=\"STAND-IN next: the odoo stand-in under another image id\"\n"));
        build(UNHEALTHY, dockerfile(tmp, "unhealthy", "FROM odoo:18.0\nUSER root\nRUN ln -sf /bin/false /usr/bin/curl\nUSER odoo\n"
                + "LABEL odoo-stack.test.variant=\"STAND-IN unhealthy: the odoo stand-in whose health check always fails\"\n"));
        return SwarmLab.up(filter, NEXT, UNHEALTHY);
    }

    // ---------------------------------------------------------------------------------------------- scenarios

    /** The site answers, the HTTP replicas spread, only the cron service runs crons; status and logs read them. */
    void siteAnswersAndTheCronsRunInOneServiceOnly() {
        assertEquals(200, status("/web/health"));
        // the HTTP replicas spread over the three nodes, the cron worker is one task
        List<String> nodes = lines(lab.dockerOk(1, "service", "ps", stack + "_odoo", "--filter", "desired-state=running",
                "--format", "{{.Node}}"));
        assertEquals(3, nodes.size(), nodes::toString);
        assertEquals(3, nodes.stream().distinct().count(), "one replica per node: " + nodes);
        assertEquals(1, lines(lab.dockerOk(1, "service", "ps", stack + "_odoo-cron", "--filter", "desired-state=running",
                "--format", "{{.Node}}")).size());
        // what each service was given: max_cron_threads 0 on the HTTP replicas, the setting's on the cron worker
        assertTrue(config(stack + "_odoo").contains("max_cron_threads = 0"), config(stack + "_odoo"));
        assertTrue(config(stack + "_odoo-cron").contains("max_cron_threads = 2"), config(stack + "_odoo-cron"));
        // and what ran: once the database exists, only the cron service runs crons
        lab.dockerOk(1, "exec", postgresContainer(), "createdb", "-U", "odoo", stack);
        poll(() -> cronTaskLogs().contains("cron: ran the jobs of " + stack),
                Duration.ofSeconds(60), () -> "the cron service runs the crons; its tasks:\n"
                        + lab.docker(1, "service", "ps", "--no-trunc", stack + "_odoo-cron").text()
                        + "its last log lines:\n" + lab.docker(1, "service", "logs", "--tail", "20", stack + "_odoo-cron").text());
        assertFalse(lab.docker(1, "service", "logs", stack + "_odoo").text().contains("cron: ran"),
                "the HTTP replicas run no cron");
        // day 2 on a swarm: status lists the services and their tasks, logs reads a service's tasks
        Cmd.Result status = odooStack("status", stack);
        assertEquals(0, status.exit(), status::text);
        assertTrue(status.out().matches("(?s).*" + stack + "_odoo\\s+replicated\\s+3/3.*"), status.out());
        assertTrue(status.out().contains(stack + "_odoo-cron.1"), status.out());
        assertTrue(status.out().contains("url:      http://" + stack + ".localhost:" + port), status.out());
        Cmd.Result logs = odooStack("logs", stack, "odoo-cron");
        assertTrue(logs.text().contains("cron: ran the jobs of " + stack), logs::text);
    }

    /** An up to another image while the request loop runs: no request fails. */
    void aRollingUpdateToANewImageFailsNoRequest() throws IOException {
        UpUnderLoad r = upUnderLoad(NEXT, "rolling update");
        assertEquals(0, r.up().exit(), r.up()::text);
        assertEquals(0, r.counts().failed(), r.counts()::toString);
        assertTrue(r.counts().ok() > 20, r.counts()::toString);
        assertEquals(NEXT, odooImage());
    }

    /** An up to an image whose health check fails: the swarm rolls back by itself, up says so last. */
    void anUpdateWhoseHealthCheckFailsRollsBackByItself() throws IOException {
        String before = odooImage();
        UpUnderLoad r = upUnderLoad(UNHEALTHY, "failed update, rolled back");
        assertNotEquals(0, r.up().exit(), "up reports the rolled-back update");
        // one line, once every update has ended: the new image rolled Odoo and its cron service alike
        List<String> err = lines(r.up().err());
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("the update rolled back by itself in (.+) \\(the new tasks did not "
                + "become healthy\\); the previous version serves on: docker service ps \\S+ --no-trunc shows why$").matcher(err.get(err.size() - 1));
        assertTrue(line.find(), r.up().err());
        assertEquals(List.of(stack + "_odoo", stack + "_odoo-cron"), Arrays.stream(line.group(1).split(", | and ")).sorted().toList(), line.group());
        assertEquals(0, r.counts().failed(), r.counts()::toString);
        assertEquals(before, odooImage(), "the previous image serves again");
        stackFile(before); // the stack file as what runs, for the next scenarios
    }

    /** A worker off the network: its replicas run elsewhere, and once that settles every request succeeds. */
    void aLostNodesReplicasAreRescheduled() {
        // the updates before may have left no replica on node 3: spread them again, so losing it loses one
        if (!odooNodes().contains(SwarmLab.hostname(LOST))) {
            lab.dockerOk(1, "service", "update", "--force", "--detach", stack + "_odoo");
            poll(() -> odooNodes().contains(SwarmLab.hostname(LOST)) && odooNodes().size() == 3,
                    Duration.ofMinutes(3), "a replica on node " + LOST + " before it is lost");
        }
        Loop loop = Loop.start(stack, port);
        long t0 = System.nanoTime();
        lab.nodeDown(LOST);
        poll(() -> {
            List<String> running = lines(lab.docker(1, "service", "ps", stack + "_odoo", "--filter", "desired-state=running",
                    "--format", "{{.Node}} {{.CurrentState}}").out());
            return running.size() == 3 && running.stream().allMatch(l -> l.contains("Running") && !l.startsWith(SwarmLab.hostname(LOST)));
        }, Duration.ofMinutes(3), "three replicas running on the two nodes left");
        double rescheduled = (System.nanoTime() - t0) / 1e9;
        Loop.Counts during = loop.stop();
        Loop after = Loop.start(stack, port);
        Loop.Counts settled = after.stopAfter(Duration.ofSeconds(15));
        System.out.printf("node loss (%s): rescheduled in %.1f s; during: %s; after: %s%n", engine, rescheduled, during, settled);
        assertEquals(0, settled.failed(), settled::toString);
        assertTrue(settled.ok() > 20, settled::toString);
    }

    /** Rows and files written, destroy, up: both are there again. */
    void dataSurvivesDestroyAndUp() {
        // the lab as bin/swarm-lab up hands it out: the lost node back, its engine started anew (a node back from a
        // partition can keep a broken overlay; tasks placed on it then never become healthy and the up below
        // would not converge for a reason that is not this scenario's)
        lab = SwarmLab.up();
        lab.dockerOk(1, "exec", postgresContainer(), "psql", "-U", "odoo", "-d", stack, "-c",
                "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('survives')");
        Path attachment = tmp.resolve("state").resolve(stack).resolve("filestore/filestore/" + stack + "/ab/cdef");
        // an attachment written by a replica, on whichever node runs one
        int node = 1;
        while (lines(lab.dockerOk(node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + stack + "_odoo")).isEmpty()) {
            assertTrue(++node <= lab.nodes(), "no node runs a replica of " + stack + "_odoo");
        }
        String odoo = lines(lab.dockerOk(node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + stack + "_odoo")).get(0);
        lab.dockerOk(node, "exec", odoo, "sh", "-c", "mkdir -p /var/lib/odoo/filestore/" + stack + "/ab && echo attachment > /var/lib/odoo/filestore/" + stack + "/ab/cdef");

        Cmd.Result destroy = onEngine("destroy");
        assertEquals(0, destroy.exit(), destroy::text);
        assertTrue(lab.dockerOk(1, "service", "ls", "--filter", "label=com.docker.stack.namespace=" + stack, "-q").isEmpty());
        Cmd.Result up = onEngine("up");
        assertEquals(0, up.exit(), () -> up.text() + tasks());
        assertEquals("survives", lab.dockerOk(1, "exec", postgresContainer(), "psql", "-U", "odoo", "-d", stack, "-Atc",
                "SELECT note FROM kept"));
        assertTrue(Files.exists(attachment), "the filestore is the shared directory: " + attachment);
        // a new Traefik sees the new services only at its first swarm refresh: up waits for it, so the site answers at once
        assertTrue(up.err().contains("odoo-stack: Traefik on " + NODE_1 + " routes " + stack + ".localhost"), up.err());
        assertEquals(200, status("/web/health"), "the site answers as soon as up has returned");
    }

    /** The restore from the legacy host scales Odoo to zero around the swap and back; --rollback swaps back. */
    void aRestoreScalesOdooToZeroAroundTheSwapAndARollbackReturnsTheReplacedCopy() throws IOException {
        Loop loop = Loop.start(stack, port);
        Cmd.Result restore = onEngine("restore");
        Loop.Counts counts = loop.stop();
        System.out.println("restore on the swarm (" + engine + "; Odoo scaled to zero during the swap): " + counts);
        restore.text().lines().filter(l -> l.startsWith("restore: ")).forEach(System.out::println);
        assertEquals(0, restore.exit(), restore::text);
        assertTrue(restore.text().contains("scaled back to " + stack + "_odoo=3 " + stack + "_odoo-cron=1"), restore::text);
        // the legacy host's data and files, in the database node's PostgreSQL and the shared filestore
        assertEquals(legacy.psql(UPSTREAM_DB, "SELECT count(*) FROM res_partner"), sql("SELECT count(*) FROM res_partner"));
        assertEquals("from the legacy host", sql("SELECT generation FROM marker"));
        assertEquals(files(Path.of(legacy.get("LEGACY_FILESTORE_ROOT"), UPSTREAM_DB)),
                files(tmp.resolve("state").resolve(stack).resolve("filestore/filestore/" + stack)));
        // Odoo back as it was: every replica and the cron worker running, the site answering
        List<String> replicas = lines(lab.dockerOk(1, "service", "ls", "--filter", "name=" + stack + "_odoo", "--format",
                "{{.Name}} {{.Replicas}}")).stream().filter(l -> !l.startsWith(stack + "_odoo-init ")).sorted().toList();
        assertEquals(List.of(stack + "_odoo 3/3", stack + "_odoo-cron 1/1"), replicas, "every replica back");
        // Traefik's swarm provider sees the new tasks at its next refresh (every 2 s), not at once
        answersAgain();
        Cmd.Result status = odooStack("status", stack);
        assertTrue(status.out().contains("restore:  " + legacy.get("LEGACY_DESTINATION") + ":" + UPSTREAM_DB + " at "), status.out());

        Cmd.Result back = onEngine("restore", "--rollback");
        assertEquals(0, back.exit(), back::text);
        assertEquals("survives", sql("SELECT note FROM kept"), "the copy the restore replaced is live again");
        assertTrue(Files.exists(tmp.resolve("state").resolve(stack).resolve("filestore/filestore/" + stack + "/ab/cdef")));
        answersAgain();
    }

    /** PostgreSQL on another node: the restore names it and runs through its engine when given. */
    void withPostgresOnAnotherNodeTheRestoreNamesThatNodeAndRunsThroughItsEngine() {
        try {
            moveDatabaseTo(2);
            String before = sql("SELECT note FROM kept");
            // the manager's engine cannot docker exec into a task on node 2: one line, naming the node, nothing moved
            Cmd.Result refused = onEngine("restore", "--rollback");
            assertEquals(2, refused.exit(), refused::text);
            String line = refused.err().strip();
            assertFalse(line.contains("\n"), "one line: " + line);
            assertTrue(line.contains("runs on node " + SwarmLab.hostname(2) + ", not on the engine at " + lab.managerHost()
                    + ": set ODOO_STACK_DB_DOCKER_HOST to that node's engine, e.g. ODOO_STACK_DB_DOCKER_HOST=ssh://root@10.77.0.2"), line);
            assertEquals(before, sql("SELECT note FROM kept"));
            // through node 2's engine: the rollback swaps the legacy host's copy back in, and status reads it there
            Map<String, String> onNode2 = Map.of("ODOO_STACK_DB_DOCKER_HOST", lab.host(2));
            Cmd.Result back = odooStack(onNode2, withFlags("restore", "--rollback"));
            assertEquals(0, back.exit(), back::text);
            assertEquals("from the legacy host", sql("SELECT generation FROM marker"));
            Cmd.Result status = odooStack(onNode2, "status", stack);
            assertTrue(status.out().contains("restore:  " + legacy.get("LEGACY_DESTINATION") + ":" + UPSTREAM_DB + " at "), status.out());
            assertTrue(odooStack("status", stack).out().contains("database: not running on the engine at " + lab.managerHost()
                    + "; ODOO_STACK_DB_DOCKER_HOST=<the database node's engine> shows it here"));
            // psql too: in the task on node 2 through its engine, and one line naming the node without it
            Cmd.Result psql = odooStack(onNode2, "psql", stack, "-Atc", "SELECT generation FROM marker");
            assertEquals("from the legacy host", psql.out().strip(), psql::text);
            Cmd.Result noPsql = odooStack("psql", stack, "-Atc", "SELECT 1");
            assertEquals(1, noPsql.exit(), noPsql::text);
            assertTrue(noPsql.err().strip().endsWith("e.g. ODOO_STACK_DB_DOCKER_HOST=ssh://root@10.77.0.2 bin/odoo-stack psql " + stack),
                    noPsql.err());
            assertEquals(200, status("/web/health"));
        } finally {
            moveDatabaseTo(1);
        }
    }

    /** A node that sees a filestore of its own (no NFS mount): up fails naming it; mounted again, up passes. */
    void upNamesANodeWhoseFilestoreIsNotTheSharedOne() throws IOException {
        Path filestore = tmp.resolve("state").resolve(stack).resolve("filestore");
        // node 3 gets a directory of its own at the filestore's path (a mount only its engine sees), as a node
        // where the operator forgot the NFS mount would have; odoo-init runs there again, as on a first up
        String pid = Files.readString(Path.of("/var/cache/odoo-stack/swarm/node" + LOST + "/dockerd.pid")).strip();
        Cmd.run(List.of("nsenter", "-t", pid, "-m", "mount", "-t", "tmpfs", "tmpfs", filestore.toString())).orThrow();
        try {
            lab.dockerOk(1, "service", "update", "--force", "--detach", stack + "_odoo-init");
            Cmd.Result up = onEngine("up");
            assertEquals(1, up.exit(), up::text);
            List<String> err = lines(up.err());
            assertTrue(err.get(err.size() - 1).contains("the filestore is not shared: " + SwarmLab.hostname(LOST) + " wrote into a "
                    + filestore + " that is not the one this machine sees"), up.err());
            // the fix ends with this engine's own up
            assertTrue(err.get(err.size() - 1).endsWith(", then bin/odoo-stack up " + stack
                    + (engine == Engine.COMPOSE ? " --engine compose" : "")), up.err());
        } finally {
            Cmd.run(List.of("nsenter", "-t", pid, "-m", "umount", filestore.toString())).orThrow();
        }
        lab.dockerOk(1, "service", "update", "--force", "--detach", stack + "_odoo-init");
        Cmd.Result up = onEngine("up");
        assertEquals(0, up.exit(), up::text);
        assertTrue(up.err().contains("the filestore " + filestore + " is the one all 3 nodes mount"), up.err());
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The site answers through Traefik within a few of its swarm refreshes (2 s each). */
    private void answersAgain() {
        RealEngine.await("the site answering 200 through Traefik", Duration.ofSeconds(20), () -> status("/web/health") == 200);
    }

    /** The database label onto another node: the swarm stops PostgreSQL's task and starts it there (same data). */
    private void moveDatabaseTo(int node) {
        String target = SwarmLab.hostname(node);
        lab.dockerOk(1, "node", "update", "--label-add", "odoo-stack.db=true", target);
        for (int other = 1; other <= lab.nodes(); other++) {
            if (other != node) {
                lab.docker(1, "node", "update", "--label-rm", "odoo-stack.db", SwarmLab.hostname(other)); // refused where absent
            }
        }
        poll(() -> lab.docker(node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + stack + "_postgres",
                "--filter", "health=healthy").out().strip().length() > 0, Duration.ofMinutes(3),
                "PostgreSQL's task healthy on " + target);
    }

    /** A query on the stack's database, in PostgreSQL's task on whichever node runs it. */
    private String sql(String query) {
        for (int node = 1; node <= lab.nodes(); node++) {
            List<String> ids = lines(lab.dockerOk(node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + stack + "_postgres"));
            if (!ids.isEmpty()) {
                return lab.dockerOk(node, "exec", ids.get(0), "psql", "-U", "odoo", "-d", stack, "-Atc", query);
            }
        }
        throw new AssertionError("no PostgreSQL task running on any node");
    }

    /** The files below a filestore directory, as relative paths with their sizes. */
    private static List<String> files(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(f -> dir.relativize(f) + " " + f.toFile().length()).sorted().toList();
        }
    }

    record UpUnderLoad(Cmd.Result up, Loop.Counts counts) {
    }

    /** The stack file with the image given, brought up while the request loop runs; the counts are printed. */
    private UpUnderLoad upUnderLoad(String image, String what) throws IOException {
        stackFile(image);
        Loop loop = Loop.start(stack, port);
        Cmd.Result up = onEngine("up");
        Loop.Counts counts = loop.stop();
        System.out.println(what + " (" + engine + "): " + counts);
        return new UpUnderLoad(up, counts);
    }

    /** The nodes of the Odoo HTTP service's running tasks. */
    private List<String> odooNodes() {
        return lines(lab.docker(1, "service", "ps", stack + "_odoo", "--filter", "desired-state=running",
                "--format", "{{.Node}} {{.CurrentState}}").out()).stream()
                .filter(l -> l.contains("Running")).map(l -> l.split(" ")[0]).toList();
    }

    /** The image the Odoo HTTP service runs, as the swarm has it. */
    String odooImage() {
        return lab.dockerOk(1, "service", "inspect", stack + "_odoo", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}");
    }

    /** The stack file with the image given; what Pulumi keeps in it (salt, generated passwords) stays. */
    void stackFile(String image) throws IOException {
        List<String> keys = new ArrayList<>(List.of(
                "config:",
                "  odoo-stack:dockerMode: swarm",
                "  odoo-stack:odooImage: " + image,
                "  odoo-stack:odooReplicas: 3",
                "  odoo-stack:odooMaxCronThreads: 2",
                "  odoo-stack:odooDomains:",
                "    - " + stack + ".localhost",
                "  odoo-stack:postgresVersion: 17",
                "  odoo-stack:traefikHttpPort: " + port,
                "  odoo-stack:stateRoot: " + tmp.resolve("state")));
        if (legacy != null) {
            keys.addAll(List.of(
                    // the restore runs only when asked on a swarm (bin/odoo-stack restore)
                    "  odoo-stack:restoreUpstream: " + legacy.get("LEGACY_DESTINATION"),
                    "  odoo-stack:restoreSshDir: " + legacy.get("LEGACY_SSH_DIR"),
                    "  odoo-stack:restoreUpstreamDb: " + UPSTREAM_DB,
                    "  odoo-stack:restoreUpstreamFilestore: " + legacy.get("LEGACY_FILESTORE_ROOT") + "/" + UPSTREAM_DB,
                    "  odoo-stack:restorePgDump: " + legacy.get("LEGACY_PG_DUMP"),
                    "  odoo-stack:restoreCacheDir: " + tmp.resolve("cache"),
                    "  odoo-stack:restoreOnFirstUp: false"));
        }
        String fresh = String.join("\n", keys) + "\n";
        Path file = project.resolve("Pulumi." + stack + ".yaml");
        Files.writeString(file, Files.exists(file) ? RealEngine.Project.withPulumiSecrets(Files.readString(file), fresh) : fresh);
    }

    /** bin/odoo-stack COMMAND STACK with this class's engine's flags, then the arguments given. */
    /** Where each task of the stack runs and how its last state came about: for the message of a failed up. */
    String tasks() {
        Cmd.Result ps = lab.docker(1, "stack", "ps", stack, "--no-trunc", "--format", "{{.Name}} {{.Node}} {{.CurrentState}} {{.Error}}");
        return "\ntasks (docker stack ps " + stack + "):\n" + ps.out() + ps.err();
    }

    Cmd.Result onEngine(String command, String... args) {
        return odooStack(Map.of(), withFlags(command, args));
    }

    private String[] withFlags(String command, String... args) {
        List<String> c = new ArrayList<>(List.of(command, stack));
        c.addAll(engine.flags(command));
        c.addAll(Arrays.asList(args));
        return c.toArray(String[]::new);
    }

    Cmd.Result odooStack(String... args) {
        return odooStack(Map.of(), args);
    }

    /** bin/odoo-stack as RealEngine.Project runs it for this class's engine, with the lab's manager as DOCKER_HOST. */
    Cmd.Result odooStack(Map<String, String> extraEnv, String... args) {
        return odooStack(lab, tmp.resolve("home"), project, engine, extraEnv, args);
    }

    /** bin/odoo-stack on the lab for the engine given, with its own home and project directory. */
    static Cmd.Result odooStack(SwarmLab lab, Path home, Path project, Engine engine, Map<String, String> extraEnv, String... args) {
        List<String> c = new ArrayList<>(List.of(RealEngine.REPO.resolve("bin/odoo-stack").toString()));
        c.addAll(Arrays.asList(args));
        Map<String, String> env = new TreeMap<>();
        env.put("DOCKER_HOST", lab.managerHost());
        env.put("ODOO_STACK_HOME", home.toString());
        env.put("ODOO_STACK_PROJECT_DIR", project.toString());
        env.put("ODOO_STACK_WAIT_SECONDS", "400");
        if (engine == Engine.PULUMI) {
            env.put("PATH", RealEngine.pulumiEngine() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("PULUMI_HOME", home.resolve("pulumi-home").toString());
            env.put("PULUMI_SKIP_UPDATE_CHECK", "true");
            env.put("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "true");
        }
        env.putAll(extraEnv);
        return Cmd.run(c, env, null, Duration.ofMinutes(10));
    }

    static void build(String tag, Path context) {
        Cmd.run(List.of("docker", "build", "-q", "-t", tag, context.toString()), RealEngine.env(), null,
                Duration.ofMinutes(10)).orThrow();
    }

    private static Path dockerfile(Path tmp, String name, String text) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("images").resolve(name));
        Files.writeString(dir.resolve("Dockerfile"), text);
        return dir;
    }

    /**
     * What the cron service's running task logged, read on the node that runs it, so that the scenario does not
     * hang on the manager's `docker service logs` (`bin/odoo-stack logs` is checked on its own after).
     */
    private String cronTaskLogs() {
        List<String> nodes = lines(lab.docker(1, "service", "ps", stack + "_odoo-cron", "--filter", "desired-state=running",
                "--format", "{{.Node}}").out());
        StringBuilder logs = new StringBuilder();
        for (int node = 1; node <= lab.nodes(); node++) {
            if (nodes.contains(SwarmLab.hostname(node))) {
                for (String id : lines(lab.docker(node, "ps", "-q", "--filter",
                        "label=com.docker.swarm.service.name=" + stack + "_odoo-cron").out())) {
                    logs.append(lab.docker(node, "logs", id).text());
                }
            }
        }
        return logs.toString();
    }

    /** odoo.conf as the service's swarm config holds it. */
    String config(String service) {
        for (String name : lines(lab.dockerOk(1, "service", "inspect", service, "--format",
                "{{range .Spec.TaskTemplate.ContainerSpec.Configs}}{{.ConfigName}}\n{{end}}"))) {
            if (name.contains("odoo.conf")) {
                String data = lab.dockerOk(1, "config", "inspect", name, "--format", "{{json .Spec.Data}}");
                return new String(Base64.getDecoder().decode(data.replace("\"", "")), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(service + " has no odoo.conf config");
    }

    /** PostgreSQL's task runs on node 1, the node labelled for the database. */
    private String postgresContainer() {
        List<String> ids = lines(lab.dockerOk(1, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + stack + "_postgres"));
        assertEquals(1, ids.size(), "one PostgreSQL task, on the database node: " + ids);
        return ids.get(0);
    }

    int status(String path) {
        return status(stack, port, path);
    }

    /**
     * One request through Traefik, on node 1's published port (its address on the lab's bridge), with the Host
     * header a browser would send: the status code, or -1 when no answer came. A plain socket: Java's HTTP client
     * may not set Host.
     */
    static int status(String stack, int port, String path) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(NODE_1, port), 3000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + stack + ".localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line != null && line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    static void poll(BooleanSupplier done, Duration limit, String what) {
        poll(done, limit, () -> what);
    }

    /** Polls until done; past the limit fails with what was awaited and what it says of the swarm then. */
    static void poll(BooleanSupplier done, Duration limit, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what.get());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The pause between two requests of the loop: pacing, not waiting for anything. */
    private static final Duration PACE = Duration.ofMillis(20);

    /** Requests through Traefik, one after the other, on a thread of their own; any answer but 200 is a failure. */
    static final class Loop {
        /**
         * @param outage seconds from the first failed request to the last one; 0 when none failed
         * @param causes how many failed with each status code (-1: no answer within the socket's timeouts)
         */
        record Counts(int ok, int failed, double seconds, double outage, Map<Integer, Integer> causes) {
            @Override
            public String toString() {
                return ok + " ok, " + failed + " failed in " + String.format("%.1f", seconds) + " s ("
                        + String.format("%.1f", (ok + failed) / Math.max(seconds, 0.001)) + " requests/s)"
                        + (failed > 0 ? String.format("; failures within %.1f s, by status %s", outage, causes) : "");
            }
        }

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger ok = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private volatile long firstFailure;
        private volatile long lastFailure;
        private final Map<Integer, Integer> causes = new java.util.concurrent.ConcurrentSkipListMap<>();
        private final Thread thread;
        private final long t0 = System.nanoTime();

        private Loop(String stack, int port) {
            thread = new Thread(() -> {
                while (running.get()) {
                    int code = status(stack, port, "/web/health");
                    if (code == 200) {
                        ok.incrementAndGet();
                    } else {
                        causes.merge(code, 1, Integer::sum);
                        lastFailure = System.nanoTime();
                        if (failed.getAndIncrement() == 0) {
                            firstFailure = lastFailure;
                        }
                    }
                    // paced, so the loop measures the stack rather than starving it of the machine's two cores
                    java.util.concurrent.locks.LockSupport.parkNanos(PACE.toNanos());
                }
            }, "swarm-request-loop");
            thread.start();
        }

        static Loop start(String stack, int port) {
            return new Loop(stack, port);
        }

        Counts stop() {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Counts(ok.get(), failed.get(), (System.nanoTime() - t0) / 1e9,
                    failed.get() > 0 ? (lastFailure - firstFailure) / 1e9 : 0, Map.copyOf(causes));
        }

        /** Runs for the time given (a measuring window, not a wait for something to happen), then stops. */
        Counts stopAfter(Duration window) {
            try {
                thread.join(window.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return stop();
        }
    }
}
