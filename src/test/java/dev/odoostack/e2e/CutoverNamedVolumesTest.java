package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

import static dev.odoostack.e2e.RealEngine.dockerOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cutover onto a production stack whose data lives in named volumes ({@code volumes: named}), on the Pulumi
 * engine: sync, final and abort move the filestore's directories inside the stack's filestore volume, which this
 * machine reaches at the volume's Mountpoint (the engine is local). The legacy host is the fixture (real sshd and
 * PostgreSQL 15, an Odoo-SHAPED database); the stack's Odoo is the Odoo STAND-IN.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CutoverNamedVolumesTest {
    private static final String STACK = "opw";
    private static final String LEGACY_DB = "opw_prod";
    private static final int FILES = 12;

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static LegacyHost legacy;
    static RealEngine.Project project;
    static String filestore;

    @BeforeAll
    static void productionStackInNamedVolumesWithADrilledBackupAndTheLegacyHostAsItsCutoverSource() throws IOException {
        legacy = opw.legacyHost("legacy", "odoo-named-e2e", "10.203.23");
        legacy.seed(LEGACY_DB, 1, FILES, 8);
        project = opw.project(legacy.productionStack(LEGACY_DB, opw.tmp().resolve("repository"), "odoo-stack:volumes: named"));
        project.withoutRestore(STACK);
        legacy.runsSeries(LEGACY_DB, project.odooVersion(STACK));
        project.upOk(STACK);
        // the stack's data before the cutover, in its volumes: a row, and a file written by Odoo's own user
        opw.database("CREATE TABLE res_partner (id serial, name text); INSERT INTO res_partner (name) VALUES ('before the cutover')");
        filestore = project.settings(STACK).odoo().flavour().dataDir + "/filestore/" + STACK;
        dockerOk("exec", "opw-odoo", "sh", "-c", "mkdir -p " + filestore + "/ab && echo before > " + filestore + "/ab/before");
        project.backupAndDrillOk(STACK);
    }

    @Test
    @Order(1)
    void finalCopiesIntoTheFilestoresVolumeVerifiesAndGoesLive() {
        Cmd.Result sync = project.odooStack("cutover", STACK, "sync");
        assertEquals(0, sync.exit(), sync.err() + sync.out());

        Cmd.Result r = project.odooStack("cutover", STACK, "final");

        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("verified: rows of ")), r.out());
        assertTrue(r.out().contains("final: opw is live from " + legacy.get("LEGACY_DESTINATION") + ":" + LEGACY_DB + " since "), r.out());
        assertEquals(legacy.psql(LEGACY_DB, "SELECT count(*) FROM res_partner"), RealEngine.psql(STACK, STACK, "SELECT count(*) FROM res_partner"));
        // the legacy files are what Odoo sees now, in the volume; the stack's own file went with the previous generation
        assertEquals(String.valueOf(FILES), dockerOk("exec", "opw-odoo", "sh", "-c", "find " + filestore + " -type f | wc -l").strip());
        assertEquals("before", dockerOk("exec", "opw-odoo", "cat", filestore + "~previous/ab/before").strip());
        assertEquals("before the cutover", RealEngine.psql(STACK, "opw~previous", "SELECT string_agg(name, ',') FROM res_partner"));
        opw.awaitOdooHealthy();
    }

    @Test
    @Order(2)
    void abortAfterTheSwapBringsBackThePreviousGenerationInTheVolume() {
        Cmd.Result r = project.odooStack("cutover", STACK, "abort");

        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("abort of opw after the swap: done; opw is its previous generation again"), r.out());
        assertEquals("before the cutover", RealEngine.psql(STACK, STACK, "SELECT string_agg(name, ',') FROM res_partner"));
        assertEquals("before", dockerOk("exec", "opw-odoo", "cat", filestore + "/ab/before").strip());
        assertEquals(String.valueOf(FILES), dockerOk("exec", "opw-odoo", "sh", "-c", "find " + filestore + "~previous -type f | wc -l").strip(),
                "the cutover's files are kept as the previous generation");
        opw.awaitOdooHealthy();
    }
}
