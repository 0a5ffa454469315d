package dev.odoostack.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Pulumi CLI where none is on PATH: the pinned release (bin/lib/pulumi-version), installed into the tool
 * directory only when its sha256 is the published one, and offered, never installed silently.
 *
 * @param version the pinned release, e.g. v3.253.0
 * @param sha256  the published sha256 of its linux-x64 tarball
 * @param tools   where it goes: the state home's tools/pulumi-VERSION (the launcher puts that on PATH)
 */
public record PulumiInstall(String version, String sha256, Path tools) {
    /** The pin, one home for the launcher's Java, bin/real-engine and the tests. */
    public static final String PIN = "bin/lib/pulumi-version";

    private static final String BY_HAND = "nothing was installed: install Pulumi by hand (https://www.pulumi.com/docs/install/)"
            + " or build it from its Go module (docs/testing.md#the-pulumi-cli), put it on PATH, then run this again";

    /** The pin of the checkout {@code repo}, installed under the state home {@code home}. */
    public static PulumiInstall of(Path repo, Path home) {
        Map<String, String> pin = new HashMap<>();
        try {
            for (String line : Files.readAllLines(repo.resolve(PIN))) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    pin.put(line.substring(0, eq), line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = pin.get("PULUMI_VERSION");
        return new PulumiInstall(version, pin.get("PULUMI_SHA256"), home.resolve("tools").resolve("pulumi-" + version));
    }

    /** The release tarball; another URL from ODOO_STACK_TEST_PULUMI_URL, in tests only. */
    public String url(Map<String, String> vars) {
        String given = vars.get("ODOO_STACK_TEST_PULUMI_URL");
        return given != null && !given.isEmpty() ? given
                : "https://get.pulumi.com/releases/sdk/pulumi-" + version + "-linux-x64.tar.gz";
    }

    public boolean installed() {
        return Files.isExecutable(tools.resolve("pulumi"));
    }

    /**
     * The environment with a Pulumi CLI on PATH: the operator's own first, then the tool directory's; else the offer
     * to install it (ODOO_STACK_INSTALL_PULUMI answers it; on a terminal, the operator does). Declined: the lines
     * that say what to do instead, exit 3.
     */
    public Map<String, String> need(Map<String, String> vars, String stack, PrintStream err) {
        if (Tools.find(vars, "pulumi").isPresent()) {
            return vars;
        }
        if (!installed()) {
            String answer = vars.getOrDefault("ODOO_STACK_INSTALL_PULUMI", "");
            var console = System.console();
            if (answer.isEmpty() && console != null) {
                answer = console.readLine("odoo-stack: the Pulumi CLI is not installed. Install Pulumi %s (sha256-checked) into %s? [y/N] ",
                        version, tools);
            }
            if (!List.of("y", "Y", "yes").contains(answer == null ? "" : answer.strip())) {
                err.println("odoo-stack: the Pulumi CLI is not installed, so nothing can be deployed from this machine.");
                err.println("  Install it: https://www.pulumi.com/docs/install/ (then run this command again),");
                err.println("  or let odoo-stack install Pulumi " + version + " into " + tools + ": bin/odoo-stack install-pulumi");
                err.println("  Or deploy the same model with docker compose:  bin/odoo-stack up " + stack + " --engine compose");
                err.println("  Meanwhile, see everything this stack would declare, offline:  bin/odoo-stack plan " + stack);
                throw Failure.said(3);
            }
            install(vars, err);
        }
        Map<String, String> withTools = new HashMap<>(vars);
        withTools.put("PATH", tools + java.io.File.pathSeparator + vars.getOrDefault("PATH", ""));
        return Map.copyOf(withTools);
    }

    /** The release tarball into the tool directory, only when its sha256 is the pinned one; nothing half-installed. */
    public void install(Map<String, String> vars, PrintStream err) {
        String url = url(vars);
        Path part = Path.of(tools + ".part");
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("odoo-stack-pulumi");
            Path tarball = tmp.resolve("pulumi.tar.gz");
            err.println("odoo-stack: downloading Pulumi " + version + " from " + url + " ...");
            String sum;
            try {
                sum = download(url, tarball);
            } catch (IOException | IllegalArgumentException e) {
                throw new Failure("could not download Pulumi " + version + " from " + url + " (" + why(e) + "); " + BY_HAND);
            }
            if (!sum.equals(sha256)) {
                throw new Failure("the file at " + url + " has sha256 " + sum + ", not the " + sha256 + " published for Pulumi "
                        + version + "; " + BY_HAND);
            }
            delete(part);
            Files.createDirectories(part);
            int untar = Processes.attached(List.of("tar", "-xzf", tarball.toString(), "-C", part.toString(), "--strip-components=1"), vars);
            if (untar != 0 || !Files.isExecutable(part.resolve("pulumi"))) {
                delete(part);
                throw new Failure("the Pulumi " + version + " tarball holds no pulumi/pulumi; nothing was installed");
            }
            Files.move(part, tools);
            err.println("odoo-stack: installed Pulumi " + version + " into " + tools);
        } catch (IOException e) {
            throw new Failure("could not install Pulumi " + version + " into " + tools + " (" + why(e) + "); " + BY_HAND);
        } finally {
            if (tmp != null) {
                delete(tmp);
            }
        }
    }

    /** The file at {@code url} (https, or file: in tests) into {@code to}; its sha256 as it came. */
    private static String download(String url, Path to) throws IOException {
        URLConnection c = URI.create(url).toURL().openConnection();
        c.setConnectTimeout(15_000);
        c.setReadTimeout(600_000);
        try (InputStream in = c.getInputStream(); var out = Files.newOutputStream(to)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String why(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static void delete(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
