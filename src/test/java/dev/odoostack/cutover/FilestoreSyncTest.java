package dev.odoostack.cutover;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sync's script run for real (rsync, with a stand-in for ssh that runs the remote command on this machine), and
 * its statistics, summary and record.
 */
class FilestoreSyncTest {
    /** rsync 3.2's output with the sync's options: the transferred items, then --stats. */
    static final String OUT = """
            + ./
            + ab/
            + ab/ab01
            + cd/cd02

            Number of files: 5 (reg: 3, dir: 2)
            Number of created files: 4 (reg: 2, dir: 2)
            Number of deleted files: 0
            Number of regular files transferred: 2
            Total file size: 1258291 bytes
            Total transferred file size: 14680 bytes
            Literal data: 14680 bytes
            Matched data: 0 bytes
            File list size: 0
            Total bytes sent: 123
            Total bytes received: 15000

            sent 123 bytes  received 15000 bytes  30246.00 bytes/sec
            total size is 1258291  speedup is 83.20
            """;

    @Test
    void rsyncsStatisticsGiveTheCopysFilesAndWhatThisSyncTransferred() {
        FilestoreSync.Copied c = FilestoreSync.parse(OUT);
        assertEquals(new FilestoreSync.Copied(3, 1258291, 2, 14680, List.of("ab/ab01", "cd/cd02")), c);
        assertEquals("sync filestore: 3 files, 1.2 MiB, 2 new (14.3 KiB) in 8.2 s", FilestoreSync.summary(c, 8.24));
    }

    @Test
    void anEmptyFilestoreHasNoRegularFiles() {
        String out = OUT.replace("Number of files: 5 (reg: 3, dir: 2)", "Number of files: 1 (dir: 1)");
        assertEquals(0, FilestoreSync.parse(out).files());
        assertThrows(IllegalArgumentException.class, () -> FilestoreSync.parse("rsync: connection unexpectedly closed"));
    }

    @Test
    void aLegacyHostOutOfReachIsToldBySshsOwnLineWhicheverExitRsyncGives() {
        String refused = """
                ssh: connect to host 10.0.0.2 port 1: Connection refused
                rsync: connection unexpectedly closed (0 bytes received so far) [Receiver]
                rsync error: error in rsync protocol data stream (code 12) at io.c(232) [Receiver=3.2.7]
                """;
        assertEquals(Optional.of("ssh: connect to host 10.0.0.2 port 1: Connection refused"), FilestoreSync.unreachable(12, refused));
        assertEquals(Optional.of("ssh: connect to host 10.0.0.2 port 1: Connection refused"), FilestoreSync.unreachable(255, refused));
        assertEquals(Optional.of("Host key verification failed."), FilestoreSync.unreachable(255, "Host key verification failed.\n"));
        assertEquals(Optional.empty(), FilestoreSync.unreachable(23, "rsync: [sender] send_files failed to open \"ab/ab01\": No such file (2)\n"));
        assertEquals(Optional.empty(), FilestoreSync.unreachable(12, "rsync: write failed on \"x\": No space left on device (28)\n"));
    }

    @Test
    void theRecordGivesBackWhatItRecorded() {
        FilestoreSync.Copied c = FilestoreSync.parse(OUT);
        String text = FilestoreSync.record(Instant.parse("2026-12-07T17:00:00Z"), 8.24, "odoo@legacy:/fs/opw_prod",
                "/srv/odoo-stack/opw/filestore/filestore/opw~cutover", c);
        assertTrue(text.contains("time 2026-12-07T17:00:00Z\nseconds 8.2\n"), text);
        assertEquals(c, FilestoreSync.parseRecord(text));
    }

    @Test
    void eachSyncCopiesOnlyWhatChangedAndHardLinksTheRestToThePreviousGeneration(@TempDir Path tmp) throws IOException {
        assumeTrue(Cmd.run(List.of("sh", "-c", "command -v rsync")).exit() == 0, "rsync is not installed here");
        Path legacy = Files.createDirectories(tmp.resolve("legacy/ab"));
        Files.writeString(legacy.resolve("ab01"), "one");
        Files.writeString(legacy.resolve("ab02"), "two");
        Path root = Files.createDirectories(tmp.resolve("data/filestore"));
        Path live = Files.createDirectories(root.resolve("opw"));
        Files.writeString(live.resolve("live"), "live");

        FilestoreSync.Copied first = sync(tmp, root);
        assertEquals(List.of("ab/ab01", "ab/ab02"), first.changed().stream().sorted().toList());
        Path copy = Path.of(FilestoreSync.copy(root.toString(), "opw"));
        Object inode = Files.getAttribute(copy.resolve("ab/ab01"), "unix:ino");

        Files.writeString(legacy.resolve("ab02"), "two, longer");
        Files.writeString(legacy.resolve("ab03"), "three");
        FilestoreSync.Copied second = sync(tmp, root);
        assertEquals(List.of("ab/ab02", "ab/ab03"), second.changed().stream().sorted().toList());
        assertEquals(3, second.files());
        assertEquals(2, second.newFiles());
        assertEquals(inode, Files.getAttribute(copy.resolve("ab/ab01"), "unix:ino"), "an unchanged file is a hard link");
        assertEquals("two, longer", Files.readString(copy.resolve("ab/ab02")));
        assertEquals(List.of("opw", "opw~cutover"), list(root), "no generation is left but the copy");
        assertEquals(List.of("live"), list(live));

        // an interrupted swap: the previous generation moved aside, a half new one in its place
        Files.move(copy, root.resolve("opw~cutover~old"));
        Files.createDirectories(root.resolve("opw~cutover~next/ab"));
        FilestoreSync.Copied third = sync(tmp, root);
        assertEquals(0, third.newFiles(), "the previous generation came back whole: " + third);
        assertEquals(List.of("opw", "opw~cutover"), list(root));
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static FilestoreSync.Copied sync(Path tmp, Path root) {
        // the stand-in for ssh: its first argument is the host, the rest the command rsync runs there
        Cmd.Result r = Cmd.run(List.of("sh", "-c", FilestoreSync.script(), "sh", root.toString(), "opw",
                FilestoreSync.source("legacy", tmp.resolve("legacy").toString()), "sh -c 'shift; exec \"$@\"' ssh"),
                Map.of(), null, Duration.ofMinutes(1));
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().isEmpty());
        return FilestoreSync.parse(r.out());
    }
}
