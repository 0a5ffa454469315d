package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.odoostack.e2e.RealEngine.docker;
import static dev.odoostack.e2e.RealEngine.dockerOk;
import static dev.odoostack.e2e.RealEngine.psql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Tear the stack down and bring it back: rows and filestore files survive, in both volume modes. */
@Tag("e2e")
class DestroyUpTest {
    @TempDir
    Path tmp;

    @AfterEach
    void wipe() {
        RealEngine.wipe("opw");
    }

    @ParameterizedTest(name = "volumes: {0}")
    @ValueSource(strings = {"bind", "named"})
    void dataSurvivesDestroyAndUp(String volumes) throws Exception {
        RealEngine.wipe("opw");
        RealEngine.Project project = new RealEngine.Project(tmp, Map.of("opw", List.of("odoo-stack:volumes: " + volumes)));
        if (volumes.equals("named")) {
            project.withoutRestore("opw"); // a restore swaps host directories, which named volumes do not expose
        }
        project.upOk("opw");
        psql("opw", "postgres", "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('survives')");
        // written by Odoo's own user, where Odoo keeps attachments (the data_dir of the image's contract)
        String attachments = project.settings("opw").odoo().flavour().dataDir + "/filestore/opw/ab";
        dockerOk("exec", "opw-odoo", "sh", "-c", "mkdir -p " + attachments + " && echo attachment > " + attachments + "/cdef");
        String postgresBefore = dockerOk("inspect", "--format", "{{.Id}}", "opw-postgres");

        Cmd.Result destroy = project.onEngine("destroy", "opw");
        assertEquals(0, destroy.exit(), destroy.err());
        assertNotEquals(0, docker("inspect", "--type", "container", "opw-postgres").exit(), "destroy removes the containers");

        project.upOk("opw");
        assertNotEquals(postgresBefore, dockerOk("inspect", "--format", "{{.Id}}", "opw-postgres"), "a new container");
        assertEquals("survives", psql("opw", "postgres", "SELECT note FROM kept"));
        assertEquals("attachment", dockerOk("exec", "opw-odoo", "cat", attachments + "/cdef"));
        assertEquals(200, RealEngine.get(80, "opw.localhost", "/web/health").status());
    }
}
