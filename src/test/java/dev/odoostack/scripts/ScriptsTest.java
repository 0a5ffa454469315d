package dev.odoostack.scripts;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The shell scripts: shellcheck-clean, each answers --help, and the README opens with the two set-up commands. */
class ScriptsTest {

    static List<Path> scripts() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("bin", ".ci", "bench", "docker", "src/test/fixtures")) {
            if (!Files.isDirectory(Path.of(dir))) {
                continue;
            }
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                files.filter(Files::isRegularFile).filter(ScriptsTest::isShell)
                        // rendered copies of the container start script, which StartScriptTest runs
                        .filter(p -> !p.startsWith(Path.of("docker/config/coolify")))
                        .sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** Entrypoints of the test images: checked by shellcheck, but run by the images, not by hand (no --help). */
    static List<Path> standInScripts() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/images"))) {
            return files.filter(Files::isRegularFile).filter(ScriptsTest::isShell).sorted().toList();
        }
    }

    static boolean isShell(Path p) {
        try {
            String head = new String(Files.readAllBytes(p), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            return head.startsWith("#!") && head.matches(".*\\b(ba)?sh\\b.*");
        } catch (IOException e) {
            return false;
        }
    }

    static String exec(List<String> command) throws Exception {
        var r = dev.odoostack.testing.Cmd.run(command, Map.of(), null, java.time.Duration.ofMinutes(5));
        return r.exit() + "\n" + r.text();
    }

    @Test
    void everyScriptIsShellcheckClean() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/shellcheck")), "shellcheck is not installed (bin/test installs it)");
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "-x", "-S", "style"));
        scripts().forEach(p -> cmd.add(p.toString()));
        standInScripts().forEach(p -> cmd.add(p.toString()));
        String result = exec(cmd);
        assertTrue(result.startsWith("0\n"), result);
    }

    @Test
    void everyScriptStrictAndAnswersHelp() throws Exception {
        for (Path p : scripts()) {
            String text = Files.readString(p);
            assertTrue(text.contains("set -euo pipefail"), p + " must run with set -euo pipefail");
            if (p.toString().contains("/lib/")) {
                continue; // sourced helpers, not run by hand
            }
            String result = exec(List.of(p.toString(), "--help"));
            assertTrue(result.startsWith("0\n") && result.toLowerCase().contains("usage"), p + " --help: " + result);
        }
    }

    @Test
    void readmeOpensWithTheTwoSetUpCommands() throws Exception {
        List<String> commands = Files.readString(Path.of("README.md")).lines()
                .filter(l -> l.startsWith("bin/")).limit(2).toList();
        assertEquals(2, commands.size());
        assertTrue(commands.get(0).matches("bin/(real-engine run )?bin/odoo-stack up .*|bin/odoo-stack up .*"), commands.get(0));
        assertTrue(commands.get(1).startsWith("bin/test"), commands.get(1));
        assertTrue(Files.readString(Path.of(".ci/run")).contains("bin/test"), ".ci/run must run the README's test command");
    }

    @Test
    void upWithoutThePulumiCliPointsToThePlan() throws Exception {
        Assumptions.assumeFalse(exec(List.of("sh", "-c", "command -v pulumi")).startsWith("0\n"), "the Pulumi CLI is installed here");
        String result = exec(List.of("bin/odoo-stack", "up", "opw"));
        assertTrue(result.startsWith("3\n"), result);
        assertTrue(result.contains("Pulumi CLI is not installed") && result.contains("bin/odoo-stack plan opw"), result);
    }

    @Test
    void pulumiStateAndPassphraseAreTheirOwnersAlone(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        // what every command runs before Pulumi, on a home that does not exist yet
        dev.odoostack.engine.PulumiSetup.of(Path.of("").toAbsolutePath(), home, Map.of(), line -> { });
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("state"))));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("passphrase"))));
    }
}
