package dev.odoostack.cli;

import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.Settings;
import dev.odoostack.odoo.Odoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the machine running the deployment writes itself under the state root: the addon checkouts. Docker creates
 * the containers' directories as root, but these are written by the operator's user, who may not own the default
 * {@code /var/lib/odoo-stack}: said in one line before anything runs, instead of a failing mkdir halfway.
 */
public final class LocalAccess {
    private LocalAccess() {
    }

    public static Optional<String> problem(Settings s) {
        return problem(s, Files::exists, Files::isWritable, System.getProperty("user.name"));
    }

    /** The same, with the file system's answers given (a test cannot be a non-root user on demand). */
    static Optional<String> problem(Settings s, java.util.function.Predicate<Path> exists,
                                    java.util.function.Predicate<Path> writable, String user) {
        if (s.odoo().addonRepositories().isEmpty()) {
            return Optional.empty();
        }
        Path target = Path.of(Odoo.addonsDir(s.stateDir()));
        Path existing = target;
        while (existing != null && !exists.test(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || writable.test(existing)) {
            return Optional.empty();
        }
        String root = s.stateDir().substring(0, s.stateDir().length() - s.stack().length() - 1);
        return Optional.of("odoo-stack:stateRoot " + root + ": " + existing + " is not writable by user " + user
                + ", and the addon checkouts go to " + target + ". Fix: sudo install -d -o " + user + " " + s.stateDir()
                + (existing.startsWith(target) ? " " + existing : "")
                + ", or a state root of your own: " + ConfigKeys.STATE_ROOT.setCommand(s.stack(), "~/odoo-stack"));
    }
}
