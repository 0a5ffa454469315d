package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cutover opw check} on a target without room for the copy, on the Pulumi engine: the stack's state root is a
 * file system of 192 MiB (a tmpfs mounted for the test), the legacy database (the fixture's, Odoo-SHAPED) about
 * 110 MB. The check measures the free space where the stack's containers mount their data, as df sees it there, and
 * refuses in one line naming what the copy needs and what is free. The stack's Odoo is the Odoo STAND-IN.
 */
@Tag("e2e")
class CutoverRoomTest {
    private static final String STACK = "opw";
    private static final String LEGACY_DB = "opw_prod";

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static LegacyHost legacy;
    static RealEngine.Project project;
    static boolean mounted;

    @BeforeAll
    static void aProductionStackOnASmallFileSystem() throws IOException {
        legacy = opw.legacyHost("legacy", "odoo-room-e2e", "10.203.24");
        legacy.seed(LEGACY_DB, 96, 20, 8);
        project = opw.project(legacy.productionStack(LEGACY_DB, opw.tmp().resolve("repository")));
        project.withoutRestore(STACK);
        legacy.runsSeries(LEGACY_DB, project.odooVersion(STACK));
        Files.createDirectories(project.stateRoot);
        Cmd.run(List.of("mount", "-t", "tmpfs", "-o", "size=192m", "odoo-stack-room-e2e", project.stateRoot.toString())).orThrow();
        mounted = true;
        project.upOk(STACK);
    }

    @AfterAll
    static void unmount() {
        if (mounted) {
            // lazily: the stack's containers still hold it until the fixture removes them
            Cmd.run(List.of("umount", "-l", project.stateRoot.toString())).orThrow();
        }
    }

    @Test
    void aTargetWithoutRoomForTheDatabaseTwiceAndTheFilestoreIsRefusedInOneLineNamingBoth() {
        Cmd.Result r = project.odooStack("cutover", STACK, "check");

        assertEquals(1, r.exit(), r.out() + r.err());
        List<String> room = r.out().lines().filter(l -> l.startsWith("check room")).toList();
        assertEquals(1, room.size(), r.out());
        assertTrue(room.get(0).startsWith("check room      refused: the target needs "), room.get(0));
        assertTrue(room.get(0).contains(" for the database twice (") && room.get(0).contains(" MiB free: free or add space there"), room.get(0));
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("check legacy    ok: ")), "the legacy host answered: " + r.out());
        assertTrue(r.err().contains("checks refused"), r.err());
    }
}
