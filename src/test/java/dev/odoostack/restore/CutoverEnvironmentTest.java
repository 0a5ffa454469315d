package dev.odoostack.restore;

import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import static dev.odoostack.testing.StackConfig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What restore.sh gets for a cutover's final copy: production's data like for like, from the cutover's own keys. */
class CutoverEnvironmentTest {
    private static Map<String, String> cutoverStack(String volumes) {
        Map<String, String> c = production(backedUp(withPasswords()));
        c.put(NS + "cutoverUpstream", LEGACY_HOST);
        c.put(NS + "cutoverSshDir", LEGACY_SSH_DIR);
        c.put(NS + "cutoverUpstreamDb", LEGACY_DB);
        c.put(NS + "cutoverUpstreamFilestore", LEGACY_FILESTORE);
        c.put(NS + "cutoverPsql", "sudo -u postgres psql");
        c.put(NS + "volumes", volumes);
        return c;
    }

    @Test
    void theCopyIsNotNeutralizedDumpsAsTheCutoverReadsAndLinksToTheSync() {
        Settings s = settings("opw", cutoverStack("bind"));
        SortedMap<String, String> env = DeploymentModel.cutoverEnvironment(s, Path.of("."), s.cutover().orElseThrow(), "/sync/opw~cutover");
        assertEquals("0", env.get("RESTORE_NEUTRALIZE"));
        assertEquals("sudo -u postgres pg_dump", env.get("RESTORE_UPSTREAM_PG_DUMP"));
        assertEquals(LEGACY_HOST, env.get("RESTORE_UPSTREAM"));
        assertEquals(LEGACY_DB, env.get("RESTORE_UPSTREAM_DB"));
        assertEquals(LEGACY_FILESTORE, env.get("RESTORE_UPSTREAM_FILESTORE"));
        assertEquals("/sync/opw~cutover", env.get("RESTORE_LINK_DEST"));
        assertEquals("opw", env.get("TARGET_DB"));
        assertEquals("opw-postgres", env.get("TARGET_PG_CONTAINER"));
        assertTrue(env.get("TARGET_FILESTORE_ROOT").endsWith("/opw/filestore/filestore"), env.get("TARGET_FILESTORE_ROOT"));
    }

    @Test
    void withNamedVolumesTheCopyGoesIntoTheFilestoresVolumeWhereThisMachineReachesIt() {
        Settings s = settings("opw", cutoverStack("named"));
        SortedMap<String, String> env = DeploymentModel.cutoverEnvironment(s, Path.of("."), s.cutover().orElseThrow(),
                "/var/lib/docker/volumes/opw-filestore/_data/filestore/opw~cutover", Optional.of("/var/lib/docker/volumes/opw-filestore/_data"));
        assertEquals("/var/lib/docker/volumes/opw-filestore/_data/filestore", env.get("TARGET_FILESTORE_ROOT"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeploymentModel.cutoverEnvironment(s, Path.of("."), s.cutover().orElseThrow(), "/sync/opw~cutover"));
        assertTrue(e.getMessage().contains("volumes: named") && e.getMessage().contains("docker volume inspect opw-filestore")
                && e.getMessage().endsWith("run bin/odoo-stack on the Docker host of opw (docs/restore.md)"), e.getMessage());
    }

    @Test
    void withNamedVolumesARollbackSwapsInTheVolumeAndARestoreFromBackupsStaysRefused() {
        Settings s = settings("opw", cutoverStack("named"));
        assertEquals("/vol/filestore", DeploymentModel.restoreEnvironment(s, Path.of("."), null, null, Optional.of("/vol"))
                .get("TARGET_FILESTORE_ROOT"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeploymentModel.restoreEnvironment(s, Path.of("."), "latest", null, Optional.of("/vol")));
        assertTrue(e.getMessage().contains("only a rollback (--rollback) or a cutover does"), e.getMessage());
    }
}
