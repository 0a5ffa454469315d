package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.odoostack.e2e.RealEngine.docker;
import static dev.odoostack.e2e.RealEngine.dockerOk;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Source mode, as far as it can run here: the {@code build} stage of {@code docker/odoo/source/Dockerfile}
 * ({@code --target build}) with BuildKit, from a STAND-IN Odoo source tree (not Odoo: requirements.txt, odoo-bin,
 * odoo/release.py, odoo/addons/, addons/) in a local git repository. What runs for real: BuildKit (the one built
 * into this dockerd 20.10, driven by Debian's docker-buildx), the Dockerfile's steps unchanged, Debian's build
 * packages, uv installing the lock from PyPI, {@code ADD <git ref>} fetching the branch, pip installing the stand-in's
 * requirements and the official image's extra packages from PyPI. What are stand-ins, all prepared by
 * {@code bin/real-engine}: the base {@code python:3.11-slim-bookworm} (bookworm's Python 3.11), the Dockerfile
 * frontend {@code docker/dockerfile:1} (BuildKit's frontend v0.12.5 from its Go module, chosen with
 * BUILDKIT_SYNTAX), and the source tree. What does not run: the final stage, which downloads wkhtmltopdf from
 * github.com and adds apt.postgresql.org, neither of which resolves here (docs/testing.md has the evidence); and
 * {@code bin/odoo-stack}, because {@code odooRepository} takes only https URLs and the repository here is served
 * over {@code git://} on localhost (BuildKit does not take {@code file://} as a git source).
 */
@Tag("e2e")
@DisplayName("Odoo source mode: the build stage from a stand-in source tree, with BuildKit (final stage not buildable here)")
class OdooSourceBuildTest {
    static final Path CACHE = Path.of(System.getenv().getOrDefault("ODOO_STACK_CACHE", "/var/cache/odoo-stack"));
    static final String FRONTEND = "odoo-stack-test/dockerfile-frontend:v0.12.5";
    static final String PYTHON = "python:3.11-slim-bookworm";
    static final String IMAGE = "odoo-stack-test/odoo-source-build-stage:17.0";

    @TempDir
    static Path tmp;
    static Process gitDaemon;
    static String repositoryUrl;
    static String commit;
    static Cmd.Result build;

    @BeforeAll
    static void buildTheBuildStage() throws Exception {
        Path plugin = CACHE.resolve("docker-config/cli-plugins/docker-buildx");
        for (String image : List.of(FRONTEND, PYTHON)) {
            if (docker("image", "inspect", image).exit() != 0 || !Files.isExecutable(plugin)) {
                fail("source mode needs the buildx plugin, " + FRONTEND + " and the stand-in " + PYTHON
                        + ": run bin/real-engine prepare");
            }
        }
        String python = dockerOk("image", "inspect", "--format", "{{index .Config.Labels \"dev.odoostack.stand-in\"}}", PYTHON);
        assertEquals("python", python, PYTHON + " must be the stand-in bin/real-engine builds");

        Path repos = Files.createDirectories(tmp.resolve("git"));
        commit = standInSourceTree(repos.resolve("odoo"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gitDaemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1",
                "--port=" + port, "--base-path=" + repos, repos.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("git-daemon.log").toFile()).start();
        repositoryUrl = "git://127.0.0.1:" + port + "/odoo";
        RealEngine.await("git daemon serves " + repositoryUrl, Duration.ofSeconds(20),
                () -> Cmd.run(List.of("git", "ls-remote", repositoryUrl, "17.0"), Map.of(), null, Duration.ofSeconds(10))
                        .out().startsWith(commit));

        Path context = tmp.resolve("docker");
        copyTree(RealEngine.REPO.resolve("docker"), context);
        for (String f : List.of("pyproject.toml", "uv.lock")) {
            Files.copy(RealEngine.REPO.resolve("src/test/resources/e2e/odoo-python/six-1.16.0").resolve(f),
                    context.resolve("odoo/python").resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        // a comment of this run's own, so that BuildKit's cache cannot answer the uv step from an earlier run
        Files.writeString(context.resolve("odoo/python/pyproject.toml"), "# OdooSourceBuildTest run " + System.nanoTime()
                + "\n", java.nio.file.StandardOpenOption.APPEND);
        Map<String, String> env = RealEngine.env();
        env.put("DOCKER_CONFIG", CACHE.resolve("docker-config").toString());
        env.put("DOCKER_BUILDKIT", null); // buildx builds with BuildKit whatever it says; not inherited either
        // the build arguments the settings give in source mode (OdooImage.args), with the local repository
        build = Cmd.run(List.of("docker", "buildx", "build", "--progress=plain", "--load", "--target", "build",
                        "--file", context.resolve("odoo/source/Dockerfile").toString(),
                        "--build-arg", "BUILDKIT_SYNTAX=" + FRONTEND,
                        "--build-arg", "PYTHON_VERSION=3.11",
                        "--build-arg", "ODOO_REPOSITORY=" + repositoryUrl,
                        "--build-arg", "ODOO_BRANCH=17.0",
                        "--build-arg", "UV_DEV=0",
                        "--tag", IMAGE, context.resolve("odoo").toString()),
                env, null, Duration.ofMinutes(20));
        System.out.println(build.err().lines().filter(l -> l.matches("#\\d+ DONE .*|#\\d+ \\[.*")).toList());
    }

    @AfterAll
    static void cleanUp() {
        if (gitDaemon != null) {
            gitDaemon.destroy();
        }
        docker("rmi", IMAGE);
    }

    @Test
    void theBuildStageBuildsTheBranchOfTheLocalRepositoryWithBuildKit() {
        assertEquals(0, build.exit(), () -> "docker buildx build --target build failed:\n" + build.err());
        assertAll(
                () -> assertEquals(commit, run("cat", "/opt/odoo/COMMIT"), "ADD <git ref> fetched the branch's commit"),
                () -> assertEquals(repositoryUrl + "#17.0", run("cat", "/opt/odoo/SOURCE")),
                () -> assertEquals("no .git", run("sh", "-c", "test -e /opt/odoo/src/.git && echo .git || echo no .git")),
                () -> assertTrue(run("cat", "/opt/odoo/src/README.md").startsWith("STAND-IN")));
    }

    @Test
    void odoosRequirementsAndTheOfficialImagesExtrasAreInTheVenvOnTheStandInPython() {
        assertEquals(0, build.exit(), build.err());
        String out = run("/opt/odoo/venv/bin/python3", "-c", "import sys, polib, phonenumbers, odoo.release; "
                + "print(sys.version.split()[0][:4], polib.__version__, odoo.release.version)");
        assertEquals("3.11 1.2.0 17.0", out, "polib from the stand-in's requirements.txt, the tree on sys.path");
    }

    @Test
    void odoosOwnAddonsAreFoundThroughOdooAddonsWhateverTheAddonsPath() {
        assertEquals(0, build.exit(), build.err());
        String out = run("/opt/odoo/venv/bin/python3", "-c",
                "import odoo.addons.stand_in_base as m; print(list(m.__path__)[0])");
        // site-packages/odoo/addons is the Dockerfile's link to /opt/odoo/src/addons
        assertTrue(out.endsWith("/site-packages/odoo/addons/stand_in_base"), out);
    }

    @Test
    void theLockIsInstalledFromPyPIIntoItsOwnDirectory() {
        assertEquals(0, build.exit(), build.err());
        String out = run("sh", "-c", "PYTHONPATH=/opt/odoo-stack/site-packages /opt/odoo/venv/bin/python3 -c "
                + "'import six; print(six.__version__, six.__file__)'");
        assertEquals("1.16.0 /opt/odoo-stack/site-packages/six.py", out);
        assertTrue(build.err().contains("install-python-deps: installing 1 locked package(s) for Python 3.11"), build.err());
    }

    static String run(String... command) {
        List<String> c = new ArrayList<>(List.of("run", "--rm", "--entrypoint", command[0], IMAGE));
        c.addAll(List.of(command).subList(1, command.length));
        return dockerOk(c.toArray(String[]::new));
    }

    /** A STAND-IN for Odoo's source tree on branch 17.0: the layout the Dockerfile relies on, nothing of Odoo. */
    static String standInSourceTree(Path repo) throws IOException {
        Files.createDirectories(repo.resolve("odoo/addons"));
        Files.createDirectories(repo.resolve("addons/stand_in_base"));
        Files.writeString(repo.resolve("README.md"), "STAND-IN for an Odoo source tree (odoo-stack OdooSourceBuildTest): NOT Odoo.\n");
        Files.writeString(repo.resolve("requirements.txt"), "polib==1.2.0\n");
        Files.writeString(repo.resolve("odoo-bin"), "#!/usr/bin/env python3\n\"\"\"STAND-IN for odoo-bin: NOT Odoo.\"\"\"\n"
                + "import odoo.release\nprint('odoo-bin stand-in', odoo.release.version)\n");
        repo.resolve("odoo-bin").toFile().setExecutable(true);
        // as Odoo's own odoo/__init__.py does (17.0, 18.0): odoo extends its path over every odoo/ on sys.path, so
        // that odoo.addons can too; the Dockerfile's link site-packages/odoo/addons relies on it
        Files.writeString(repo.resolve("odoo/__init__.py"), "\"\"\"STAND-IN for the odoo package: NOT Odoo.\"\"\"\n"
                + "import os.path, pkgutil\n__path__ = [os.path.abspath(p) for p in pkgutil.extend_path(__path__, __name__)]\n");
        Files.writeString(repo.resolve("odoo/release.py"), "version_info = (17, 0, 0, 'final', 0, '')\nversion = '17.0'\n");
        // as in Odoo: odoo.addons extends its path over every odoo/addons on sys.path
        Files.writeString(repo.resolve("odoo/addons/__init__.py"), "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n");
        Files.writeString(repo.resolve("addons/stand_in_base/__manifest__.py"), "{'name': 'stand_in_base', 'version': '17.0.1.0.0'}\n");
        git(repo, "init", "--quiet", "--initial-branch=17.0");
        git(repo, "add", "--all");
        git(repo, "commit", "--quiet", "--message", "stand-in source tree");
        return git(repo, "rev-parse", "HEAD");
    }

    static String git(Path dir, String... args) {
        List<String> c = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"));
        c.addAll(List.of(args));
        return Cmd.run(c, Map.of(), null, Duration.ofMinutes(1)).orThrow().out().strip();
    }

    static void copyTree(Path from, Path to) throws IOException {
        OdooImageBuildTest.copyTree(from, to);
    }
}
