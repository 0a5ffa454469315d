package dev.odoostack.edge;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class HtpasswdTest {
    static String openssl(String salt, String password) throws Exception {
        return dev.odoostack.testing.Cmd.run(java.util.List.of("openssl", "passwd", "-apr1", "-salt", salt, password))
                .orThrow().out().strip();
    }

    @Test
    void agreesWithOpenssl() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        for (String pw : new String[]{"a", "dashboard-Secret-123", "ünïcødé pass phrase of some length, over 16"}) {
            String salt = Htpasswd.salt("admin", pw);
            assertEquals(openssl(salt, pw), Htpasswd.apr1(pw, salt), pw);
        }
    }

    @Test
    void theSamePasswordGivesTheSameLineAndAnotherADifferentOne() {
        assertEquals(Htpasswd.line("admin", "dashboard-Secret-123"), Htpasswd.line("admin", "dashboard-Secret-123"));
        assertNotEquals(Htpasswd.line("admin", "dashboard-Secret-123"), Htpasswd.line("admin", "dashboard-Secret-124"));
        assertTrue(Htpasswd.line("ops", "x").startsWith("ops:$apr1$"));
    }
}
