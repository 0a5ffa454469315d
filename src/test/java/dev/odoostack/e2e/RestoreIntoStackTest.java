package dev.odoostack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoostack.restore.TargetState;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restore as the opw stack declares it, into the running stack, through {@code bin/odoo-stack up} and
 * {@code restore} on the Pulumi engine: the real {@code pulumi-resource-command} runs the restore command with the
 * environment the program gives {@code command:local:Command}. The source is a legacy host that is another machine
 * (its own network namespace and address) with real sshd and PostgreSQL; the target's Odoo is the Odoo STAND-IN,
 * not Odoo.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreIntoStackTest {
    private static final String STACK = "opw";
    private static final String UPSTREAM_DB = "opw_prod";

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static LegacyHost legacy;
    static RealEngine.Project project;
    static Path filestoreRoot;
    static Cmd.Result firstUp;
    static Instant upStarted;
    static Instant upEnded;

    @BeforeAll
    static void upWithARestore() throws IOException {
        legacy = opw.legacyHost("legacy", "odoo-legacy-e2e", "10.203.9");
        legacy.seed(UPSTREAM_DB, 4, 40, 16);
        legacy.psql(UPSTREAM_DB, "CREATE TABLE marker (generation text); INSERT INTO marker VALUES ('first')");
        project = opw.project(restoreLines());
        filestoreRoot = opw.filestoreRoot();
        upStarted = Instant.now();
        firstUp = project.up(STACK);
        upEnded = Instant.now();
        assertEquals(0, firstUp.exit(), () -> "up with a restore failed:\n" + firstUp.err() + firstUp.out());
    }

    /** The restore from the legacy host, as the stack file declares it. */
    static List<String> restoreLines() {
        return List.of(
                "odoo-stack:restoreUpstream: " + legacy.get("LEGACY_DESTINATION"),
                "odoo-stack:restoreSshDir: " + legacy.get("LEGACY_SSH_DIR"),
                "odoo-stack:restoreUpstreamDb: " + UPSTREAM_DB,
                "odoo-stack:restoreUpstreamFilestore: " + legacy.get("LEGACY_FILESTORE_ROOT") + "/" + UPSTREAM_DB,
                "odoo-stack:restorePgDump: " + legacy.get("LEGACY_PG_DUMP"),
                "odoo-stack:restoreCacheDir: " + opw.tmp().resolve("cache"),
                // the committed opw restores only when asked; this class proves the restore of a first up too
                "odoo-stack:restoreOnFirstUp: true");
    }

    @Test
    @Order(1)
    void upRestoresDataAndFilesAndShowsTheRestoresProgress() throws IOException {
        String out = restoreProgress(firstUp.out());
        for (String phase : List.of("connect", "prepare", "fetch-db", "verify", "load", "neutralize", "swap", "cleanup")) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith("restore: " + phase + " ") && l.matches(".* in [0-9.]+ s$")),
                    "the operator sees the " + phase + " phase with its seconds during up:\n" + out);
        }
        assertTrue(out.lines().anyMatch(l -> l.matches("restore: fetch-db [0-9.]+ (B|KiB|MiB) dump of opw_prod in .*")),
                "the dump's size is shown:\n" + out);
        assertEquals(legacy.psql(UPSTREAM_DB, "SELECT count(*) FROM res_partner"),
                RealEngine.psql(STACK, STACK, "SELECT count(*) FROM res_partner"));
        assertEquals("first", RealEngine.psql(STACK, STACK, "SELECT generation FROM marker"));
        Path upstreamFiles = Path.of(legacy.get("LEGACY_FILESTORE_ROOT"), UPSTREAM_DB);
        assertEquals(contentOf(upstreamFiles), contentOf(filestoreRoot.resolve(STACK)), "every file arrived, unchanged");
    }

    @Test
    @Order(2)
    void odooWasStoppedForTheSwapAndIsHealthyAfter() {
        String events = RealEngine.dockerOk("events", "--since", String.valueOf(upStarted.getEpochSecond()),
                "--until", String.valueOf(upEnded.getEpochSecond() + 1), "--filter", "container=" + STACK + "-odoo",
                "--format", "{{.Action}}");
        List<String> actions = events.lines().toList();
        int stop = actions.indexOf("stop");
        assertTrue(stop >= 0 && actions.subList(stop, actions.size()).contains("start"),
                "opw-odoo stopped for the swap, then started: " + actions);
        opw.awaitOdooHealthy();
    }

    @Test
    @Order(3)
    void theStacksOdooImageNeutralizedTheCopyAndOurSqlRanToo() {
        // the stand-in's `odoo neutralize` records each call; the image is the stack's own build
        assertEquals("odoo neutralize", RealEngine.psql(STACK, STACK, "SELECT by FROM stand_in_neutralized"));
        String odooImage = RealEngine.dockerOk("inspect", "--type", "container", "--format", "{{.Config.Image}}", STACK + "-odoo");
        // the image by its id or a tag of it: events name it as the container was given it
        List<String> names = new ArrayList<>(List.of(odooImage));
        names.addAll(List.of(RealEngine.dockerOk("image", "inspect", "--format", "{{join .RepoTags \" \"}}", odooImage).split(" ")));
        String runs = RealEngine.dockerOk("events", "--since", String.valueOf(upStarted.getEpochSecond()),
                "--until", String.valueOf(upEnded.getEpochSecond() + 1), "--filter", "event=create",
                "--format", "{{.Actor.Attributes.name}} {{.Actor.Attributes.image}}");
        assertTrue(runs.lines().map(l -> l.split(" ")).anyMatch(e -> !e[0].startsWith(STACK + "-") && names.contains(e[1])),
                "a one-off container of " + names + " ran `odoo neutralize`: " + runs);
        assertEquals("True", RealEngine.psql(STACK, STACK, "SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'"));
        assertEquals("http://opw.localhost", RealEngine.psql(STACK, STACK, "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'"));
        assertEquals("0", RealEngine.psql(STACK, STACK, "SELECT count(*) FROM ir_mail_server WHERE active AND smtp_host <> 'invalid'"));
        assertEquals("0", RealEngine.psql(STACK, STACK, "SELECT count(*) FROM ir_config_parameter WHERE key = 'database.enterprise_code'"));
    }

    @Test
    @Order(4)
    void postgresStillOwnsItsDataDirectory() {
        assertEquals("postgres 700", RealEngine.dockerOk("exec", STACK + "-postgres",
                "stat", "-c", "%U %a", "/var/lib/postgresql/data"));
        assertEquals("0", RealEngine.dockerOk("exec", "-u", "root", STACK + "-postgres", "sh", "-c",
                "find /var/lib/postgresql/data ! -user postgres | wc -l"), "every file of the cluster belongs to postgres");
    }

    @Test
    @Order(5)
    void aSecondUpDoesNotRestoreAgain() {
        Cmd.Result r = project.up(STACK);
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("restore: connect"), r.out());
        if (project.engine == RealEngine.Engine.COMPOSE) {
            assertTrue(r.out().contains("restore: unchanged, not run"), r.out());
        } else {
            // Pulumi lists no step of a resource it leaves as it is
            assertFalse(r.out().contains("command:local:Command restore"), r.out());
        }
    }

    @Test
    @Order(6)
    void aSecondRestoreHardLinksUnchangedFilesAndRollbackSwapsBack() throws IOException {
        legacy.psql(UPSTREAM_DB, "UPDATE marker SET generation = 'second'");
        Path upstreamFiles = Path.of(legacy.get("LEGACY_FILESTORE_ROOT"), UPSTREAM_DB);
        Path changed;
        try (Stream<Path> files = Files.walk(upstreamFiles)) {
            changed = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
        byte[] original = Files.readAllBytes(changed);
        Files.writeString(changed, "changed upstream since the first restore");
        Path unchanged = upstreamFiles.relativize(lastFile(upstreamFiles));

        String firstOrigin = restoreLine();
        assertTrue(firstOrigin.matches("restore:  .*:" + UPSTREAM_DB + " at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                "status names where the live copy came from, and when: " + firstOrigin);
        Cmd.Result r = project.onEngine("restore", STACK);
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertTrue(r.out().contains("restore: done"), r.out());
        String secondOrigin = restoreLine();
        assertNotEquals(firstOrigin, secondOrigin, "the second restore is the live copy now");
        assertEquals("second", RealEngine.psql(STACK, STACK, "SELECT generation FROM marker"));
        Path live = filestoreRoot.resolve(STACK);
        Path previous = filestoreRoot.resolve(STACK + "~previous");
        assertEquals(Files.getAttribute(previous.resolve(unchanged), "unix:ino"), Files.getAttribute(live.resolve(unchanged), "unix:ino"),
                "an unchanged file is a hard link to the previous generation's, not a second copy");
        assertEquals("changed upstream since the first restore", Files.readString(live.resolve(upstreamFiles.relativize(changed))));

        Cmd.Result back = project.onEngine("restore", STACK, "--rollback");
        assertEquals(0, back.exit(), () -> back.err() + back.out());
        assertEquals("first", RealEngine.psql(STACK, STACK, "SELECT generation FROM marker"));
        assertEquals(firstOrigin, restoreLine(), "after the rollback, status tells of the first restore again");
        assertArrayEquals(original, Files.readAllBytes(live.resolve(upstreamFiles.relativize(changed))),
                "the file is the first generation's again");
        opw.awaitOdooHealthy();
    }

    // ---------------------------------------------------------------- faults: the target stays exactly as it was

    @Test
    @Order(10)
    void unreachableHost() throws IOException {
        assertFaultLeavesStackAsItWas(List.of("odoo-stack:restoreUpstream: odoo@10.203.9.3"), "connect", "cannot reach");
    }

    @Test
    @Order(11)
    void wrongHostKey() throws IOException {
        Path impostor = Files.createDirectories(opw.tmp().resolve("impostor-ssh"));
        Path sshDir = Path.of(legacy.get("LEGACY_SSH_DIR"));
        Files.copy(sshDir.resolve("id_ed25519"), impostor.resolve("id_ed25519"));
        Cmd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", opw.tmp().resolve("impostor-key").toString())).orThrow();
        String key = Files.readString(opw.tmp().resolve("impostor-key.pub")).strip().split(" ")[1];
        Files.writeString(impostor.resolve("known_hosts"), legacy.get("LEGACY_ADDR") + " ssh-ed25519 " + key + "\n");
        assertFaultLeavesStackAsItWas(List.of("odoo-stack:restoreSshDir: " + impostor), "connect", "Host key verification failed");
    }

    @Test
    @Order(12)
    void dumpCutOff() throws IOException {
        String wrapper = wrapper("cut", "pg_dump \"$@\" | head -c 32768; exit 1");
        assertFaultLeavesStackAsItWas(List.of("odoo-stack:restorePgDump: sh " + wrapper), "fetch-db", "dump cut off");
    }

    @Test
    @Order(13)
    void corruptArchive() throws IOException {
        String wrapper = wrapper("corrupt", "pg_dump \"$@\" | { dd bs=65536 count=1 iflag=fullblock 2>/dev/null; "
                + "tr '\\000-\\377' '\\001-\\377\\000'; }");
        Cmd.Result r = assertFaultLeavesStackAsItWas(List.of("odoo-stack:restorePgDump: sh " + wrapper), null, null);
        assertTrue(r.err().contains("restore: verify failed") || r.err().contains("restore: load failed"), r.err());
    }

    @Test
    @Order(14)
    void fullCacheDisk() throws IOException {
        Path small = Files.createDirectories(opw.tmp().resolve("small-cache"));
        Cmd.run(List.of("mount", "-t", "tmpfs", "-o", "size=64k,mode=700", "tmpfs", small.toString())).orThrow();
        try {
            assertFaultLeavesStackAsItWas(List.of("odoo-stack:restoreCacheDir: " + small), "fetch-db", "No space left on device");
        } finally {
            Cmd.run(List.of("umount", small.toString()));
        }
    }

    // ---------------------------------------------------------------- one-off actions beside another pending change

    @Test
    @Order(20)
    void restoreAndRebuildRefuseWhileAnotherChangeIsPendingAndChangeNothing() throws IOException {
        opw.awaitOdooHealthy();
        Map<String, String> ids = RealEngine.containerIds(STACK);
        TargetState before = TargetState.capture((db, sql) -> RealEngine.psql(STACK, db, sql), STACK, filestoreRoot);
        int updates = history().size();
        // a setting that replaces Odoo, not yet applied
        project.setStackFile(STACK, withWorkers());
        for (String action : List.of("restore", "rebuild")) {
            Cmd.Result r = project.onEngine(action, STACK);
            assertEquals(1, r.exit(), () -> action + " must refuse:\n" + r.err() + r.out());
            List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
            assertEquals("odoo-stack: " + action + ": stack opw has 1 pending change(s) besides the " + action
                    + " (replace odoo); a " + action + " applies nothing else. Apply them first: bin/odoo-stack preview opw"
                    + " shows them, bin/odoo-stack up opw applies them; then bin/odoo-stack " + action + " opw",
                    lines.get(lines.size() - 1), r::err);
            assertEquals(ids, RealEngine.containerIds(STACK), () -> action + " replaced no container\n" + r.out());
            assertEquals(before, TargetState.capture((db, sql) -> RealEngine.psql(STACK, db, sql), STACK, filestoreRoot),
                    "databases, rows and files are exactly as they were");
            assertEquals(updates, history().size(), () -> action + " recorded no update in pulumi stack history");
        }
    }

    @Test
    @Order(21)
    void afterUpAppliesTheChangeARestoreReplacesItsOwnCommandAlone() throws IOException {
        Map<String, String> beforeUp = RealEngine.containerIds(STACK);
        project.upOk(STACK); // the fix the refusal names
        Map<String, String> ids = RealEngine.containerIds(STACK);
        assertNotEquals(beforeUp.get(STACK + "-odoo"), ids.get(STACK + "-odoo"), "up recreated Odoo for the new workers");
        opw.awaitOdooHealthy();
        int updates = history().size();
        legacy.psql(UPSTREAM_DB, "UPDATE marker SET generation = 'after the workers change'");

        Cmd.Result r = project.onEngine("restore", STACK);
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.get(lines.size() - 1).matches("odoo-stack: restore opw done \\(replaced 1, unchanged \\d+\\)"),
                () -> "the restore's command replaced, nothing else:\n" + r.err());
        List<JsonNode> history = history();
        assertEquals(updates + 1, history.size(), "the restore is one update");
        JsonNode changes = history.get(0).path("resourceChanges");
        assertEquals(1, changes.path("replace").asInt(), changes::toString);
        changes.fieldNames().forEachRemaining(op -> assertTrue(List.of("replace", "same").contains(op),
                () -> "the restore's update only replaced its command: " + changes));
        assertEquals("after the workers change", RealEngine.psql(STACK, STACK, "SELECT generation FROM marker"));
        assertEquals(ids, RealEngine.containerIds(STACK), "Odoo stopped for the swap, no container replaced");
        opw.awaitOdooHealthy();
    }

    // ---------------------------------------------------------------- helpers

    /** The restore's lines with Odoo's workers changed (the committed opw runs 4), which replaces the Odoo container. */
    private static List<String> withWorkers() {
        List<String> lines = new ArrayList<>(restoreLines());
        lines.add("odoo-stack:odooWorkers: 6");
        return lines;
    }

    /** The stack's updates as {@code pulumi stack history --json} lists them, the newest first. */
    private static List<JsonNode> history() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(project.pulumi("stack", "history", "--json", "--stack", STACK).orThrow().out())
                .forEach(out::add);
        return out;
    }

    /** Runs {@code bin/odoo-stack restore} with the stack file changed by the lines given; asserts nothing moved. */
    private static Cmd.Result assertFaultLeavesStackAsItWas(List<String> override, String phase, String reason) throws IOException {
        opw.awaitOdooHealthy();
        String odooId = RealEngine.dockerOk("inspect", "--type", "container", "--format", "{{.Id}}", STACK + "-odoo");
        TargetState before = TargetState.capture((db, sql) -> RealEngine.psql(STACK, db, sql), STACK, filestoreRoot);
        List<String> lines = new ArrayList<>(restoreLines());
        for (String o : override) {
            lines.removeIf(l -> l.startsWith(o.substring(0, o.indexOf(':', "odoo-stack:".length()) + 1)));
            lines.add(o);
        }
        project.setStackFile(STACK, lines);
        try {
            Cmd.Result r = project.onEngine("restore", STACK);
            assertEquals(1, r.exit(), () -> "the restore must fail:\n" + r.err() + r.out());
            List<String> restoreErrors = r.err().lines().filter(l -> l.startsWith("restore: ")).toList();
            assertEquals(1, restoreErrors.size(), () -> "one line names the cause: " + r.err() + "\nstdout:\n" + r.out());
            if (phase != null) {
                assertTrue(restoreErrors.get(0).startsWith("restore: " + phase + " failed: "), restoreErrors.get(0));
                assertTrue(restoreErrors.get(0).contains(reason), restoreErrors.get(0));
            }
            assertEquals(before, TargetState.capture((db, sql) -> RealEngine.psql(STACK, db, sql), STACK, filestoreRoot),
                    "databases, rows and files of the target are exactly as they were");
            assertEquals(odooId, RealEngine.dockerOk("inspect", "--type", "container", "--format", "{{.Id}}", STACK + "-odoo"));
            opw.awaitOdooHealthy();
            return r;
        } finally {
            project.setStackFile(STACK, restoreLines());
        }
    }

    /**
     * The restore's own lines in the output of up: as the restore prints them (compose), or as Pulumi streams a
     * command's output, after the resource's step and seconds ({@code +  command:local:Command restore creating (1s) }).
     */
    static String restoreProgress(String out) {
        return out.lines().map(l -> l.replaceFirst("^ *[-+~]* *command:local:Command restore \\S+ \\(\\d+s\\) ", ""))
                .reduce("", (a, b) -> a + b + "\n");
    }

    /** The line of {@code bin/odoo-stack status} about the live database's origin. */
    private static String restoreLine() {
        Cmd.Result status = project.odooStack("status", STACK);
        assertEquals(0, status.exit(), status.err());
        return status.out().lines().filter(l -> l.startsWith("restore:")).findFirst().orElseThrow(() ->
                new AssertionError("status has no restore line:\n" + status.out()));
    }

    /** A pg_dump wrapper on the legacy host (its file system is this machine's), readable by its odoo account. */
    private static String wrapper(String name, String body) throws IOException {
        Path script = Path.of(legacy.get("LEGACY_HOME")).resolve("wrapper-" + name + ".sh");
        Files.writeString(script, "#!/bin/sh\npg_dump() { command " + legacy.get("LEGACY_PG_DUMP")
                + " \"$@\"; }\n" + body + "\n");
        script.toFile().setReadable(true, false);
        return script.toString();
    }

    private static Path lastFile(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Relative path, size and content hash of every file: what a copy must reproduce. */
    private static String contentOf(Path root) {
        return TargetState.files(root).lines().filter(l -> l.contains(" sha1="))
                .map(l -> l.replaceAll(" ino=\\d+", "").replaceAll(" mtime=\\d+", ""))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
