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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/odoo-stack cutover opw sync} on the Pulumi engine, against the legacy host fixture (real sshd, read over
 * SSH): the first sync copies every file of the legacy filestore into {@code <db>~cutover}; after a file is added and
 * one changed on the legacy host, the next copies those two only, and the files that did not change are the same
 * files (hard links) as the previous sync's; a third, with nothing changed, copies nothing. The live filestore and
 * the legacy one stay as they were. A stack whose Odoo is stopped, and a legacy host that refuses SSH, are refused in
 * one line, the copy left whole. The stack's Odoo is the Odoo STAND-IN, not Odoo.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CutoverSyncTest {
    private static final String STACK = "opw";
    private static final String LEGACY_DB = "opw_prod";
    private static final int FILES = 20;
    private static final Pattern SUMMARY = Pattern.compile(
            "sync filestore: (\\d+) files, [0-9.]+ [KMG]?i?B, (\\d+) new \\([0-9.]+ [KMG]?i?B\\) in [0-9.]+ s");

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static LegacyHost legacy;
    static RealEngine.Project project;

    @BeforeAll
    static void productionStackWithTheLegacyHostAsItsCutoverSource() throws IOException {
        legacy = opw.legacyHost("legacy", "odoo-sync-e2e", "10.203.18");
        legacy.seed(LEGACY_DB, 1, FILES, 8);
        project = opw.project(lines());
        project.withoutRestore(STACK);
        project.upOk(STACK);
    }

    /** A production stack with backups (the sync runs in their image) and the legacy host as its cutover source. */
    static List<String> lines(String... more) {
        return legacy.productionStack(LEGACY_DB, opw.tmp().resolve("repository"), more);
    }

    @Test
    @Order(1)
    void eachSyncCopiesWhatChangedOnTheLegacyHostAndHardLinksTheRestWithoutTouchingTheLiveFilestore() throws IOException {
        Path legacyFiles = Path.of(legacy.get("LEGACY_FILESTORE_ROOT"), LEGACY_DB);
        Path root = opw.filestoreRoot();
        Path live = root.resolve(STACK);
        // the live filestore of the stack's database, owned as Odoo's data directory is
        Files.createDirectories(live.resolve("ab"));
        Files.writeString(live.resolve("ab/ab00live"), "live");
        Object owner = Files.getAttribute(root.getParent(), "unix:uid");
        Files.setAttribute(root, "unix:uid", owner);
        Map<String, String> liveBefore = listing(live);

        int files = listing(legacyFiles).size();
        assertEquals(FILES, files, "the seeded legacy filestore");
        Cmd.Result first = sync();
        assertEquals(List.of(files, files), counts(first), first.out());
        Path copy = root.resolve(STACK + "~cutover");
        assertEquals(listing(legacyFiles).keySet(), listing(copy).keySet(), "the copy holds every legacy file");
        String kept = listing(copy).keySet().stream().sorted().toList().get(0);
        Object inode = Files.getAttribute(copy.resolve(kept), "unix:ino");
        assertEquals(owner, Files.getAttribute(copy.resolve(kept), "unix:uid"), "copied files are owned as the filestore is");

        // on the legacy host: a file added, one changed (Odoo never does; the sync copies it all the same)
        String changed = listing(legacyFiles).keySet().stream().sorted().toList().get(1);
        Files.writeString(legacyFiles.resolve(changed), "changed on the legacy host");
        Path added = legacyFiles.resolve(changed).resolveSibling("zz-added");
        Files.writeString(added, "added on the legacy host");
        Map<String, String> legacyBefore = listing(legacyFiles);

        Cmd.Result second = sync();
        assertEquals(List.of(files + 1, 2), counts(second), second.out());
        Path record = project.home.resolve("cutover").resolve(STACK).resolve("sync");
        List<String> recorded = Files.readAllLines(record).stream().filter(l -> l.startsWith("changed ")).sorted().toList();
        assertEquals(Stream.of(changed, legacyFiles.relativize(added).toString()).map(p -> "changed " + p).sorted().toList(),
                recorded, "the record names the files this sync copied");
        assertEquals(inode, Files.getAttribute(copy.resolve(kept), "unix:ino"), "an unchanged file is the previous sync's, hard-linked");
        assertEquals("changed on the legacy host", Files.readString(copy.resolve(changed)));
        assertEquals(listing(legacyFiles), listing(copy), "the copy equals the legacy filestore");
        assertEquals(List.of(STACK, STACK + "~cutover"), names(root).stream().filter(n -> n.startsWith(STACK)).toList(),
                "no generation is left beside the copy");
        assertEquals(liveBefore, listing(live), "the live filestore is untouched");
        assertEquals(legacyBefore, listing(legacyFiles), "the legacy filestore is only read");
        // run again with nothing changed: nothing copied, the same files
        assertEquals(List.of(files + 1, 0), counts(sync()));
        assertEquals(inode, Files.getAttribute(copy.resolve(kept), "unix:ino"));
        assertEquals("", RealEngine.dockerOk("ps", "-a", "--filter", "name=" + STACK + "-cutover-sync", "--format", "{{.Names}}"),
                "the one-off container is gone");
    }

    @Test
    @Order(2)
    void aStackThatIsNotUpOrALegacyHostThatDoesNotAnswerIsRefusedInOneLineAndTheCopyStaysWhole() throws IOException {
        Path copy = opw.filestoreRoot().resolve(STACK + "~cutover");
        Map<String, String> before = listing(copy);
        RealEngine.dockerOk("stop", STACK + "-odoo");
        try {
            Cmd.Result r = project.odooStack("cutover", STACK, "sync");
            assertEquals(1, r.exit(), r.out());
            List<String> err = r.err().strip().lines().toList();
            assertEquals(1, err.size(), r.err());
            assertTrue(err.get(0).startsWith("odoo-stack: cannot sync: opw-odoo does not run on ")
                    && err.get(0).endsWith(": bin/odoo-stack up opw, then bin/odoo-stack cutover opw sync"), err.get(0));
        } finally {
            RealEngine.dockerOk("start", STACK + "-odoo");
        }

        // nothing listens on port 1 of the legacy host: ssh is refused, and so is the sync
        project.setStackFile(STACK, lines("odoo-stack:cutoverSshPort: 1"));
        project.withoutRestore(STACK);
        try {
            Cmd.Result r = project.odooStack("cutover", STACK, "sync");
            assertEquals(1, r.exit(), r.out());
            List<String> err = r.err().strip().lines().toList();
            assertEquals(1, err.size(), r.err());
            assertTrue(err.get(0).startsWith("odoo-stack: cannot sync: the legacy host " + legacy.get("LEGACY_DESTINATION")
                    + " does not answer over SSH ("), err.get(0));
            assertTrue(err.get(0).contains("/opw~cutover stays as the last sync left it: check the login by hand (ssh "), err.get(0));
            assertEquals(before, listing(copy), "the copy is the last sync's, whole");
            assertEquals(List.of(STACK + "~cutover"), names(opw.filestoreRoot()).stream().filter(n -> n.startsWith(STACK + "~")).toList());
        } finally {
            project.setStackFile(STACK, lines());
            project.withoutRestore(STACK);
        }
    }

    private static Cmd.Result sync() {
        Cmd.Result r = project.odooStack("cutover", STACK, "sync");
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        return r;
    }

    /** The summary line's files in the copy and files copied by this sync. */
    private static List<Integer> counts(Cmd.Result r) {
        Matcher m = SUMMARY.matcher(r.out());
        assertTrue(m.find(), "no summary line: " + r.out());
        return List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Each regular file below dir, by its path there: its size, modification time and content. */
    private static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p) + " " + Files.readString(
                        p, java.nio.charset.StandardCharsets.ISO_8859_1).hashCode());
            }
        }
        return files;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
