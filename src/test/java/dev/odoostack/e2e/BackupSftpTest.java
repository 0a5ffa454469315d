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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backups to an SFTP repository on another machine (the legacy-host fixture's sshd, in its own network namespace),
 * through the backup container's own network with a way out; real restic, real sshd. Odoo is the stand-in.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupSftpTest {
    private static final String STACK = "opw";

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static LegacyHost vault;
    static RealEngine.Project project;
    static String repository;

    @BeforeAll
    static void up() throws IOException {
        vault = opw.legacyHost("vault", "odoo-vault-e2e", "10.203.13");
        repository = vault.get("LEGACY_HOME") + "/restic/opw";
        project = opw.up(List.of("odoo-stack:backup: true",
                "odoo-stack:backupRepository: sftp:" + vault.get("LEGACY_DESTINATION") + ":" + repository,
                "odoo-stack:backupSshDir: " + vault.get("LEGACY_SSH_DIR")));
        opw.database("CREATE TABLE res_partner (id serial, name text); INSERT INTO res_partner (name) VALUES ('kept')");
    }

    @Test
    @Order(1)
    void aBackupLandsOnTheOtherMachineThroughSftp() {
        assertEquals("opw-backup-net opw-db", opw.backupNetworks());
        Cmd.Result r = project.odooStack("backup", STACK);
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertTrue(r.out().contains("backup: snapshot "), r.out());
        // created by the schedule's first run at start, on the other machine, owned by its account there
        assertTrue(Files.isRegularFile(Path.of(repository, "config")), "the repository is on the other machine");
        Cmd.Result list = project.odooStack("backups", STACK);
        assertTrue(list.out().contains("stack=opw"), list.out());
    }

    @Test
    @Order(2)
    void anUnreachableRepositoryIsOneLine() {
        vault.close(); // the machine goes away
        Cmd.Result r = project.odooStack("backup", STACK);
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("backup: cannot open the repository sftp:"), r.err());
    }
}
