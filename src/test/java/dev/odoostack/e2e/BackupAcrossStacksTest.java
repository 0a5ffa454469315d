package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two backed-up stacks on one engine, opw on PostgreSQL 17 and cm on 16 (stand-ins built on real PostgreSQL servers):
 * a copy of cm's backup restored into opw comes back neutralized; opw's backup cannot go into cm's older server and
 * says so in one line; cm's repository on a disk that fills up fails the backup in one line and keeps the snapshot
 * it had. Odoo is the stand-in.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupAcrossStacksTest {
    @TempDir
    static Path tmp;
    static RealEngine.Project project;
    static Path cmRepository;

    @BeforeAll
    static void up() throws IOException {
        RealEngine.wipe("opw");
        RealEngine.wipe("cm");
        cmRepository = Files.createDirectories(tmp.resolve("cm-repository"));
        // a small disk for cm's repository: room for the first snapshot, not for much more
        Cmd.run(List.of("mount", "-t", "tmpfs", "-o", "size=3m,mode=700", "tmpfs", cmRepository.toString())).orThrow();
        project = new RealEngine.Project(tmp, Map.of(
                "opw", List.of("odoo-stack:backup: true", "odoo-stack:backupRepository: " + tmp.resolve("opw-repository")),
                "cm", List.of("odoo-stack:backup: true", "odoo-stack:backupRepository: " + cmRepository)));
        project.upOk("opw");
        project.upOk("cm");
        for (String stack : List.of("opw", "cm")) {
            RealEngine.psql(stack, "postgres", "CREATE DATABASE " + stack);
            RealEngine.psql(stack, stack, "CREATE TABLE res_partner (id serial, name text); "
                    + "CREATE TABLE ir_config_parameter (id serial, key varchar UNIQUE, value text); "
                    + "INSERT INTO ir_config_parameter (key, value) VALUES ('web.base.url', 'https://" + stack + ".example.com'); "
                    + "INSERT INTO res_partner (name) VALUES ('a partner of " + stack + "')");
            Cmd.Result r = project.odooStack("backup", stack);
            assertEquals(0, r.exit(), () -> stack + ": " + r.err() + r.out());
        }
    }

    @AfterAll
    static void down() {
        RealEngine.wipe("opw");
        RealEngine.wipe("cm");
        Cmd.run(List.of("umount", cmRepository.toString()));
    }

    @Test
    @Order(1)
    void anotherStacksBackupComesBackNeutralized() {
        Cmd.Result r = project.odooStack("restore", "opw", "--from-backup", "latest", "--from-stack", "cm");
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertTrue(r.out().contains("restore: connect snapshot ") && r.out().contains(" of cm taken "), r.out());
        assertEquals("a partner of cm", RealEngine.psql("opw", "opw", "SELECT name FROM res_partner"));
        assertEquals("http://opw.localhost", RealEngine.psql("opw", "opw", "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'"),
                "neutralized: the copy knows its new address");
        assertEquals("True", RealEngine.psql("opw", "opw", "SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'"));
        assertEquals("odoo neutralize", RealEngine.psql("opw", "opw", "SELECT by FROM stand_in_neutralized"),
                "opw's own image neutralized it (the stand-in records the call)");
        RealEngine.await("opw-odoo healthy", Duration.ofMinutes(2), () -> "healthy".equals(RealEngine.docker("inspect",
                "--type", "container", "--format", "{{.State.Health.Status}}", "opw-odoo").out().strip()));
    }

    @Test
    @Order(2)
    void aDumpFromANewerPostgresIsRefusedInOneLineAndTheTargetStays() {
        String before = RealEngine.psql("cm", "postgres", "SELECT string_agg(datname || ':' || oid, ',' ORDER BY datname) FROM pg_database");
        Cmd.Result r = project.odooStack("restore", "cm", "--from-backup", "latest", "--from-stack", "opw");
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("the dump comes from a newer PostgreSQL than the target's"), r.err());
        assertTrue(r.err().contains("Upgrading PostgreSQL"), r.err());
        assertEquals(before, RealEngine.psql("cm", "postgres", "SELECT string_agg(datname || ':' || oid, ',' ORDER BY datname) FROM pg_database"));
        assertEquals("a partner of cm", RealEngine.psql("cm", "cm", "SELECT name FROM res_partner"));
    }

    @Test
    @Order(3)
    void aFullRepositoryDiskFailsTheBackupInOneLineAndKeepsTheSnapshotItHad() throws IOException {
        Path files = project.stateRoot.resolve("cm").resolve("filestore/filestore/cm/ff");
        Files.createDirectories(files);
        for (int i = 0; i < 8; i++) {
            byte[] content = new byte[512 * 1024];
            new java.util.Random(i).nextBytes(content);
            Files.write(files.resolve("big" + i), content);
        }
        Cmd.Result r = project.odooStack("backup", "cm");
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("backup: restic backup to /repository failed: "), r.err());
        assertTrue(r.err().contains("no space left on device"), r.err());
        Cmd.Result list = RealEngine.docker("exec", "cm-backup", "odoo-backup", "restic", "snapshots", "--json");
        assertEquals(0, list.exit(), list.err());
        assertEquals(1, list.out().split("\"short_id\"").length - 1, "the first snapshot is still there: " + list.out());
        // and the repository is whole (cm's own drill cannot prove more here: the postgres:16 stand-in's pg_dump is
        // 17, whose dumps a 16 server refuses; docs/testing.md)
        Cmd.Result check = RealEngine.docker("exec", "cm-backup", "odoo-backup", "restic", "check", "--read-data");
        assertEquals(0, check.exit(), () -> check.err() + check.out());
    }
}
