package dev.odoostack.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the legacy production host is reached, read the same way for a restore ({@code restore*}) and for a cutover
 * ({@code cutover*}): an SSH destination and port, the key directory on this machine, the database and its filestore.
 */
final class LegacyHostAccess {
    private static final Pattern SSH_DESTINATION = Pattern.compile(
            "(?:[a-z_][a-z0-9_.-]{0,31}@)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9a-fA-F:.]+\\])");

    /** One feature's keys for the same five facts, and what needs them (for the message of a missing one). */
    record Keys(ConfigKey upstream, ConfigKey sshPort, ConfigKey sshDir, ConfigKey db, ConfigKey filestore, String needs) {
    }

    private final RawSettings in;
    private final Keys keys;

    LegacyHostAccess(RawSettings in, Keys keys) {
        this.in = in;
        this.keys = keys;
    }

    /** The destination as given, stripped; empty when the feature is not declared. */
    Optional<String> upstream() {
        return in.text(keys.upstream()).map(String::strip);
    }

    /** Reports a destination ssh and rsync would not read as one host, with the settings that say it right. */
    void checkDestination(String destination) {
        ConfigKey upstream = keys.upstream();
        ConfigKey port = keys.sshPort();
        Matcher withPort = Pattern.compile("(.+):(\\d{1,5})").matcher(destination);
        Matcher url = Pattern.compile("(?i)ssh://([^/]+?)(?::(\\d{1,5}))?/?").matcher(destination);
        Matcher ipv6 = Pattern.compile("((?:[^@\\[]+@)?)([0-9a-fA-F]*:[0-9a-fA-F:.]*:[0-9a-fA-F.]*)").matcher(destination);
        if (url.matches() && SSH_DESTINATION.matcher(url.group(1)).matches()) {
            // ssh's URL form: the port has a setting of its own, and the scripts pass the destination to ssh and rsync
            in.add(new Problem(upstream.fullName(), '"' + destination + '"',
                    "must be host or user@host, not an ssh:// URL" + (url.group(2) == null ? "" : "; the port is the setting " + port.name()),
                    upstream.setCommand(in.stack, url.group(1))
                            + (url.group(2) == null ? "" : " && " + port.setCommand(in.stack, url.group(2)))));
        } else if (ipv6.matches()) {
            in.add(new Problem(upstream.fullName(), '"' + destination + '"',
                    "an IPv6 address goes in brackets, after the user: " + ipv6.group(1) + "[" + ipv6.group(2)
                            + "] (rsync reads user@host:path, and the colons of a bare address are ambiguous)",
                    upstream.setCommand(in.stack, ipv6.group(1) + "[" + ipv6.group(2) + "]")
                            + " (the port, if not 22, is " + port.name() + ")"));
        } else if (!destination.startsWith("-") && withPort.matches() && SSH_DESTINATION.matcher(withPort.group(1)).matches()) {
            // host:port is scp's habit, not ssh's: the port has a setting of its own
            in.add(new Problem(upstream.fullName(), '"' + destination + '"',
                    "must be host or user@host without a port; the SSH port is the setting " + port.name(),
                    upstream.setCommand(in.stack, withPort.group(1)) + " && " + port.setCommand(in.stack, withPort.group(2))));
        } else if (destination.startsWith("-") || !SSH_DESTINATION.matcher(destination).matches()) {
            in.bad(upstream, destination, "must be an SSH destination: host or user@host");
        }
    }

    int sshPort() {
        return in.integer(keys.sshPort(), 1, 65535);
    }

    String sshDir() {
        return path(required(keys.sshDir()), keys.sshDir());
    }

    String db() {
        String db = required(keys.db());
        if (db != null && !ValueChecks.DB_NAME.matcher(db).matches()) {
            in.bad(keys.db(), db, ValueChecks.DB_NAME_RULE);
        }
        return db;
    }

    String filestore() {
        return path(required(keys.filestore()), keys.filestore());
    }

    /** A one-line command run on the legacy host (pg_dump, psql), as configured. */
    String command(ConfigKey key) {
        String command = in.string(key);
        if (command.isEmpty() || command.contains("\n")) {
            in.bad(key, command, "must be a one-line command");
        }
        return command;
    }

    /** The path as given, after reporting why it is no usable path; null stays null. */
    String path(String value, ConfigKey key) {
        String why = value == null ? null : ValueChecks.pathProblem(value, ValueChecks.machine(key));
        if (why != null) {
            in.badPath(key, value, why, ValueChecks.machine(key).equals(ValueChecks.ON_PULUMI_MACHINE)
                    ? RawSettings.pulumiHome() : legacyHome());
        }
        return value;
    }

    /** The legacy host's home of the login user, as a guess for a '~' there (the fix says to check it). */
    private String legacyHome() {
        String upstream = upstream().orElse("");
        return upstream.contains("@") ? "/home/" + upstream.substring(upstream.lastIndexOf('/') + 1, upstream.indexOf('@')) : null;
    }

    private String required(ConfigKey key) {
        Optional<String> v = in.text(key).map(String::strip);
        if (v.isEmpty() || v.get().isEmpty()) {
            in.add(new Problem(key.fullName(), "(not set)", keys.needs() + " needs it (" + keys.upstream().name() + " is set)",
                    key.setCommand(in.stack, key.exampleFor(in.stack))));
            return null;
        }
        return v.get();
    }
}
