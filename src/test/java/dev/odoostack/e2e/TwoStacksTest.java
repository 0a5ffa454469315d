package dev.odoostack.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static dev.odoostack.e2e.RealEngine.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * opw and cm on one Docker host at once, the documented way (their own Traefik each, opw on port 80, cm on 8081):
 * each answers on its own host names, from its own Odoo (stand-in image) and its own PostgreSQL (17 and 16).
 */
@Tag("e2e")
class TwoStacksTest {
    @TempDir
    static Path tmp;
    static RealEngine.Project project;

    @BeforeAll
    static void up() throws IOException {
        RealEngine.wipe("opw");
        RealEngine.wipe("cm");
        project = new RealEngine.Project(tmp, Map.of());
        project.upOk("opw");
        project.upOk("cm");
    }

    @AfterAll
    static void down() {
        RealEngine.wipe("opw");
        RealEngine.wipe("cm");
    }

    @Test
    void eachStackAnswersOnItsOwnNames() {
        RealEngine.Http opw = get(80, "opw.localhost", "/stand-in/info");
        RealEngine.Http cm = get(8081, "cm.localhost", "/stand-in/info");
        RealEngine.Http www = get(8081, "www.cm.localhost", "/stand-in/info");
        assertEquals(200, opw.status(), opw.toString());
        assertEquals(200, cm.status(), cm.toString());
        assertEquals(200, www.status(), www.toString());
        assertTrue(opw.body().contains("\"db_host\": \"opw-postgres\"")
                && opw.body().contains("\"version\": \"" + project.odooVersion("opw") + "\""), opw.body());
        assertTrue(cm.body().contains("\"db_host\": \"cm-postgres\"")
                && cm.body().contains("\"version\": \"" + project.odooVersion("cm") + "\""), cm.body());
        assertNotEquals(project.odooVersion("opw"), project.odooVersion("cm"), "two Odoo versions side by side");
        assertEquals(200, get(80, "opw.localhost", "/web/health").status());
        assertEquals(200, get(8081, "cm.localhost", "/web/health").status());
        // each Traefik routes its own stack only
        assertEquals(404, get(80, "cm.localhost", "/web/health").status());
        assertEquals(404, get(8081, "opw.localhost", "/web/health").status());
    }

    @Test
    void eachStackHasItsOwnPostgresMajorAndNoSharedNetwork() {
        assertTrue(RealEngine.psql("opw", "postgres", "SHOW server_version").startsWith("17."));
        assertTrue(RealEngine.psql("cm", "postgres", "SHOW server_version").startsWith("16."));
        String cmNetworks = RealEngine.dockerOk("inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "cm-odoo");
        assertEquals("cm-db cm-proxy", cmNetworks.strip());
    }
}
