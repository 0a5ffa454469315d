package dev.odoostack.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The compose engine's rendering records the stack outputs and refuses, through the same guard as the Pulumi
 * program, a change from the outputs of the last successful up.
 */
class ComposeGuardTest {
    @TempDir
    Path tmp;

    private int render(Path out, Path previous, ByteArrayOutputStream err) throws Exception {
        Path secrets = Files.createDirectories(tmp.resolve("passwords"));
        Files.writeString(secrets.resolve("postgresPassword"), "pg-very-secret-4711");
        Files.writeString(secrets.resolve("odooAdminPassword"), "admin-very-secret-0815");
        try {
            LocalCompose.render(Path.of("."), "opw", secrets, null, previous, out, new PrintStream(err, true, StandardCharsets.UTF_8));
            return 0;
        } catch (Failure said) {
            return said.exit();
        }
    }

    @Test
    void theOutputsOfARenderingPassTheirOwnGuardAndAnotherStateRootIsRefused() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, render(tmp.resolve("first"), tmp.resolve("none.json"), err), err.toString());
        Path outputs = tmp.resolve("first/outputs.json");
        String recorded = Files.readString(outputs);
        assertTrue(recorded.contains("\"stateDir\" : \"/var/lib/odoo-stack/opw\""), recorded);
        assertTrue(recorded.matches("(?s).*\"odooVersion\" : \"[0-9]+\\.[0-9]+\".*"), recorded);
        assertEquals(0, render(tmp.resolve("again"), outputs, err), "unchanged: " + err);

        Path moved = tmp.resolve("moved.json");
        Files.writeString(moved, recorded.replace("/var/lib/odoo-stack/opw", "/srv/odoo-stack/opw"));
        assertEquals(1, render(tmp.resolve("refused"), moved, err));
        String lines = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, lines.lines().count(), lines);
        assertTrue(lines.startsWith("odoo-stack:stateRoot /srv/odoo-stack -> /var/lib/odoo-stack: refused."), lines);
        assertTrue(lines.strip().endsWith("set it back: pulumi config set stateRoot /srv/odoo-stack --stack opw"), lines);
        assertFalse(Files.exists(tmp.resolve("refused")), "nothing is written for a refused change");
    }
}
