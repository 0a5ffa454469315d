package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.odoostack.e2e.RealEngine.containerIds;
import static dev.odoostack.e2e.RealEngine.dockerOk;
import static dev.odoostack.e2e.RealEngine.psql;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The compose engine refuses what the Pulumi program refuses, against the outputs of its last successful up:
 * a new state root and a new Odoo series on the running opw (Odoo is the stand-in image) are each one line, and
 * no container is touched.
 */
@Tag("e2e")
class GuardsTest {
    @TempDir
    Path tmp;

    @AfterEach
    void wipe() {
        RealEngine.wipe("opw");
    }

    @Test
    void aNewStateRootOrOdooSeriesIsRefusedBeforeAnyContainerIsTouched() throws Exception {
        RealEngine.wipe("opw");
        RealEngine.Project project = new RealEngine.Project(tmp, Map.of());
        project.upOk("opw");
        psql("opw", "postgres", "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('survives')");
        Map<String, String> before = containerIds("opw");
        String started = dockerOk("inspect", "--format", "{{.State.StartedAt}}", "opw-postgres");
        Path moved = tmp.resolve("moved");
        project.setStackFile("opw", List.of("odoo-stack:stateRoot: " + moved));
        assertRefused(project.up("opw"), "odoo-stack:stateRoot " + project.stateRoot + " -> " + moved + ": refused.",
                "pulumi config set stateRoot " + project.stateRoot + " --stack opw");

        // the base image of the committed opw, one Odoo series down
        String current = project.settings("opw").odoo().build().orElseThrow().baseImage();
        var tag = java.util.regex.Pattern.compile("(.+):(\\d+)\\.0").matcher(current);
        assertTrue(tag.matches(), "opw builds FROM an image tagged with its series: " + current);
        String older = tag.group(1) + ":" + (Integer.parseInt(tag.group(2)) - 1) + ".0";
        project.setStackFile("opw", List.of("odoo-stack:odooBaseImage: " + older));
        assertRefused(project.up("opw"), "odoo-stack:odooBaseImage " + current + " -> " + older + ": refused.",
                "pulumi config set odooBaseImage " + current + " --stack opw");

        assertEquals(before, containerIds("opw"), "no container was replaced");
        assertEquals(started, dockerOk("inspect", "--format", "{{.State.StartedAt}}", "opw-postgres"), "nor restarted");
        assertEquals("survives", psql("opw", "postgres", "SELECT note FROM kept"));
        project.setStackFile("opw", List.of());
        project.upOk("opw");
        assertEquals(before, containerIds("opw"), "the unchanged stack file passes and changes nothing");
    }

    private static void assertRefused(Cmd.Result up, String start, String wayBack) {
        assertNotEquals(0, up.exit(), up.out() + up.err());
        List<String> lines = up.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line: " + up.err());
        assertTrue(lines.get(0).startsWith(start), lines.get(0));
        assertTrue(lines.get(0).endsWith("set it back: " + wayBack), lines.get(0));
    }
}
