package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/odoo-stack cutover opw rehearse} on the Pulumi engine, against the legacy host fixture (real sshd and
 * PostgreSQL 15, read over SSH): the copy in the scratch stack {@code opw-rehearsal} is production's data as the
 * legacy host has it (what restore.sh's neutralize.sql would change is unchanged), verified equal, and its Odoo cannot
 * reach beyond its stack while production's still can; after the rehearsal nothing of the scratch stack is left, the
 * production stack's containers and database are as they were, and {@code check} prints the freeze window from the
 * record. The legacy database is Odoo-SHAPED (a stand-in), and both stacks' Odoo is the Odoo STAND-IN, not Odoo.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CutoverRehearsalTest {
    private static final String STACK = "opw";
    private static final String SCRATCH = "opw-rehearsal";
    private static final String LEGACY_DB = "opw_prod";
    private static final Pattern PHASE = Pattern.compile("(?m)^rehearse (\\w+) +.* in [0-9.]+ s$");

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static LegacyHost legacy;
    static RealEngine.Project project;
    static String productionBefore;
    static String databaseBefore;
    static String stackFileBefore;

    @BeforeAll
    static void productionStackSyncedFromTheLegacyHost() throws IOException {
        RealEngine.wipe(SCRATCH);
        legacy = opw.legacyHost("legacy", "odoo-rehearse-e2e", "10.203.19");
        legacy.seed(LEGACY_DB, 1, 20, 8);
        // the seed points the first attachment rows at its files, as Odoo's are: 20 stored attachments, each with its file
        project = opw.project(legacy.productionStack(LEGACY_DB, opw.tmp().resolve("repository")));
        project.withoutRestore(STACK);
        project.upOk(STACK);
        opw.database("CREATE TABLE res_partner (id serial, name text); INSERT INTO res_partner (name) VALUES ('production''s own')");
        Cmd.Result sync = project.odooStack("cutover", STACK, "sync");
        assertEquals(0, sync.exit(), () -> sync.err() + sync.out());
        productionBefore = production();
        databaseBefore = database();
        stackFileBefore = Files.readString(project.dir.resolve("Pulumi." + STACK + ".yaml"));
    }

    /** Whatever a failed scenario left of the scratch stack (the fixture removes the production stack's). */
    @AfterAll
    static void noScratchStackLeft() {
        RealEngine.wipe(SCRATCH);
    }

    /** Each container of the production stack: id, name and when it started (a restart shows). */
    private static String production() {
        List<String> lines = new ArrayList<>();
        for (String id : RealEngine.dockerOk("ps", "-aq", "--filter", "label=odoo-stack.stack=" + STACK).split("\\s+")) {
            lines.add(RealEngine.dockerOk("inspect", "--format", "{{.Id}} {{.Name}} {{.State.StartedAt}}", id));
        }
        return String.join("\n", lines.stream().sorted().toList());
    }

    /** The production stack's databases and its rows. */
    private static String database() {
        return RealEngine.psql(STACK, "postgres", "SELECT string_agg(datname, ' ' ORDER BY datname) FROM pg_database") + " | "
                + RealEngine.psql(STACK, STACK, "SELECT string_agg(id || ' ' || name, ',' ORDER BY id) FROM res_partner");
    }

    private static List<String> phases(Cmd.Result r) {
        List<String> phases = new ArrayList<>();
        PHASE.matcher(r.out()).results().forEach(m -> phases.add(m.group(1)));
        return phases;
    }

    private static String connect(String host, int port) {
        return "import socket; socket.create_connection(('" + host + "', " + port + "), 3).close()";
    }

    private static String gateway(String network) {
        return RealEngine.dockerOk("network", "inspect", "--format", "{{(index .IPAM.Config 0).Gateway}}", network);
    }

    @Test
    @Order(1)
    void theKeptScratchStackHoldsProductionsDataUnneutralizedAndItsOdooCannotReachTheOutside() throws IOException {
        Cmd.Result r = project.odooStack("cutover", STACK, "rehearse", "--keep");
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertEquals(List.of("deploy", "copy", "verify", "start"), phases(r), r.out());
        assertTrue(r.out().contains("unchanged files hard-linked to the last sync's copy"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("verified: rows of ") && l.contains("every one of 20 attachments has its file")), r.out());

        // what neutralize.sql turns off or adds is as the legacy host has it: crons on, mail servers as they were
        for (String sql : List.of("SELECT count(*) FROM ir_cron WHERE active", "SELECT count(*) FROM ir_mail_server",
                "SELECT count(*) FROM ir_mail_server WHERE active", "SELECT count(*) FROM res_partner")) {
            String source = legacy.psql(LEGACY_DB, sql);
            assertEquals(source, RealEngine.psql(SCRATCH, STACK, sql), sql);
        }
        assertNotEquals("0", legacy.psql(LEGACY_DB, "SELECT count(*) FROM ir_cron WHERE active"), "the fixture has active crons to keep");

        // the scratch Odoo: only internal networks, no Traefik of its own
        String networks = RealEngine.dockerOk("inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}",
                SCRATCH + "-odoo");
        for (String n : networks.split("\\s+")) {
            assertEquals("true", RealEngine.dockerOk("network", "inspect", "--format", "{{.Internal}}", n), n + " is internal");
        }
        assertEquals("", RealEngine.dockerOk("ps", "-a", "-q", "--filter", "name=" + SCRATCH + "-traefik"));

        // the world outside the stacks: a server on the host, on every address of it
        try (java.net.ServerSocket world = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("0.0.0.0"))) {
            Thread accept = new Thread(() -> {
                while (!world.isClosed()) {
                    try (java.net.Socket ignored = world.accept()) {
                        // accepted: that is all a caller needs to see
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            int port = world.getLocalPort();
            for (String network : List.of(SCRATCH + "-proxy", SCRATCH + "-db", STACK + "-proxy", "bridge")) {
                assertNotEquals(0, RealEngine.docker("exec", SCRATCH + "-odoo", "python3", "-c", connect(gateway(network), port)).exit(),
                        "the rehearsal's Odoo reached the host through " + network);
            }
            Cmd.Result production = RealEngine.docker("exec", STACK + "-odoo", "python3", "-c", connect(gateway(STACK + "-proxy"), port));
            assertEquals(0, production.exit(), "production keeps its way out: " + production.err());
        }
        assertEquals(productionBefore, production(), "production's containers are as they were");
        assertEquals(databaseBefore, database());
    }

    @Test
    @Order(2)
    void aRehearsalRemovesTheLeftoverFirstThenItsOwnScratchStackAndCheckPrintsTheFreezeWindow() throws IOException {
        Cmd.Result r = project.odooStack("cutover", STACK, "rehearse");
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertTrue(r.out().startsWith("rehearse: a scratch stack " + SCRATCH + " is left from an earlier rehearsal"), r.out());
        assertEquals(List.of("deploy", "copy", "verify", "start", "remove"), phases(r), r.out());
        assertTrue(r.out().contains("rehearsal of opw done: the copy verified"), r.out());

        // nothing of the scratch stack is left
        assertEquals("", RealEngine.dockerOk("ps", "-aq", "--filter", "label=odoo-stack.stack=" + SCRATCH));
        assertFalse(Arrays.stream(RealEngine.dockerOk("network", "ls", "--format", "{{.Name}}").split("\\s+"))
                .anyMatch(n -> n.startsWith(SCRATCH)), "no network of " + SCRATCH);
        assertEquals("", RealEngine.dockerOk("volume", "ls", "-q", "--filter", "name=" + SCRATCH));
        assertFalse(Files.exists(project.stateRoot.resolve(SCRATCH)), "no state directory");
        assertFalse(Files.exists(project.dir.resolve("Pulumi." + SCRATCH + ".yaml")), "no stack file");
        // nothing of production changed
        assertEquals(productionBefore, production());
        assertEquals(databaseBefore, database());
        assertEquals(stackFileBefore, Files.readString(project.dir.resolve("Pulumi." + STACK + ".yaml")));

        Path record = project.home.resolve("cutover").resolve(STACK).resolve("rehearsal");
        List<String> recorded = Files.readAllLines(record);
        for (String phase : List.of("deploy", "copy", "verify", "start", "remove")) {
            assertTrue(recorded.stream().anyMatch(l -> l.matches("phase " + phase + " [0-9.]+")), phase + ": " + recorded);
        }
        assertTrue(recorded.contains("verified true"), recorded.toString());
        assertTrue(Files.readString(project.home.resolve("cutover").resolve(STACK).resolve("rehearsal-verification")).contains("verification of"));

        // with nothing left, --remove finds nothing to remove and says nothing is left
        Cmd.Result remove = project.odooStack("cutover", STACK, "rehearse", "--remove");
        assertEquals(0, remove.exit(), () -> remove.err() + remove.out());
        assertEquals("rehearse: nothing of the scratch stack opw-rehearsal is left\n", remove.out());
        assertEquals("", RealEngine.dockerOk("ps", "-aq", "--filter", "label=odoo-stack.stack=" + SCRATCH));
        assertFalse(Files.exists(project.dir.resolve("Pulumi." + SCRATCH + ".yaml")), "no stack file after --remove");

        Cmd.Result check = project.odooStack("cutover", STACK, "check");
        assertTrue(check.out().lines().anyMatch(l -> l.matches("freeze window: about \\d+ s \\(freeze proof 21 s \\+ copy [0-9.]+ s"
                + " \\+ verify [0-9.]+ s \\+ start [0-9.]+ s\\), as the rehearsal of \\S+ measured")), check.out() + check.err());
    }
}
