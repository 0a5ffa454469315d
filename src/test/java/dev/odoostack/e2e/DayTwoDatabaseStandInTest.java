package dev.odoostack.e2e;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/odoo-stack init}, {@code shell} and {@code update} against a stack deployed by {@code pulumi up} on the
 * real engine. Odoo is the Odoo STAND-IN, not Odoo: it records what {@code odoo -i}, {@code -u} and {@code odoo shell}
 * were asked to do (docs/testing.md), so these tests prove the commands' plumbing (image, configuration, database,
 * password, snapshot and swap), not Odoo's own module code. The stack file is cm's with the stand-in under a tag
 * this class builds from src/test/images/odoo, so that a concurrent {@code bin/real-engine prepare} from another
 * checkout cannot swap an older stand-in in under it.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DayTwoDatabaseStandInTest {
    private static final String STACK = "cm";
    private static final String IMAGE = "odoo-stack-test/odoo-stand-in-day2:17.0";

    @RegisterExtension
    static final StackFixture cm = new StackFixture(STACK);
    static RealEngine.Project project;
    static Path filestore;

    @BeforeAll
    static void up() throws IOException {
        RealEngine.dockerOk("build", "-q", "-t", IMAGE, "--build-arg", "ODOO_VERSION=17.0", "--build-arg", "ODOO_UID=101",
                "--build-arg", "ODOO_GID=101", RealEngine.REPO.resolve("src/test/images/odoo").toString());
        project = cm.project(List.of());
        Files.writeString(project.dir.resolve("Pulumi." + STACK + ".yaml"), """
                config:
                  odoo-stack:odooImage: %s
                  odoo-stack:odooDomains:
                    - cm.localhost
                  odoo-stack:odooDbName: cm
                  odoo-stack:odooWorkers: 2
                  odoo-stack:postgresVersion: 16
                  odoo-stack:traefikHttpPort: 8081
                  odoo-stack:stateRoot: %s
                """.formatted(IMAGE, project.stateRoot));
        project.upOk(STACK);
        filestore = cm.filestoreRoot().resolve(STACK);
    }

    @Test
    @Order(1)
    void initCreatesTheDatabaseWithoutDemoDataAndGivesAdminThePasswordOfTheSecret() throws Exception {
        assertEquals("0", RealEngine.psql(STACK, "postgres", "SELECT count(*) FROM pg_database WHERE datname = 'cm'"),
                "a fresh stack has no database");
        String password = project.secret(STACK, "odooAdminLoginPassword");
        // run from the repository, as the tests run bin/odoo-stack: its own committed stack file must not be used
        String committed = Files.readString(RealEngine.REPO.resolve("Pulumi.cm.yaml"));
        // what `docker inspect` and `ps` show of the one-off containers while init runs
        StringBuilder seen = new StringBuilder();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                for (String task : List.of(STACK + "-odoo-init", STACK + "-odoo-init-admin")) {
                    Cmd.Result r = RealEngine.docker("inspect", "--format", "{{json .Config}} {{json .Args}}", task);
                    if (r.exit() == 0) {
                        seen.append(r.out()).append(RealEngine.docker("top", task, "-eo", "args").out());
                    }
                }
            }
        });
        watcher.start();
        Cmd.Result init;
        try {
            init = project.odooStack("init", STACK, "--modules", "sale,stock", "--language", "de_DE");
        } finally {
            running.set(false);
            watcher.join();
        }
        Cmd.Result r = init;
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertEquals(committed, Files.readString(RealEngine.REPO.resolve("Pulumi.cm.yaml")),
                "init read and wrote the project's stack file, not the one of the directory it was run from");
        assertEquals("base:installed:false,sale:installed:false,stock:installed:false", RealEngine.psql(STACK, STACK,
                "SELECT string_agg(name || ':' || state || ':' || demo, ',' ORDER BY name) FROM ir_module_module"),
                "the stand-in was asked for base and the modules, without demo data");
        assertEquals("de_DE", RealEngine.psql(STACK, STACK, "SELECT string_agg(code, ',') FROM stand_in_lang"));
        assertEquals(sha256(password), RealEngine.psql(STACK, STACK, "SELECT password_sha256 FROM stand_in_users WHERE login = 'admin'"),
                "the stand-in's admin has the password of odooAdminLoginPassword");
        assertFalse(r.out().contains(password) || r.err().contains(password), "the password is never printed");
        assertFalse(seen.isEmpty(), "the one-off containers were seen while they ran");
        assertFalse(seen.toString().contains(password), "no password in docker inspect or ps of the one-off containers");
        for (String id : RealEngine.containerIds(STACK).values()) {
            assertFalse(RealEngine.dockerOk("inspect", id).contains(password), "no password in docker inspect of " + id);
        }
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("as admin") && last.contains(project.engine == RealEngine.Engine.COMPOSE
                        ? "cat " + project.passwords(STACK).resolve("odooAdminLoginPassword")
                        : "pulumi config get odooAdminLoginPassword --stack " + STACK),
                "the last line says the login and how to read its password: " + last);
        for (String phase : List.of("stop Odoo", "install base,sale,stock into cm", "admin password set", "start Odoo")) {
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("odoo-stack: init " + phase) && l.matches(".* in [0-9.]+ s$")),
                    "progress of " + phase + ":\n" + r.err());
        }
        cm.awaitOdooHealthy();
        assertTrue(Files.isDirectory(filestore), "the stand-in's install wrote into the stack's filestore");
    }

    @Test
    @Order(2)
    void aSecondInitIsRefusedWithOneLineAndChangesNothing() {
        String rows = rows();
        String started = RealEngine.dockerOk("inspect", "--format", "{{.State.StartedAt}}", STACK + "-odoo");
        Cmd.Result r = project.odooStack("init", STACK);
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("database cm already exists") && r.err().contains("nothing changed"), r.err());
        assertEquals(rows, rows());
        assertEquals(started, RealEngine.dockerOk("inspect", "--format", "{{.State.StartedAt}}", STACK + "-odoo"),
                "Odoo was not even stopped");
    }

    @Test
    @Order(3)
    void shellRunsPythonFromStdinOnTheStacksDatabase() {
        List<String> c = List.of(RealEngine.REPO.resolve("bin/odoo-stack").toString(), "shell", STACK);
        Map<String, String> env = RealEngine.env();
        env.put("ODOO_STACK_HOME", project.home.toString());
        env.put("ODOO_STACK_PROJECT_DIR", project.dir.toString());
        Cmd.Result r = Cmd.run(c, env, "print('db=' + env.cr.dbname)\n", Duration.ofMinutes(2));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch("db=cm"::equals), "the stand-in's shell ran the code on database cm:\n" + r.out());
        // options after -- go to odoo shell: the stand-in's odoo.tools.config has what it was given
        List<String> withOptions = List.of(RealEngine.REPO.resolve("bin/odoo-stack").toString(), "shell", STACK, "--", "--log-level=warn");
        Cmd.Result o = Cmd.run(withOptions, env, "print('log_level=' + odoo.tools.config['log_level'])\n", Duration.ofMinutes(2));
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().lines().anyMatch("log_level=warn"::equals), "odoo shell was given --log-level=warn:\n" + o.out());
    }

    @Test
    @Order(4)
    void updateTakesASnapshotFirstThenUpdatesAndOdooIsHealthyAfter() {
        String before = rows();
        Cmd.Result r = project.odooStack("update", STACK, "--all");
        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertEquals("base:1,sale:1,stock:1", RealEngine.psql(STACK, STACK,
                        "SELECT string_agg(name || ':' || updates, ',' ORDER BY name) FROM ir_module_module"),
                "the stand-in recorded one update of every installed module (odoo -u all)");
        assertEquals(before, rows("cm~previous"), "the snapshot is the database as it was before the update");
        assertTrue(r.out().lines().anyMatch(l -> l.matches("restore: snapshot cm~previous is a copy of cm .* in [0-9.]+ s")), r.out());
        for (String phase : List.of("stop Odoo", "odoo -u all", "start Odoo (healthy)")) {
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("odoo-stack: update " + phase) && l.matches(".* in [0-9.]+ s$")),
                    "progress of " + phase + ":\n" + r.err());
        }
        assertTrue(r.err().strip().lines().reduce((a, b) -> b).orElse("").startsWith("odoo-stack: updated all in cm"), r.err());
        cm.awaitOdooHealthy();
    }

    @Test
    @Order(5)
    void aFailedUpdateReturnsToTheSnapshotExactlyAndSaysSoInOneLine() throws IOException {
        String rows = rows();
        String files = regularFiles(filestore);
        Cmd.Result r = project.odooStack("update", STACK, "stand_in_fails_on_update,sale");
        assertEquals(1, r.exit(), () -> r.err() + r.out());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("odoo-stack: update of stand_in_fails_on_update,sale failed \\(.*stand_in_fails_on_update.*\\); "
                + "returned to the snapshot taken at [0-9T:-]+Z, Odoo runs on it; the failed attempt is cm~previous; log: .+"), last);
        Path log = Path.of(last.substring(last.indexOf("log: ") + 5));
        assertTrue(Files.readString(log).contains("stand_in_fails_on_update failed"), "the log holds the stand-in's failure");
        assertEquals(rows, rows(), "every row as before the update");
        assertEquals(files, regularFiles(filestore), "every file as before the update (same inodes, sizes, hashes)");
        assertEquals("2", RealEngine.psql(STACK, "cm~previous", "SELECT updates FROM ir_module_module WHERE name = 'sale'"),
                "the failed attempt (it had written before failing) is kept as the previous generation");
        cm.awaitOdooHealthy();
    }

    /**
     * docs/operations.md's clean-up of a snapshot with {@code psql -c}, then a test stack's fresh database with demo
     * data: {@code init --demo} on a stack whose database was dropped.
     */
    @Test
    @Order(6)
    void thePreviousGenerationIsDroppedWithPsqlAndInitDemoCreatesTheDatabaseWithDemoData() {
        Cmd.Result drop = project.odooStack("psql", STACK, "-d", "postgres", "-c", "DROP DATABASE \"cm~previous\"");
        assertEquals(0, drop.exit(), drop::text);
        assertEquals("0", RealEngine.psql(STACK, "postgres", "SELECT count(*) FROM pg_database WHERE datname = 'cm~previous'"));
        project.odooStack("psql", STACK, "-d", "postgres", "-c", "DROP DATABASE cm WITH (FORCE)").orThrow();

        Cmd.Result init = project.odooStack("init", STACK, "--demo");
        assertEquals(0, init.exit(), init::text);
        assertEquals("base:installed:true", RealEngine.psql(STACK, STACK,
                        "SELECT string_agg(name || ':' || state || ':' || demo, ',' ORDER BY name) FROM ir_module_module"),
                "the stand-in was asked for base with demo data");
        cm.awaitOdooHealthy();
    }

    /** Every table of the database with its row count and a hash of its rows. */
    private static String rows(String db) {
        return RealEngine.psql(STACK, db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").lines()
                .map(t -> t + "=" + RealEngine.psql(STACK, db,
                        "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + t + " t"))
                .collect(Collectors.joining("\n"));
    }

    private static String rows() {
        return rows(STACK);
    }

    /** Regular files with inode, size, mtime and hash (a snapshot's directories are new, its files hard links). */
    private static String regularFiles(Path root) {
        return TargetState.files(root).lines().filter(l -> !l.contains("/ ino=")).collect(Collectors.joining("\n"));
    }

    private static String sha256(String s) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
