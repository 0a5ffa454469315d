package dev.odoostack.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Pulumi CLI, as bin/real-engine builds it from its Go module (ODOO_STACK_TEST_PULUMI, else its cache
 * path, else PATH). Beside it, bin/real-engine puts the providers and the stand-in language host, which up, preview
 * and destroy need (docs/testing.md, "The Pulumi engine").
 */
public final class PulumiCli {

    private PulumiCli() {
    }

    /** The version bin/odoo-stack pins (and bin/real-engine builds). */
    public static String pinnedVersion() {
        try {
            Matcher m = Pattern.compile("(?m)^PULUMI_VERSION=(\\S+)$").matcher(Files.readString(Path.of("bin/lib/pulumi-version")));
            if (!m.find()) {
                throw new IllegalStateException("bin/lib/pulumi-version pins no PULUMI_VERSION");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Optional<Path> find() {
        String given = System.getenv("ODOO_STACK_TEST_PULUMI");
        if (given != null && !given.isBlank() && Files.isExecutable(Path.of(given))) {
            return Optional.of(Path.of(given));
        }
        String cache = System.getenv().getOrDefault("ODOO_STACK_CACHE", "/var/cache/odoo-stack");
        Path built = Path.of(cache, "bin", "pulumi-" + pinnedVersion(), "pulumi");
        if (Files.isExecutable(built)) {
            return Optional.of(built);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pulumi"))) {
                return Optional.of(Path.of(dir, "pulumi"));
            }
        }
        return Optional.empty();
    }

    public static final String ABSENT = "no Pulumi CLI here: bin/real-engine prepare builds it (bin/test and CI run that first),"
            + " or set ODOO_STACK_TEST_PULUMI";

    /** An environment of its own: Pulumi's home, no update check, the given backend; no passphrase unless given. */
    public static Map<String, String> env(Path pulumiHome, String backendUrl, Path passphraseFile) {
        Map<String, String> env = new HashMap<>();
        env.put("PULUMI_HOME", pulumiHome.toString());
        env.put("PULUMI_SKIP_UPDATE_CHECK", "true");
        env.put("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "true");
        env.put("PULUMI_BACKEND_URL", backendUrl);
        env.put("PULUMI_CONFIG_PASSPHRASE", null);
        env.put("PULUMI_CONFIG_PASSPHRASE_FILE", passphraseFile == null ? null : passphraseFile.toString());
        return env;
    }

    public static Cmd.Result run(Path cli, Path cwd, Map<String, String> env, String stdin, String... args) {
        List<String> c = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", cwd.toString(), cli.toString()));
        c.addAll(List.of(args));
        return Cmd.run(c, env, stdin, Duration.ofSeconds(60));
    }
}
