package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.odoostack.e2e.RealEngine.docker;
import static dev.odoostack.e2e.RealEngine.dockerOk;
import static dev.odoostack.e2e.RealEngine.psql;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Image mode built for real on the real engine, through {@code bin/odoo-stack up cm --engine compose}: the
 * {@code docker/odoo/official} Dockerfile, its uv step installing a real {@code uv.lock} from PyPI, the content tag
 * deciding what is rebuilt and replaced, the addon repositories checked out and mounted, and bad inputs refused in
 * one line with nothing running touched.
 *
 * <p>What is a stand-in: the base image. {@code odooBaseImage} names {@value #BASE}, built here FROM the engine's
 * {@code odoo:17.0} stand-in (not Odoo; docs/testing.md) plus this machine's own CA certificates (so uv reaches PyPI
 * through the machine's TLS-inspecting egress proxy, as a company base image trusts its proxy) and Debian's
 * {@code python3-six}, so that the locked six must win over a version the base image already has. Everything else
 * runs for real: the Dockerfile, uv 0.13.8, PyPI, git, docker-compose.
 *
 * <p>Only the stack {@code cm} is used (port 8081): another engineer's tests use {@code opw} on the same engine.
 */
@Tag("e2e")
@DisplayName("Odoo image build, image mode on a stand-in base (stack cm)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OdooImageBuildTest {
    static final String STACK = "cm";
    /** A stand-in for a company's base image: see the class comment. */
    static final String BASE = "odoo-stack-test/odoo-stand-in-base:17.0";
    static final String REPOSITORY = "odoo-stack/cm-odoo";
    static final Path LOCKS = RealEngine.REPO.resolve("src/test/resources/e2e/odoo-python");
    static final int PORT = 8081;

    @TempDir
    static Path tmp;
    static RealEngine.Project project;
    static Path python;
    static List<String> addonLines;
    static Map<String, Path> upstream = new TreeMap<>();

    @BeforeAll
    static void upOnTheStandInBase() throws Exception {
        RealEngine.wipe(STACK);
        removeBuiltImages();
        buildStandInBase();
        // the compose engine: its build lines and build log are the compose engine's own docker build
        // (docs/testing.md, 'Which scenario runs on which engine')
        project = new RealEngine.Project(tmp, Map.of(), RealEngine.Engine.COMPOSE);
        // a copy of docker/, not the symlink: the test changes docker/odoo/python
        Path docker = project.dir.resolve("docker");
        Files.delete(docker);
        copyTree(RealEngine.REPO.resolve("docker"), docker);
        python = docker.resolve("odoo/python");
        useLock("six-1.16.0");
        for (String name : List.of("custom", "oca")) {
            upstream.put(name, addonRepository(name));
        }
        addonLines = List.of(
                "    - " + upstream.get("custom").toUri() + " main custom",
                "    - " + upstream.get("oca").toUri() + " main oca");
        writeStackFile(BASE, addonLines);
    }

    @AfterAll
    static void down() {
        RealEngine.wipe(STACK);
        removeBuiltImages();
    }

    // ---- 1. the lock installed for real ---------------------------------------------------------------------

    static Cmd.Result firstUp;

    @Test
    @Order(1)
    void onTheStandInBaseTheLockedPackageComesFromPyPIAndWinsOverTheBaseImagesOwn() {
        firstUp = project.up(STACK);
        assertEquals(0, firstUp.exit(), () -> "up failed:\n" + firstUp.err() + firstUp.out());
        assertEquals(1, builtLines(firstUp).size(), firstUp.err());
        String log = readBuildLog();
        assertTrue(log.contains("install-python-deps: installing 1 locked package(s)") && log.contains(" + six==1.16.0"),
                "uv installed the lock: " + log);

        // the stand-in base has Debian's six (another version) in dist-packages: the lock's must be the one imported
        String debianSix = dockerOk("run", "--rm", "--entrypoint", "python3", BASE, "-c", "import six; print(six.__version__)");
        assertNotEquals("1.16.0", debianSix, "the base image's own six must differ for this test to mean anything");

        String imported = dockerOk("exec", "cm-odoo", "python3", "-c",
                "import six, sys; print(six.__version__); print(six.__file__); "
                        + "print(sys.path.index('/opt/odoo-stack/site-packages') < sys.path.index('/usr/lib/python3/dist-packages'))");
        assertEquals(List.of("1.16.0", "/opt/odoo-stack/site-packages/six.py", "True"), imported.lines().toList());
        assertTrue(dockerOk("exec", "cm-odoo", "printenv", "PYTHONPATH").startsWith("/opt/odoo-stack/site-packages"));
        // the image runs the stack: healthy, and Traefik answers for cm
        assertEquals("running healthy", health("cm-odoo"));
        assertEquals(200, RealEngine.get(PORT, "cm.localhost", "/web/health").status());
    }

    // ---- 2. the content tag ----------------------------------------------------------------------------------

    @Test
    @Order(2)
    void unchangedInputsBuildNothingAndReplaceNoContainer() {
        Map<String, String> ids = RealEngine.containerIds(STACK);
        String image = imageOf("cm-odoo");
        Set<String> tags = builtTags();

        Cmd.Result again = project.up(STACK);

        assertEquals(0, again.exit(), again.err());
        assertAll(
                () -> assertFalse(again.err().contains("Step ") || again.out().contains("Step "), "no build step: " + again.err()),
                () -> assertEquals(List.of(), builtLines(again), again.err()),
                () -> assertTrue(again.err().contains("nothing to build"), again.err()),
                () -> assertEquals(image, imageOf("cm-odoo")),
                () -> assertEquals(tags, builtTags()),
                () -> assertEquals(ids, RealEngine.containerIds(STACK), "no container replaced"));
    }

    @Test
    @Order(3)
    void aChangedLockBuildsOneImageAndReplacesOdooButNotPostgres() throws Exception {
        psql(STACK, "postgres", "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('survives')");
        Map<String, String> before = RealEngine.containerIds(STACK);
        Set<String> tagsBefore = builtTags();
        String oldImage = imageOf("cm-odoo");

        useLock("six-1.17.0");
        Cmd.Result r = project.up(STACK);

        assertEquals(0, r.exit(), () -> r.err() + r.out());
        assertEquals(1, builtLines(r).size(), r.err());
        Set<String> tagsAfter = builtTags();
        assertEquals(tagsBefore.size() + 1, tagsAfter.size(), "exactly one new image: " + tagsAfter);
        Map<String, String> after = RealEngine.containerIds(STACK);
        assertAll(
                () -> assertNotEquals(oldImage, imageOf("cm-odoo"), "Odoo runs the new image"),
                () -> assertNotEquals(before.get("cm-odoo"), after.get("cm-odoo"), "the Odoo container is replaced"),
                () -> assertNotEquals(before.get("cm-odoo-init"), after.get("cm-odoo-init"), "so is the init container of the same image"),
                () -> assertEquals(before.get("cm-postgres"), after.get("cm-postgres"), "PostgreSQL is untouched"),
                () -> assertEquals(before.get("cm-traefik"), after.get("cm-traefik")),
                () -> assertEquals("survives", psql(STACK, "postgres", "SELECT note FROM kept")),
                () -> assertEquals("1.17.0 /opt/odoo-stack/site-packages/six.py", dockerOk("exec", "cm-odoo", "python3", "-c",
                        "import six; print(six.__version__, six.__file__)")),
                () -> assertEquals("running healthy", health("cm-odoo")));
    }

    // ---- 3. addon repositories -------------------------------------------------------------------------------

    @Test
    @Order(4)
    void addonRepositoriesAreMountedReadOnlyAndListedInAddonsPath() {
        // the configuration Odoo reads ($ODOO_RC, assembled at start) lists the mounts, in the order configured
        String conf = dockerOk("exec", "cm-odoo", "sh", "-c", "grep '^addons_path' \"$ODOO_RC\"");
        assertEquals("addons_path = /mnt/addons/custom,/mnt/addons/oca", conf);
        String mounts = dockerOk("inspect", "--format",
                "{{range .Mounts}}{{if eq .Type \"bind\"}}{{.Source}} {{.Destination}} {{.RW}}{{println}}{{end}}{{end}}", "cm-odoo");
        for (String dir : List.of("custom", "oca")) {
            Path checkout = project.stateRoot.resolve(STACK).resolve("addons").resolve(dir);
            assertTrue(mounts.lines().anyMatch(l -> l.equals(checkout + " /mnt/addons/" + dir + " false")), mounts);
            // what the container sees is the checkout of the configured ref
            assertEquals(dir + " v1", dockerOk("exec", "cm-odoo", "cat", "/mnt/addons/" + dir + "/" + dir + "_module/VERSION"));
            // not even root in the container can write there
            Cmd.Result write = docker("exec", "--user", "root", "cm-odoo", "touch", "/mnt/addons/" + dir + "/written-in-container");
            assertNotEquals(0, write.exit());
            assertTrue(write.err().contains("Read-only file system"), write.err());
            assertFalse(Files.exists(checkout.resolve("written-in-container")));
        }
    }

    // ---- 4. bad inputs ---------------------------------------------------------------------------------------

    @Test
    @Order(5)
    void aLockWithAWrongHashFailsTheBuildInOneLineAndTouchesNothing() throws Exception {
        useLock("six-1.16.0-wrong-hash");
        try {
            String last = refusedWithNothingTouched();
            assertTrue(last.contains("Hash mismatch for `six==1.16.0`") && last.contains("uv.lock"), last);
            assertTrue(last.matches(".*step \\d+/\\d+ \\(RUN .*\\) of docker/odoo/official/Dockerfile failed with exit code 1: .*"), last);
        } finally {
            useLock("six-1.17.0");
        }
    }

    @Test
    @Order(6)
    void aLockedPackageThatPyPIDoesNotHaveFailsTheBuildInOneLineAndTouchesNothing() throws Exception {
        useLock("no-such-package");
        try {
            String last = refusedWithNothingTouched();
            assertTrue(last.contains("odoo-stack-test-no-such-package was not found in the package registry"), last);
            assertTrue(last.contains("run uv lock in docker/odoo/python"), "the fix: " + last);
        } finally {
            useLock("six-1.17.0");
        }
    }

    @Test
    @Order(7)
    void anUnknownBaseImageIsNamedWithTheSettingToFix() throws Exception {
        // the same Odoo series as the running stack: a new series would be refused earlier, by the guard
        writeStackFile("odoo-stack-test/no-such-base:17.0", addonLines);
        try {
            String last = refusedWithNothingTouched();
            assertTrue(last.contains("the image odoo-stack-test/no-such-base:17.0 it builds FROM is not on the Docker engine and cannot be pulled"), last);
            assertTrue(last.contains("set odoo-stack:odooBaseImage in Pulumi.cm.yaml"), "the fix: " + last);
        } finally {
            writeStackFile(BASE, addonLines);
        }
    }

    @Test
    @Order(8)
    void anAddonRefThatDoesNotExistIsNamedAndNoCheckoutMoves() throws Exception {
        Path oca = project.stateRoot.resolve(STACK).resolve("addons/oca");
        String head = git(oca, "rev-parse", "HEAD");
        String url = upstream.get("oca").toUri().toString();
        writeStackFile(BASE, List.of(addonLines.get(0), "    - " + url + " no-such-branch oca"));
        try {
            String last = refusedWithNothingTouched();

            assertTrue(last.contains("fetch-addons failed") && last.contains("no container was created or changed"), last);
            assertTrue(last.contains("oca: ref 'no-such-branch' not found in " + url), last);
            assertEquals(head, git(oca, "rev-parse", "HEAD"), "the checkout stays where it was");
        } finally {
            writeStackFile(BASE, addonLines);
        }
    }

    @Test
    @Order(9)
    void withTheInputsPutBackUpChangesNothing() {
        Map<String, String> ids = RealEngine.containerIds(STACK);
        String images = docker("ps", "-a", "--filter", "label=odoo-stack.stack=" + STACK, "--format", "{{.Names}} {{.Image}}").out();
        Cmd.Result r = project.up(STACK);
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(), builtLines(r), "the image of these inputs is still there: " + r.err());
        // on a failure, what compose said and each container's image before and after: which input moved
        assertEquals(ids, RealEngine.containerIds(STACK), () -> r.err() + "\nimages before:\n" + images + "images after:\n"
                + docker("ps", "-a", "--filter", "label=odoo-stack.stack=" + STACK, "--format", "{{.Names}} {{.Image}} {{.Label \"com.docker.compose.config-hash\"}}").out()
                + docker("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.CreatedAt}}", "odoo-stack/docker-api-filter").out());
    }

    // ---- 4. rebuild: the old --build, without an edit ----------------------------------------------------------

    @Test
    @Order(10)
    void rebuildFetchesTheMovedBranchBuildsAgainAndRestartsOdooWithoutAnEditOfTheStackFile() throws Exception {
        Path custom = upstream.get("custom");
        Files.writeString(custom.resolve("custom_module/VERSION"), "custom v2\n");
        git(custom, "commit", "--quiet", "--all", "--message", "custom v2");
        String stackFile = Files.readString(project.dir.resolve("Pulumi.cm.yaml"));
        String started = dockerOk("inspect", "--format", "{{.State.StartedAt}}", "cm-odoo");

        Cmd.Result r = project.odooStack("rebuild", STACK, "--engine", "compose");

        assertEquals(0, r.exit(), () -> "rebuild failed:\n" + r.err());
        assertTrue(r.err().contains("odoo-stack: building " + REPOSITORY + ":"), "built although its tag existed: " + r.err());
        assertEquals("custom v2", dockerOk("exec", "cm-odoo", "cat", "/mnt/addons/custom/custom_module/VERSION"));
        assertNotEquals(started, dockerOk("inspect", "--format", "{{.State.StartedAt}}", "cm-odoo"),
                "Odoo was restarted on the fetched code");
        assertEquals("running healthy", health("cm-odoo"));
        assertEquals(200, RealEngine.get(PORT, "cm.localhost", "/web/health").status());
        assertEquals(stackFile, Files.readString(project.dir.resolve("Pulumi.cm.yaml")), "no counter raised in the stack file");
    }

    @Test
    @Order(11)
    void aRebuildWithOtherPendingChangesIsRefusedInOneLineAndTouchesNothing() throws Exception {
        Path stackFile = project.dir.resolve("Pulumi.cm.yaml");
        String before = Files.readString(stackFile);
        Path custom = upstream.get("custom");
        Files.writeString(custom.resolve("custom_module/VERSION"), "custom v3\n");
        git(custom, "commit", "--quiet", "--all", "--message", "custom v3");
        Map<String, String> ids = RealEngine.containerIds(STACK);
        Files.writeString(stackFile, before + "  odoo-stack:odooMaxCronThreads: 2\n");
        try {
            Cmd.Result r = project.odooStack("rebuild", STACK, "--engine", "compose");

            assertEquals(1, r.exit(), r.err());
            List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
            String last = lines.get(lines.size() - 1);
            assertTrue(last.startsWith("odoo-stack: rebuild: stack cm has pending changes besides the rebuild")
                    && last.contains("odoo") && last.contains("bin/odoo-stack up cm --engine compose"), last);
            assertEquals(ids, RealEngine.containerIds(STACK), "no container replaced");
            assertEquals("custom v2", dockerOk("exec", "cm-odoo", "cat", "/mnt/addons/custom/custom_module/VERSION"),
                    "nothing fetched either");
        } finally {
            Files.writeString(stackFile, before);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /**
     * Runs up with the bad input in place: it must fail, end stderr with one line from odoo-stack, show no stack
     * trace, and leave every container of the stack as it was (same ids, same health), Odoo still answering.
     *
     * @return the last line of stderr
     */
    static String refusedWithNothingTouched() {
        Map<String, String> ids = RealEngine.containerIds(STACK);
        Map<String, String> health = new TreeMap<>();
        ids.keySet().forEach(name -> health.put(name, health(name)));
        Set<String> tags = builtTags();

        Cmd.Result r = project.up(STACK);

        assertNotEquals(0, r.exit(), () -> "a bad input must fail up:\n" + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("odoo-stack: "), "the last line is odoo-stack's: " + last);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(ids, RealEngine.containerIds(STACK), "no container created, replaced or removed");
        Map<String, String> healthAfter = new TreeMap<>();
        ids.keySet().forEach(name -> healthAfter.put(name, health(name)));
        assertEquals(health, healthAfter);
        assertEquals(tags, builtTags(), "no image tagged");
        assertEquals(200, RealEngine.get(PORT, "cm.localhost", "/web/health").status(), "Odoo still answers");
        return last;
    }

    static String readBuildLog() {
        try {
            return Files.readString(project.home.resolve("compose").resolve(STACK).resolve("build.log"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> builtLines(Cmd.Result r) {
        List<String> built = r.err().lines().filter(l -> l.startsWith("odoo-stack: built " + REPOSITORY + ":")).toList();
        built.forEach(System.out::println); // the build times, for the record
        return built;
    }

    static Set<String> builtTags() {
        return new TreeSet<>(dockerOk("images", "--format", "{{.Repository}}:{{.Tag}}", REPOSITORY).lines()
                .filter(l -> !l.isBlank()).toList());
    }

    static String imageOf(String container) {
        return dockerOk("inspect", "--format", "{{.Image}}", container);
    }

    static String health(String container) {
        return dockerOk("inspect", "--format", "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}", container).strip();
    }

    static void useLock(String name) throws IOException {
        for (String f : List.of("pyproject.toml", "uv.lock")) {
            Files.copy(LOCKS.resolve(name).resolve(f), python.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The repository's Pulumi.cm.yaml, built instead of run as published: odooImage gives way to a build. */
    static void writeStackFile(String baseImage, List<String> addonRepositories) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(RealEngine.REPO.resolve("Pulumi.cm.yaml"))) {
            if (!line.strip().startsWith("odoo-stack:odooImage:")) {
                text.append(line).append('\n');
            }
        }
        text.append("  odoo-stack:stateRoot: ").append(project.stateRoot).append('\n');
        text.append("  odoo-stack:odooBuild: image\n");
        text.append("  odoo-stack:odooBaseImage: ").append(baseImage).append('\n');
        text.append("  odoo-stack:odooAddonRepositories:\n");
        addonRepositories.forEach(l -> text.append(l).append('\n'));
        Files.writeString(project.dir.resolve("Pulumi.cm.yaml"), text);
    }

    /** A git repository with one addon, reached over a file:// URL as any URL git fetches. */
    static Path addonRepository(String name) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("upstream").resolve(name + ".git"));
        git(repo, "init", "--quiet", "--initial-branch=main");
        Path module = Files.createDirectories(repo.resolve(name + "_module"));
        Files.writeString(module.resolve("__manifest__.py"), "{'name': '" + name + "', 'version': '17.0.1.0.0'}\n");
        Files.writeString(module.resolve("VERSION"), name + " v1\n");
        git(repo, "add", "--all");
        git(repo, "commit", "--quiet", "--message", name + " v1");
        return repo;
    }

    static String git(Path dir, String... args) {
        List<String> c = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"));
        c.addAll(List.of(args));
        return Cmd.run(c, Map.of(), null, Duration.ofMinutes(1)).orThrow().out().strip();
    }

    /**
     * The stand-in base: the engine's odoo:17.0 stand-in, this machine's own CA certificates (the build reaches PyPI
     * through its egress proxy), and Debian's python3-six. Cached by the engine after the first build.
     */
    static void buildStandInBase() throws IOException {
        Path context = Files.createDirectories(tmp.resolve("stand-in-base"));
        Path cas = Path.of("/usr/local/share/ca-certificates");
        List<Path> certificates = new ArrayList<>();
        if (Files.isDirectory(cas)) {
            try (Stream<Path> s = Files.list(cas)) {
                certificates = s.filter(p -> p.toString().endsWith(".crt")).sorted().toList();
            }
        }
        Files.createDirectories(context.resolve("ca"));
        for (Path c : certificates) {
            Files.copy(c, context.resolve("ca").resolve(c.getFileName()));
        }
        Files.writeString(context.resolve("Dockerfile"), """
                # STAND-IN for a company's Odoo base image (odoo-stack OdooImageBuildTest): the odoo:17.0 stand-in,
                # which is NOT Odoo, plus this machine's CA certificates and Debian's python3-six.
                FROM odoo:17.0
                LABEL org.opencontainers.image.description="odoo-stack test stand-in for a company base image: NOT Odoo"
                USER root
                COPY ca/ /usr/local/share/ca-certificates/
                RUN set -eu; apt-get update; \\
                    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-six; \\
                    rm -rf /var/lib/apt/lists/*; update-ca-certificates
                USER odoo
                """);
        dockerOk("build", "--quiet", "--force-rm", "--tag", BASE, context.toString());
    }

    /**
     * What this test built, so that every run builds for real (the engine's layer cache would otherwise answer the
     * uv step from an earlier run): cm's image tags, then every image built on the test's own stand-in base
     * (the build stages the legacy builder keeps), leaves first, then the base. Never another stack's image: only
     * descendants of {@value #BASE} and tags of {@value #REPOSITORY}; an image a container uses is refused by the
     * engine (no -f).
     */
    static void removeBuiltImages() {
        for (String tag : builtTags()) {
            docker("rmi", tag);
        }
        Cmd.Result base = docker("image", "inspect", "--format", "{{.Id}}", BASE);
        if (base.exit() != 0) {
            return;
        }
        Map<String, String> parentOf = new TreeMap<>();
        List<String> all = dockerOk("images", "--all", "--quiet", "--no-trunc").lines().filter(l -> !l.isBlank()).distinct().toList();
        if (!all.isEmpty()) {
            List<String> inspect = new ArrayList<>(List.of("image", "inspect", "--format", "{{.Id}} {{.Parent}}"));
            inspect.addAll(all);
            for (String line : dockerOk(inspect.toArray(String[]::new)).lines().toList()) {
                String[] f = line.split(" ", -1);
                parentOf.put(f[0], f.length > 1 ? f[1] : "");
            }
        }
        String root = base.out().strip();
        List<String> descendants = new ArrayList<>();
        for (String id : parentOf.keySet()) {
            int depth = 0;
            for (String p = parentOf.get(id); p != null && !p.isEmpty(); p = parentOf.get(p)) {
                depth++;
                if (p.equals(root)) {
                    descendants.add(depth + " " + id);
                    break;
                }
            }
        }
        descendants.stream().sorted(Comparator.comparingInt((String d) -> Integer.parseInt(d.split(" ")[0])).reversed())
                .forEach(d -> docker("rmi", d.split(" ")[1]));
        docker("rmi", BASE);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
