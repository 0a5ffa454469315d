package dev.odoostack.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every Pulumi command of bin/odoo-stack runs with: the project, the local file backend in the state home
 * (unless PULUMI_BACKEND_URL names another), and the passphrase file (generated once, unless the operator gives
 * one). Paths only: no passphrase in a variable or on a command line.
 *
 * @param environment the environment the CLI runs with
 * @param programEnvironment the environment the program sees (the operator's, for DOCKER_HOST)
 */
public record PulumiSetup(Path project, Path home, Map<String, String> environment, Map<String, String> programEnvironment) {
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** The state directory and passphrase file, its owner's alone, before any Pulumi command. */
    public static PulumiSetup of(Path project, Path home, Map<String, String> vars, PrintLine notice) {
        Map<String, String> env = new HashMap<>(vars);
        try {
            ownersAlone(home);
            ownersAlone(home.resolve("state"));
            // metadata=skip: no .attrs file beside each state file
            if (blank(env.get("PULUMI_BACKEND_URL"))) {
                env.put("PULUMI_BACKEND_URL", "file://" + home.resolve("state") + "?metadata=skip");
            }
            if (blank(vars.get("PULUMI_CONFIG_PASSPHRASE")) && blank(vars.get("PULUMI_CONFIG_PASSPHRASE_FILE"))) {
                Path passphrase = home.resolve("passphrase");
                if (!Files.exists(passphrase)) {
                    salted(project).ifPresent(file -> {
                        throw new Failure(file + " holds secrets encrypted with a passphrase this checkout does not have (no "
                                + passphrase + ", PULUMI_CONFIG_PASSPHRASE[_FILE] unset): get it from whoever set the stack"
                                + " up (docs/operations.md#team-use), then export PULUMI_CONFIG_PASSPHRASE_FILE=/path/to/that/passphrase");
                    });
                    Files.createFile(passphrase, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(passphrase, randomSecret());
                    notice.line("odoo-stack: generated the secrets passphrase in " + passphrase + "; keep a copy, it decrypts the stack's secrets");
                }
                env.put("PULUMI_CONFIG_PASSPHRASE_FILE", passphrase.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.putIfAbsent("PULUMI_SKIP_UPDATE_CHECK", "true");
        return new PulumiSetup(project, home, Map.copyOf(env), Map.copyOf(vars));
    }

    /**
     * The same, for a one-off action (restore, rebuild): ODOO_STACK_ACTION in the CLI's environment, which the
     * providers it starts inherit, so the restore's command sees it was asked for (model.CommandSpec.ACTION). Not the
     * program's input: the command runs in the provider, a child of the CLI, not in this JVM.
     */
    public PulumiSetup withAction(String action) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(dev.odoostack.model.CommandSpec.ACTION, action);
        return new PulumiSetup(project, home, Map.copyOf(env), programEnvironment);
    }

    /** Where a notice goes (stderr). */
    public interface PrintLine {
        void line(String s);
    }

    /** 32 letters and digits from the platform's strong random source: no quoting trouble anywhere. */
    public static String randomSecret() {
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        while (b.length() < 32) {
            b.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
        }
        return b.toString();
    }

    static void ownersAlone(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A stack file with secrets set up under another passphrase (a team's): a new one would not decrypt them. */
    private static java.util.Optional<String> salted(Path project) throws IOException {
        try (Stream<Path> files = Files.list(project)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("Pulumi\\..+\\.yaml")).sorted().toList()) {
                if (Files.readAllLines(f).stream().anyMatch(l -> l.startsWith("encryptionsalt:"))) {
                    return java.util.Optional.of(f.getFileName().toString());
                }
            }
        }
        return java.util.Optional.empty();
    }
}
