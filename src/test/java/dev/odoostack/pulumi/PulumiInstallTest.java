package dev.odoostack.pulumi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.odoostack.testing.Cmd;
import dev.odoostack.testing.PulumiCli;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/odoo-stack where no Pulumi CLI is installed: it offers the pinned release, verified by its sha256, and
 * says what to do when that fails. The official download cannot be reached from here, so the failures are
 * real ones (a refused connection, a file with another checksum) through the tests-only URL override.
 */
class PulumiInstallTest {

    @TempDir
    Path tmp;

    /** No pulumi on PATH (tools only from /usr/bin:/bin), this test's own ODOO_STACK_HOME. */
    private Map<String, String> withoutCli(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("ODOO_STACK_HOME", tmp.resolve("home").toString());
        env.put("ODOO_STACK_TEST_PULUMI_URL", url);
        env.put("ODOO_STACK_INSTALL_PULUMI", null);
        return env;
    }

    private static Cmd.Result odooStack(Map<String, String> env, String... args) {
        List<String> c = new java.util.ArrayList<>(List.of("bin/odoo-stack"));
        c.addAll(List.of(args));
        return Cmd.run(c, env, null, Duration.ofSeconds(60));
    }

    private Path tools() {
        return tmp.resolve("home/tools/pulumi-" + PulumiCli.pinnedVersion());
    }

    private void assertNothingInstalled() throws Exception {
        assertFalse(Files.exists(tools()), "nothing in " + tools());
        assertFalse(Files.exists(Path.of(tools() + ".part")), "no half-installed " + tools() + ".part");
    }

    @Test
    void offlineTheInstallSaysWhatToDoInOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: the connection is refused, as offline
        }
        Map<String, String> env = withoutCli("http://127.0.0.1:" + port + "/pulumi.tar.gz");
        env.put("ODOO_STACK_INSTALL_PULUMI", "yes");
        Cmd.Result r = odooStack(env, "up", "opw");
        assertEquals(1, r.exit(), r.err());
        String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.startsWith("odoo-stack: could not download Pulumi " + PulumiCli.pinnedVersion()), last);
        assertTrue(last.contains("nothing was installed") && last.contains("https://www.pulumi.com/docs/install/")
                && last.contains("docs/testing.md#the-pulumi-cli"), last);
        assertNothingInstalled();
    }

    @Test
    void aDownloadWithAnotherChecksumIsNotInstalled() throws Exception {
        // a well-formed tarball, just not the published one
        Path wrong = tmp.resolve("wrong/pulumi");
        Files.createDirectories(wrong);
        Files.writeString(wrong.resolve("pulumi"), "#!/bin/sh\necho not pulumi\n");
        wrong.resolve("pulumi").toFile().setExecutable(true);
        Cmd.run(List.of("tar", "-czf", tmp.resolve("wrong.tar.gz").toString(), "-C", tmp.resolve("wrong").toString(), "pulumi"),
                Map.of(), null, Duration.ofSeconds(30)).orThrow();
        Cmd.Result r = odooStack(withoutCli("file://" + tmp.resolve("wrong.tar.gz")), "install-pulumi");
        assertEquals(1, r.exit(), r.err());
        String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.contains("has sha256 ") && last.contains("not the ") && last.contains("nothing was installed"), last);
        assertNothingInstalled();
    }

    @Test
    void withoutATerminalOrConsentNothingIsInstalled() throws Exception {
        Cmd.Result r = odooStack(withoutCli("file:///nonexistent"), "up", "opw");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("Pulumi CLI is not installed") && r.err().contains("bin/odoo-stack install-pulumi"), r.err());
        assertFalse(r.err().contains("downloading"), r.err());
        assertNothingInstalled();
    }

    @Test
    void aCliAlreadyInTheToolDirectoryIsUsed() throws Exception {
        Path cli = PulumiCli.find().orElse(null);
        Assumptions.assumeTrue(cli != null, PulumiCli.ABSENT);
        Files.createDirectories(tools());
        Files.copy(cli, tools().resolve("pulumi"));
        Map<String, String> env = withoutCli("file:///nonexistent");
        Cmd.Result again = odooStack(env, "install-pulumi").orThrow();
        assertTrue(again.err().contains("already in " + tools()), again.err());
        // the raw pulumi of the docs, after eval "$(bin/odoo-stack env)"
        env.put("PULUMI_HOME", tmp.resolve("pulumi-home").toString());
        env.put("PULUMI_SKIP_UPDATE_CHECK", "true");
        Cmd.Result version = Cmd.run(List.of("bash", "-c", "eval \"$(bin/odoo-stack env)\" && command -v pulumi && pulumi version"),
                env, null, Duration.ofSeconds(60)).orThrow();
        assertTrue(version.out().startsWith(tools().resolve("pulumi") + "\n"), version.out());
        String own = Cmd.run(List.of(cli.toString(), "version"), env, null, Duration.ofSeconds(60)).orThrow().out();
        assertEquals(tools().resolve("pulumi") + "\n" + own, version.out(), "the CLI in the tool directory ran");
    }
}
