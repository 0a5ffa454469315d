package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad stack file under the real engine: the operator reads the key and the fix, and nothing is created. */
@Tag("e2e")
class BadStackFileTest {
    @TempDir
    Path tmp;

    @Test
    void theKeyAndTheFixNoStackTraceNothingCreated() throws Exception {
        RealEngine.wipe("opw");
        RealEngine.Project project = new RealEngine.Project(tmp, Map.of("opw", List.of("odoo-stack:odooWorkers: many")));
        String containersBefore = RealEngine.dockerOk("ps", "-a", "--format", "{{.Names}}");
        String networksBefore = RealEngine.dockerOk("network", "ls", "--format", "{{.Name}}");

        Cmd.Result r = project.up("opw");

        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("odoo-stack:odooWorkers"), r.err());
        assertTrue(r.err().contains("pulumi config set odooWorkers"), "the fix: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no Java stack trace: " + r.err());
        assertEquals(containersBefore, RealEngine.dockerOk("ps", "-a", "--format", "{{.Names}}"));
        assertEquals(networksBefore, RealEngine.dockerOk("network", "ls", "--format", "{{.Name}}"));
    }
}
