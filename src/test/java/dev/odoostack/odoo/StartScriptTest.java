package dev.odoostack.odoo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The container's start script, run for real by /bin/sh with a stand-in odoo that reports how it was called. */
class StartScriptTest {
    @TempDir
    Path dir;

    String[] run(Map<String, String> env) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("odoo"), "#!/bin/sh\necho \"odoo started with: $*\"\n");
        bin.resolve("odoo").toFile().setExecutable(true);
        Files.writeString(dir.resolve("odoo.conf"), "[options]\ndb_host = opw-postgres\n");
        String script = Odoo.START_SCRIPT
                .replace(Odoo.CONF_FILE, dir.resolve("odoo.conf").toString())
                .replace(Odoo.DB_PASSWORD_FILE, dir.resolve("pg").toString())
                .replace(Odoo.ADMIN_PASSWORD_FILE, dir.resolve("admin").toString());
        Files.writeString(dir.resolve("start"), script);
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PATH", bin + ":" + System.getenv("PATH"));
        all.put("ODOO_RC", dir.resolve("run/odoo.conf").toString());
        var r = dev.odoostack.testing.Cmd.run(List.of("sh", dir.resolve("start").toString(), "--stop-after-init"), all,
                null, java.time.Duration.ofSeconds(60));
        return new String[]{String.valueOf(r.exit()), r.out(), r.err()};
    }

    @Test
    void assemblesTheConfigurationFromTheSecretFilesWithMode600() throws Exception {
        Files.writeString(dir.resolve("pg"), "pg-secret-from-file\n");
        Files.writeString(dir.resolve("admin"), "admin-secret-from-file\n");
        String[] r = run(Map.of());
        assertEquals("0", r[0], r[2]);
        assertEquals("odoo started with: --stop-after-init\n", r[1], "Odoo gets no password on its command line");
        Path conf = dir.resolve("run/odoo.conf");
        assertEquals("[options]\ndb_host = opw-postgres\ndb_password = pg-secret-from-file\nadmin_passwd = admin-secret-from-file\n",
                Files.readString(conf));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
    }

    @Test
    void takesThePasswordsFromVariablesWhenNoFileIsPlaced() throws Exception {
        String[] r = run(Map.of(Odoo.DB_PASSWORD_VARIABLE, "pg-from-coolify", Odoo.ADMIN_PASSWORD_VARIABLE, "admin-from-coolify"));
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.readString(dir.resolve("run/odoo.conf")).contains("admin_passwd = admin-from-coolify\n"));
    }

    @Test
    void aMissingPasswordStopsTheStartInsteadOfRunningWithAnEmptyOne() throws Exception {
        Files.writeString(dir.resolve("admin"), "admin-secret-from-file\n");
        String[] r = run(Map.of());
        assertNotEquals("0", r[0]);
        assertEquals("", r[1], "Odoo must not start");
        assertTrue(r[2].contains("neither " + dir.resolve("pg") + " nor $" + Odoo.DB_PASSWORD_VARIABLE + " is set"), r[2]);
        assertFalse(Files.exists(dir.resolve("run/odoo.conf")));
    }
}
