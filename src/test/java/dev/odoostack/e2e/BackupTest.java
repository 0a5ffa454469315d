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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The opw stack backed up to a local restic repository, on the real engine with real restic (Debian's, in the
 * backup container built FROM the PostgreSQL stand-in, and on this machine to read the repository back) and the
 * real PostgreSQL of the stack. Odoo is the stand-in; the backup does not need Odoo.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupTest {
    private static final String STACK = "opw";
    private static final String MARKER = "a row only the backup may hold";

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static RealEngine.Project project;
    static Path repository;
    static Path filestore;
    static long firstAdded;

    @BeforeAll
    static void up() throws IOException {
        repository = opw.tmp().resolve("repository");
        project = opw.up(List.of("odoo-stack:backup: true", "odoo-stack:backupRepository: " + repository,
                "odoo-stack:backupInterval: 15m"));
        // a database with rows and files, as Odoo would leave it
        opw.database("CREATE TABLE res_partner (id serial, name text); "
                + "INSERT INTO res_partner (name) SELECT md5(i::text) FROM generate_series(1, 20000) i; "
                + "INSERT INTO res_partner (name) VALUES ('" + MARKER + "')");
        filestore = opw.filestoreRoot().resolve(STACK);
        Files.createDirectories(filestore.resolve("ab"));
        for (int i = 0; i < 20; i++) {
            byte[] content = new byte[64 * 1024];
            new java.util.Random(i).nextBytes(content);
            Files.write(filestore.resolve("ab/ab" + i), content);
        }
        // and many small ones, as a real filestore has: listings longer than a pipe's buffer
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectories(filestore.resolve(String.format("%02x", d + 16)));
            for (int i = 0; i < 100; i++) {
                Files.writeString(dir.resolve("small-attachment-with-a-long-name-like-odoo-uses-" + i), "attachment " + d + "/" + i);
            }
        }
    }

    @Test
    @Order(1)
    void theBackupContainerIsHealthyOnTheDatabaseNetworkOnlyWithoutAPasswordInSight() throws IOException {
        assertEquals("running healthy", RealEngine.dockerOk("inspect", "--type", "container", "--format",
                "{{.State.Status}} {{.State.Health.Status}}", "opw-backup"));
        assertEquals("opw-db", opw.backupNetworks());
        String inspect = RealEngine.dockerOk("inspect", "--type", "container", "opw-backup");
        for (String key : List.of("backupPassword", "postgresPassword")) {
            String secret = project.secret(STACK, key);
            assertFalse(inspect.contains(secret), key + " must not be in docker inspect");
        }
    }

    @Test
    @Order(2)
    void aBackupNowTakesOneSnapshotOfDatabaseAndFilestoreWithProgress() {
        Cmd.Result r = project.odooStack("backup", STACK);
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("backup: dump [0-9.]+ (KiB|MiB) in [0-9.]+ s")), r.out());
        Matcher added = Pattern.compile("backup: snapshot [0-9a-f]{8}: (\\d+) new files, ([0-9.]+) (B|KiB|MiB) added").matcher(r.out());
        assertTrue(added.find(), r.out());
        assertEquals("2021", added.group(1), "the dump and the 2,020 files are new");
        firstAdded = bytes(added.group(2), added.group(3));
        Cmd.Result list = project.odooStack("backups", STACK);
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("stack=opw") && list.out().contains("db=opw") && list.out().contains("odoo=" + project.odooVersion(STACK)), list.out());
    }

    @Test
    @Order(3)
    void resticOnThisMachineReadsTheDumpAndTheFilesBackWithThePasswordAndNothingElse() throws IOException {
        Path passwordFile = project.secretFile(STACK, "backupPassword");
        // read with this machine's restic, restored with the stack's own pg_restore (the dump's major)
        Cmd.Result dump = Cmd.run(List.of("sh", "-c", "restic -r \"$1\" --password-file \"$2\" --no-cache dump latest "
                + "/var/lib/odoo-backup/dump/opw.dump | docker exec -i opw-postgres pg_restore -f - --data-only --table=res_partner", "sh",
                repository.toString(), passwordFile.toString()), RealEngine.env(), null, Duration.ofMinutes(2));
        assertEquals(0, dump.exit(), dump.err());
        assertTrue(dump.out().contains(MARKER), "the dump holds the rows");
        Cmd.Result ls = opw.restic(repository.toString(), Map.of(), "ls", "latest");
        assertTrue(ls.out().contains("/var/lib/odoo/filestore/opw/ab/ab19"), ls.out());

        Path wrong = opw.tmp().resolve("wrong-password");
        Files.writeString(wrong, "not the repository's password\n");
        Cmd.Result denied = Cmd.run(List.of("restic", "-r", repository.toString(), "--password-file", wrong.toString(),
                "--no-cache", "snapshots"), Map.of(), null, Duration.ofMinutes(1));
        assertNotEquals(0, denied.exit());
        assertTrue(denied.err().contains("wrong password"), denied.err());
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains(MARKER),
                        "the repository is encrypted: " + p);
            }
        }
    }

    @Test
    @Order(4)
    void aSecondBackupAfterASmallChangeAddsLittle() {
        RealEngine.psql(STACK, STACK, "UPDATE res_partner SET name = 'changed' WHERE id % 100 = 0");
        Cmd.Result r = project.odooStack("backup", STACK);
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        Matcher added = Pattern.compile("backup: snapshot [0-9a-f]{8}: (\\d+) new files, ([0-9.]+) (B|KiB|MiB) added").matcher(r.out());
        assertTrue(added.find(), r.out());
        long second = bytes(added.group(2), added.group(3));
        assertEquals("0", added.group(1), "no file is new: the dump changed, the filestore did not");
        // the 20 files (1.25 MiB of incompressible bytes) are not stored again; the changed dump is (a dump this
        // small is one restic chunk: deduplication inside a dump is bench/backup.sh's subject, on 1 GiB)
        assertTrue(second < firstAdded - 1_200_000, "deduplicated: " + second + " bytes added after " + firstAdded);
    }

    @Test
    @Order(5)
    void aStaleBackupMakesTheContainerUnhealthyAndStatusSaysSo() throws IOException {
        Path success = project.stateRoot.resolve(STACK).resolve("backup/status/success");
        String real = Files.readString(success);
        long longAgo = System.currentTimeMillis() / 1000 - 3 * 15 * 60;
        Files.writeString(success, longAgo + " 00000000 0\n");
        try {
            Cmd.Result health = RealEngine.docker("exec", "opw-backup", "odoo-backup", "health");
            assertEquals(1, health.exit(), health.out());
            assertTrue(health.out().startsWith("stale: the last good backup is 45 minutes old"), health.out());
            Cmd.Result status = project.odooStack("status", STACK);
            assertTrue(status.out().contains("backup:   stale"), status.out());
        } finally {
            Files.writeString(success, real);
        }
        assertEquals(0, RealEngine.docker("exec", "opw-backup", "odoo-backup", "health").exit());
    }

    @Test
    @Order(6)
    void postgresDownAtBackupTimeIsOneLineAndEarlierSnapshotsStay() {
        RealEngine.dockerOk("stop", "opw-postgres");
        try {
            Cmd.Result r = project.odooStack("backup", STACK);
            assertEquals(1, r.exit());
            assertTrue(r.err().strip().startsWith("backup: cannot reach PostgreSQL at opw-postgres"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        } finally {
            RealEngine.dockerOk("start", "opw-postgres");
        }
        assertEquals(2, snapshots());
    }

    @Test
    @Order(7)
    void aWrongRepositoryPasswordIsOneLineAndTheRepositoryIsUntouched() throws IOException {
        Path file = project.stateRoot.resolve(STACK).resolve("backup/wrong");
        Files.writeString(file, "not the repository's password");
        Cmd.Result r = RealEngine.docker("exec", "-e", "BACKUP_SECRETS_DIR=/var/lib/odoo-backup/wrong-secrets",
                "opw-backup", "sh", "-c", "mkdir -p /var/lib/odoo-backup/wrong-secrets && "
                        + "cp /var/lib/odoo-backup/wrong /var/lib/odoo-backup/wrong-secrets/restic_password && "
                        + "cp /run/secrets/postgres_password /var/lib/odoo-backup/wrong-secrets/ && odoo-backup now");
        assertEquals(1, r.exit());
        assertTrue(r.err().strip().startsWith("backup: cannot open the repository /repository:"), r.err());
        assertTrue(r.err().contains("wrong password"), r.err());
        assertEquals(2, snapshots(), "no repository was created over the old one");
    }

    @Test
    @Order(8)
    void aBackupKilledWithItsContainerLeavesTheSnapshotsWholeAndTheNextOneRuns() throws Exception {
        long before = snapshots();
        // enough to keep restic busy for a moment: the kill must land while it holds the repository's lock
        Path bulk = Files.createDirectories(filestore.resolve("ff"));
        for (int i = 0; i < 12; i++) {
            byte[] content = new byte[8 * 1024 * 1024];
            new java.util.Random(100 + i).nextBytes(content);
            Files.write(bulk.resolve("bulk" + i), content);
        }
        ProcessBuilder pb = new ProcessBuilder("docker", "exec", "opw-backup", "odoo-backup", "now")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(RealEngine.env());
        Process backup = pb.start();
        Path locks = repository.resolve("locks");
        RealEngine.await("restic holds the repository's lock", Duration.ofSeconds(60), () -> {
            try (Stream<Path> l = Files.list(locks)) {
                return l.findAny().isPresent();
            } catch (IOException e) {
                return false;
            }
        });
        RealEngine.dockerOk("kill", "opw-backup");
        backup.waitFor();
        assertEquals(before, snapshots(), "the killed backup added no snapshot, and the others are readable");
        RealEngine.dockerOk("start", "opw-backup");
        // the schedule's own run at start comes first; ours waits its turn, despite the dead backup's lock
        Cmd.Result[] last = new Cmd.Result[1];
        RealEngine.await("a backup after the killed one", Duration.ofMinutes(3), () -> {
            last[0] = project.odooStack("backup", STACK);
            assertTrue(last[0].exit() == 0 || last[0].err().contains("another backup of opw is running"), last[0].err());
            return last[0].exit() == 0;
        });
        assertTrue(snapshots() > before);
        Cmd.Result check = RealEngine.docker("exec", "opw-backup", "odoo-backup", "restic", "check");
        assertEquals(0, check.exit(), check.err());
        // back to the 2,020 files the later tests count
        try (Stream<Path> files = Files.walk(bulk)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertEquals(0, project.odooStack("backup", STACK).exit());
    }

    @Test
    @Order(9)
    void afterADisasterTheStackComesBackFromItsOwnBackupAsItWasAndRollbackUndoesIt() throws IOException {
        RealEngine.psql(STACK, STACK, "DELETE FROM res_partner; INSERT INTO res_partner (name) VALUES ('after the disaster')");
        Files.delete(filestore.resolve("ab/ab7"));
        Cmd.Result r = project.odooStack("restore", STACK, "--from-backup", "latest");
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        for (String phase : List.of("connect", "prepare", "fetch-db", "fetch-filestore", "load", "neutralize", "swap")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("restore: " + phase + " ")), phase + ":\n" + r.out());
        }
        assertTrue(r.out().contains("restore: neutralize skipped: the stack's own backup comes back as it was"), r.out());
        assertTrue(r.out().contains("restore: fetch-filestore 2020 files "), "every file comes back:\n" + r.out());
        assertEquals("1", RealEngine.psql(STACK, STACK, "SELECT count(*) FROM res_partner WHERE name = '" + MARKER + "'"));
        assertEquals("0", RealEngine.psql(STACK, STACK, "SELECT count(*) FROM res_partner WHERE name = 'after the disaster'"));
        assertEquals("0", RealEngine.psql(STACK, STACK, "SELECT count(*) FROM pg_tables WHERE tablename = 'stand_in_neutralized'"),
                "no odoo neutralize on the stack's own data");
        assertTrue(Files.isRegularFile(filestore.resolve("ab/ab7")), "the lost file is back");
        assertEquals(Files.getAttribute(filestore.getParent(), "unix:uid"), Files.getAttribute(filestore.resolve("ab/ab7"), "unix:uid"),
                "the files belong to the filestore's owner (the Odoo user), whoever owned them in the snapshot");
        assertEquals("", opw.backupRestoreContainers(),
                "the one-off container that restored the files is gone");
        assertEquals(List.of("0"), List.of(RealEngine.dockerOk("exec", "-u", "root", "opw-postgres", "sh", "-c",
                "find /var/lib/postgresql/data ! -user postgres | wc -l")));
        RealEngine.await("opw-odoo healthy after the swap", Duration.ofMinutes(2), () -> "healthy".equals(RealEngine.docker(
                "inspect", "--type", "container", "--format", "{{.State.Health.Status}}", "opw-odoo").out().strip()));

        Cmd.Result back = project.odooStack("restore", STACK, "--rollback");
        assertEquals(0, back.exit(), () -> back.err() + back.out());
        assertEquals("1", RealEngine.psql(STACK, STACK, "SELECT count(*) FROM res_partner WHERE name = 'after the disaster'"),
                "the replaced copy is the previous generation, and --rollback brings it back");
    }

    @Test
    @Order(10)
    void aSnapshotThatDoesNotExistIsOneLineAndNothingMoves() {
        String before = RealEngine.psql(STACK, "postgres", "SELECT string_agg(datname || ':' || oid, ',' ORDER BY datname) FROM pg_database");
        Cmd.Result r = project.odooStack("restore", STACK, "--from-backup", "deadbeef");
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("restore: connect failed: "), r.err());
        assertTrue(r.err().contains("deadbeef"), r.err());
        assertEquals(before, RealEngine.psql(STACK, "postgres", "SELECT string_agg(datname || ':' || oid, ',' ORDER BY datname) FROM pg_database"));
    }

    @Test
    @Order(11)
    void theDrillRestoresTheNewestBackupIntoAScratchDatabaseAndACorruptRepositoryFailsIt() throws IOException {
        Cmd.Result ok = project.odooStack("backup", STACK, "--drill");
        assertEquals(0, ok.exit(), () -> ok.err() + ok.out());
        assertTrue(ok.out().matches("(?s).*drill: snapshot [0-9a-f]{8} restored into opw~drill: 20001 partners, 0 stored attachments, 2020 files.*"),
                ok.out());
        assertEquals("0", RealEngine.psql(STACK, "postgres", "SELECT count(*) FROM pg_database WHERE datname = 'opw~drill'"),
                "the scratch database is gone");
        assertTrue(project.odooStack("status", STACK).out().contains(", drill ok 0 hours ago"));

        // every pack of the repository damaged in its middle: what a failing disk does
        try (Stream<Path> packs = Files.walk(repository.resolve("data"))) {
            for (Path p : packs.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                for (int i = b.length / 2; i < Math.min(b.length, b.length / 2 + 64); i++) {
                    b[i] ^= 0x5a;
                }
                Files.write(p, b);
            }
        }
        Cmd.Result bad = project.odooStack("backup", STACK, "--drill");
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.err().strip().startsWith("backup: drill failed: "), bad.err());
        Cmd.Result health = RealEngine.docker("exec", "opw-backup", "odoo-backup", "health");
        assertEquals(1, health.exit());
        assertTrue(health.out().startsWith("the last restore drill failed"), health.out());
    }

    @Test
    @Order(12)
    void aRestoreFromADamagedRepositoryIsOneLineAndNothingIsHalfRestored() throws IOException {
        // the repository is damaged by the test before: every pack in its middle
        String databases = RealEngine.psql(STACK, "postgres", "SELECT string_agg(datname || ':' || oid, ',' ORDER BY datname) FROM pg_database");
        String rows = RealEngine.psql(STACK, STACK, "SELECT string_agg(name, ',' ORDER BY id) FROM res_partner");
        List<String> files;
        try (Stream<Path> walk = Files.walk(filestore.getParent())) {
            files = walk.map(Path::toString).sorted().toList();
        }
        Cmd.Result r = project.odooStack("restore", STACK, "--from-backup", "latest");
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().strip().matches("restore: (connect|fetch-db|fetch-filestore|load|verify) failed: .*"), r.err());
        assertEquals(databases, RealEngine.psql(STACK, "postgres", "SELECT string_agg(datname || ':' || oid, ',' ORDER BY datname) FROM pg_database"));
        assertEquals(rows, RealEngine.psql(STACK, STACK, "SELECT string_agg(name, ',' ORDER BY id) FROM res_partner"));
        try (Stream<Path> walk = Files.walk(filestore.getParent())) {
            assertEquals(files, walk.map(Path::toString).sorted().toList(), "no file of the filestore root moved, none was added");
        }
        assertEquals("", opw.backupRestoreContainers(),
                "no one-off container is left behind");
    }

    private static long snapshots() {
        return opw.snapshots(repository.toString(), Map.of());
    }

    private static long bytes(String n, String unit) {
        double v = Double.parseDouble(n);
        return (long) (v * switch (unit) {
            case "KiB" -> 1024;
            case "MiB" -> 1024 * 1024;
            default -> 1;
        });
    }
}
