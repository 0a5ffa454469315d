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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backups to an s3: repository on another machine: a STAND-IN S3 server (moto's, from PyPI: not AWS, not MinIO;
 * it checks each request's signature against the key it issued) in the legacy-host fixture's network namespace,
 * reached through the backup container's own network. Real restic in the container and on this machine; Odoo is
 * the stand-in.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupS3Test {
    private static final String STACK = "opw";

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static S3StandIn s3;
    static RealEngine.Project project;
    static String repository;
    static Path filestore;

    @BeforeAll
    static void up() throws IOException {
        opw.legacyHost("s3-host", "odoo-s3-e2e", "10.203.14");
        s3 = opw.s3(9000);
        // a bucket that does not exist yet: the first backup creates it and the repository in it
        repository = "s3:" + s3.endpoint() + "/odoo-backups/opw";
        project = opw.project(List.of("odoo-stack:backup: true", "odoo-stack:backupRepository: " + repository));
        project.setSecret(STACK, "backupS3AccessKeyId", s3.accessKeyId());
        project.setSecret(STACK, "backupS3SecretAccessKey", s3.secretAccessKey());
        project.upOk(STACK);
        opw.database("CREATE TABLE res_partner (id serial, name text); INSERT INTO res_partner (name) VALUES ('kept')");
        filestore = opw.filestoreRoot().resolve(STACK);
        Files.createDirectories(filestore.resolve("ab"));
        Files.writeString(filestore.resolve("ab/ab1"), "an attachment the backup holds");
    }

    /** The keys the server issued, in the environment restic reads them from. */
    static Map<String, String> keys() throws IOException {
        return Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(), "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
    }

    /** This machine's restic on the bucket, with the repository's password and the keys the server issued. */
    static Cmd.Result restic(String... args) throws IOException {
        return opw.restic(repository, keys(), args);
    }

    static long snapshots() throws IOException {
        return opw.snapshots(repository, keys());
    }

    @Test
    @Order(1)
    void aBackupLandsInTheBucketThroughTheBackupContainersOwnNetwork() throws IOException {
        assertEquals("opw-backup-net opw-db", opw.backupNetworks());
        Cmd.Result r = project.odooStack("backup", STACK);
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertTrue(r.out().contains("backup: snapshot "), r.out());
        // read back from the bucket on the other machine by this machine's restic: the dump and the file are there
        Cmd.Result ls = restic("ls", "latest");
        assertEquals(0, ls.exit(), ls.err());
        assertTrue(ls.out().contains("/var/lib/odoo-backup/dump/opw.dump"), ls.out());
        assertTrue(ls.out().contains("/var/lib/odoo/filestore/opw/ab/ab1"), ls.out());
        assertTrue(s3.log().contains("PUT /odoo-backups/opw/config "), "the server stored the repository's config");
    }

    @Test
    @Order(2)
    void backupsListsTheSnapshotInTheBucket() throws IOException {
        Cmd.Result mine = restic("snapshots", "--json");
        String id = mine.out().replaceAll("(?s).*\"short_id\":\"([0-9a-f]+)\".*", "$1");
        Cmd.Result list = project.odooStack("backups", STACK);
        assertEquals(0, list.exit(), () -> list.err() + list.out());
        assertTrue(list.out().contains(id) && list.out().contains("stack=opw"), id + "\n" + list.out());
    }

    @Test
    @Order(3)
    void aRestoreFromTheBucketBringsAChangedRowAndALostFileBack() throws IOException {
        RealEngine.psql(STACK, STACK, "UPDATE res_partner SET name = 'changed after the backup'");
        Files.delete(filestore.resolve("ab/ab1"));
        Cmd.Result r = project.odooStack("restore", STACK, "--from-backup", "latest");
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertEquals("kept", RealEngine.psql(STACK, STACK, "SELECT string_agg(name, ',') FROM res_partner"));
        assertEquals("an attachment the backup holds", Files.readString(filestore.resolve("ab/ab1")));
        assertEquals("", opw.backupRestoreContainers(),
                "the one-off container that restored the files is gone");
    }

    @Test
    @Order(4)
    void aKeyTheServerRefusesIsOneLineNamingTheRefusal() throws IOException {
        long before = snapshots();
        String wrong = "wrong-secret-access-key-0123456789abcdef";
        Path file = project.stateRoot.resolve(STACK).resolve("backup/wrong-s3-secret");
        Files.writeString(file, wrong);
        // the stack's own files, but for the secret key: the container's program with its network and id
        Cmd.Result r = RealEngine.docker("exec", "-e", "BACKUP_SECRETS_DIR=/var/lib/odoo-backup/wrong-secrets",
                "opw-backup", "sh", "-c", "mkdir -p /var/lib/odoo-backup/wrong-secrets && "
                        + "cp /run/secrets/* /var/lib/odoo-backup/wrong-secrets/ && "
                        + "cp /var/lib/odoo-backup/wrong-s3-secret /var/lib/odoo-backup/wrong-secrets/s3_secret_access_key && "
                        + "odoo-backup now");
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("backup: cannot open the repository " + repository + ": "), r.err());
        assertTrue(r.err().contains("signature we calculated does not match"), r.err());
        assertFalse(r.err().contains(wrong) || r.out().contains(wrong), "the key is never echoed");
        assertEquals(before, snapshots(), "no repository was created over the one in the bucket");
    }

    @Test
    @Order(5)
    void anUnreachableServerIsOneLine() {
        s3.close(); // the server goes away; its machine stays
        Cmd.Result r = project.odooStack("backup", STACK);
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("backup: cannot open the repository " + repository + ": "), r.err());
        assertTrue(r.err().contains("connection refused"), r.err());
        Cmd.Result list = project.odooStack("backups", STACK);
        assertNotEquals(0, list.exit(), list.out());
        assertEquals(1, list.err().strip().lines().count(), list.err());
        assertTrue(list.err().startsWith("backup: cannot list " + repository + ": "), list.err());
    }
}
