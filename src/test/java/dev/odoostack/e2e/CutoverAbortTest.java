package dev.odoostack.e2e;

import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.config.Settings;
import dev.odoostack.cutover.GoLive;
import dev.odoostack.cutover.WritesSince;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/odoo-stack cutover opw abort} on the Pulumi engine, against the legacy host fixture (real sshd and
 * PostgreSQL, read over SSH). Before the swap it removes the staged copy {@code opw~restore} and the filestore
 * directories {@code opw~restore} and {@code opw~cutover}, the live database and filestore untouched, and says
 * "nothing to abort" when run again. After the swap with no write since, it returns the stack to its previous
 * generation (the rows of the pre-cutover database are back) and Odoo answers healthy; after a write through psql it
 * refuses in one line naming the counts, and proceeds with --discard-writes. The stack's Odoo is the Odoo STAND-IN,
 * not Odoo. {@code final} is not built yet: {@link #cutOver} makes the states it leaves with the product's own
 * pieces (cutover sync, restore.sh --stage and --swap-staged, the baseline SQL), with no hook in the product.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CutoverAbortTest {
    private static final String STACK = "opw";
    private static final String LEGACY_DB = "opw_prod";
    private static final String PRE_CUTOVER = "live before the cutover";

    @RegisterExtension
    static final StackFixture opw = new StackFixture(STACK);
    static LegacyHost legacy;
    static RealEngine.Project project;

    @BeforeAll
    static void productionStackWithALiveDatabaseAndTheLegacyHostAsItsCutoverSource() throws IOException {
        legacy = opw.legacyHost("legacy", "odoo-abort-e2e", "10.203.21");
        legacy.seed(LEGACY_DB, 1, 12, 8);
        project = opw.project(legacy.productionStack(LEGACY_DB, opw.tmp().resolve("repository")));
        project.withoutRestore(STACK);
        project.upOk(STACK);
        // the pre-cutover generation: the stack's own database and filestore, owned as Odoo's data directory is
        opw.database("CREATE TABLE pre_cutover (id serial, note text); INSERT INTO pre_cutover (note) VALUES ('" + PRE_CUTOVER + "')");
        Path root = opw.filestoreRoot();
        Files.createDirectories(root.resolve(STACK).resolve("ab"));
        Files.writeString(root.resolve(STACK).resolve("ab/ab00live"), "live");
        Files.setAttribute(root, "unix:uid", Files.getAttribute(root.getParent(), "unix:uid"));
    }

    @Test
    @Order(1)
    void beforeTheSwapItRemovesWhatTheCutoverWroteAndLeavesTheLiveCopyAlone() throws IOException {
        Path root = opw.filestoreRoot();
        Map<String, String> liveFiles = listing(root.resolve(STACK));
        cutOver(false);
        assertEquals(List.of(STACK, STACK + "~restore"), databases(), "staged beside the live database");
        assertTrue(Files.isDirectory(root.resolve(STACK + "~restore")) && Files.isDirectory(root.resolve(STACK + "~cutover")));

        Cmd.Result r = abort();
        assertEquals(0, r.exit(), r.err() + r.out());
        String out = r.out();
        assertTrue(out.contains("abort database opw~restore: dropped ("), out);
        assertTrue(out.contains("abort filestore opw~restore: removed (12 files, "), out);
        assertTrue(out.contains("abort filestore opw~cutover: removed (12 files, "), out);
        assertTrue(out.contains("abort sync record: kept aside as " + record("sync") + ".aborted-"), out);
        assertLegacySteps(out);
        assertEquals(List.of(STACK), databases(), "the staged copy is dropped, the live database stays");
        assertEquals(PRE_CUTOVER, RealEngine.psql(STACK, STACK, "SELECT note FROM pre_cutover"));
        assertEquals(List.of(STACK), names(root), "both directories of the cutover are gone");
        assertEquals(liveFiles, listing(root.resolve(STACK)), "the live filestore is untouched");
        assertFalse(Files.exists(record("sync")));
        assertEquals(1, names(record("sync").getParent()).stream().filter(n -> n.startsWith("sync.aborted-")).count());

        Cmd.Result again = abort();
        assertEquals(0, again.exit(), again.err() + again.out());
        assertTrue(again.out().startsWith("nothing to abort: no database opw~restore, no filestore opw~restore or opw~cutover on opw"),
                again.out());
    }

    @Test
    @Order(2)
    void afterTheSwapWithNoWriteSinceItReturnsThePreviousGenerationAndOdooAnswers() throws IOException {
        cutOver(true);
        assertEquals("0", RealEngine.psql(STACK, STACK, "SELECT count(*) FROM pg_tables WHERE tablename = 'pre_cutover'"),
                "the cutover's copy is live");

        Cmd.Result r = abort();
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("abort writes: no row written since the swap"), r.out());
        assertTrue(r.out().contains("abort of opw after the swap: done; opw is its previous generation again"), r.out());
        assertTrue(r.out().contains("the cutover's copy is kept as opw~previous"), r.out());
        assertLegacySteps(r.out());
        assertEquals(PRE_CUTOVER, RealEngine.psql(STACK, STACK, "SELECT note FROM pre_cutover"), "the pre-cutover rows are back");
        assertEquals("running healthy", odooState(), "the Odoo stand-in answers its health check");
        assertFalse(Files.exists(record("final")));
        assertEquals(1, names(record("final").getParent()).stream().filter(n -> n.startsWith("final.aborted-")).count());
        // no longer live from the legacy host: not in the stack file, nor in the outputs
        assertTrue(r.out().contains("outputs: wentLive removed (bin/odoo-stack status opw"), r.out());
        assertFalse(Files.readString(project.dir.resolve("Pulumi.opw.yaml")).contains("cutoverWentLive"));
        assertFalse(project.pulumi("stack", "output", "--json", "--stack", STACK).orThrow().out().contains("wentLive"));
    }

    @Test
    @Order(3)
    void aWriteSinceTheSwapIsRefusedWithItsCountsAndDiscardedOnlyWhenAskedTo() {
        cutOver(true);
        RealEngine.psql(STACK, STACK, "INSERT INTO res_partner (name) VALUES ('written after the swap')");

        Cmd.Result refused = abort();
        assertEquals(1, refused.exit(), refused.err() + refused.out());
        List<String> err = refused.err().strip().lines().toList();
        assertEquals(1, err.size(), refused.err());
        assertTrue(err.get(0).startsWith("odoo-stack: cannot abort: opw took writes since it went live at "), err.get(0));
        assertTrue(err.get(0).endsWith(": 1 row written since the swap: res_partner 1 inserted; a rollback loses them: "
                + "bin/odoo-stack cutover opw abort --discard-writes"), err.get(0));
        assertEquals("1", RealEngine.psql(STACK, STACK, "SELECT count(*) FROM res_partner WHERE name = 'written after the swap'"),
                "nothing changed");

        Cmd.Result r = project.odooStack("cutover", STACK, "abort", "--discard-writes");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("abort writes: 1 row written since the swap: res_partner 1 inserted (--discard-writes: discarded)"),
                r.out());
        assertEquals(PRE_CUTOVER, RealEngine.psql(STACK, STACK, "SELECT note FROM pre_cutover"));
        assertEquals("running healthy", odooState());
    }

    @Test
    @Order(4)
    void aStagedCopyThatIsNotTheCutoversAndAnInterruptedSwapAreRefusedInOneLineAndKept() {
        RealEngine.psql(STACK, "postgres", "CREATE DATABASE \"opw~restore\"");
        RealEngine.psql(STACK, "postgres", "COMMENT ON DATABASE \"opw~restore\" IS 'odoo-stack restore: snapshot 1a2b3c4d of opw-backup at 2026-12-07T20:00:00Z'");
        Cmd.Result r = abort();
        assertEquals(1, r.exit(), r.err() + r.out());
        List<String> err = r.err().strip().lines().toList();
        assertEquals(1, err.size(), r.err());
        assertTrue(err.get(0).startsWith("odoo-stack: cannot abort: database opw~restore is not the cutover's copy of "), err.get(0));
        assertTrue(err.get(0).endsWith("(noted \"odoo-stack restore: snapshot 1a2b3c4d of opw-backup at 2026-12-07T20:00:00Z\"), so nothing "
                + "was removed: once you know it is not needed, bin/odoo-stack psql opw -c 'DROP DATABASE \"opw~restore\"', then "
                + "bin/odoo-stack cutover opw abort"), err.get(0));
        assertTrue(databases().contains(STACK + "~restore"), "kept");
        // the fix, as pasted
        Cmd.Result drop = project.odooStack("psql", STACK, "-c", "DROP DATABASE \"opw~restore\"");
        assertEquals(0, drop.exit(), drop.err());
        assertFalse(databases().contains(STACK + "~restore"));

        RealEngine.psql(STACK, "postgres", "CREATE DATABASE \"opw~swap\"");
        Cmd.Result swap = abort();
        assertEquals(1, swap.exit(), swap.err() + swap.out());
        assertEquals("odoo-stack: cannot abort: opw~swap exists: a swap of opw was interrupted, and only a person can tell which "
                + "copy is which: rename by hand (docs/restore.md), then bin/odoo-stack cutover opw abort", swap.err().strip());
        assertEquals(PRE_CUTOVER, RealEngine.psql(STACK, STACK, "SELECT note FROM pre_cutover"), "the live database is kept");
    }

    /**
     * The states {@code cutover final} leaves, made with the product's own pieces until final exists: the sync, then
     * production's copy staged unneutralized beside the live one (restore.sh --stage with the stack's restore
     * environment and the cutover source's), and with {@code swap}: the note final puts on it, restore.sh
     * --swap-staged, and final's record with the baseline SQL's output.
     */
    static void cutOver(boolean swap) {
        Cmd.Result sync = project.odooStack("cutover", STACK, "sync");
        assertEquals(0, sync.exit(), sync.err() + sync.out());
        Settings s = project.settings(STACK);
        Settings.Cutover c = s.cutover().orElseThrow();
        // restore.sh's environment as final computes it
        Map<String, String> env = new TreeMap<>(DeploymentModel.cutoverEnvironment(s, project.dir, c,
                opw.filestoreRoot().resolve(STACK + "~cutover").toString()));
        env.putAll(RealEngine.env());
        env.put("RESTORE_CACHE_DIR", opw.tmp().resolve("restore-cache").toString());
        restoreSh(env, "--stage");
        if (!swap) {
            return;
        }
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String source = c.upstream() + ":" + c.upstreamDb();
        RealEngine.psql(STACK, "postgres", "COMMENT ON DATABASE \"" + STACK + "~restore\" IS 'odoo-stack cutover: live from "
                + source + " at " + at + "'");
        restoreSh(env, "--swap-staged");
        opw.awaitOdooHealthy();
        // what final writes into the stack file once live (its outputs' wentLive: CutoverFinalTest)
        project.pulumi("config", "set", "cutoverWentLive", source + " at " + at, "--stack", STACK).orThrow();
        try {
            Files.createDirectories(record("final").getParent());
            Files.writeString(record("final"), GoLive.record(Instant.parse(at), c.upstream(), c.upstreamDb(), new GoLive.Phases(Map.of()),
                    RealEngine.psql(STACK, STACK, WritesSince.BASELINE_SQL).lines().toList()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void restoreSh(Map<String, String> env, String mode) {
        Cmd.Result r = Cmd.run(List.of(RealEngine.REPO.resolve("docker/scripts/restore.sh").toString(), mode), env, null,
                Duration.ofMinutes(5));
        assertEquals(0, r.exit(), () -> "restore.sh " + mode + ":\n" + r.err() + r.out());
    }

    private static Cmd.Result abort() {
        return project.odooStack("cutover", STACK, "abort");
    }

    private static void assertLegacySteps(String out) {
        String host = legacy.get("LEGACY_DESTINATION").replaceFirst("^.*@", "");
        assertTrue(out.contains("  1. on " + host + ": sudo systemctl start odoo (ssh " + legacy.get("LEGACY_DESTINATION") + ")"), out);
    }

    private static Path record(String name) {
        return project.home.resolve("cutover").resolve(STACK).resolve(name);
    }

    private static String odooState() {
        return RealEngine.dockerOk("inspect", "--type", "container", "--format", "{{.State.Status}} {{.State.Health.Status}}",
                STACK + "-odoo");
    }

    /** The stack's database and its generations. */
    private static List<String> databases() {
        return RealEngine.psql(STACK, "postgres", "SELECT datname FROM pg_database WHERE datname LIKE '" + STACK + "%' ORDER BY 1")
                .lines().toList();
    }

    /** Each regular file below dir, by its path there: its size and content's hash. */
    private static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.size(p) + " " + java.util.Arrays.hashCode(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
