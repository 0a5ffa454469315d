package dev.odoostack.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.odoostack.config.ConfigKeys.*;

/** The restore from production: declared when restoreUpstream is set, and only where it cannot hurt. */
final class RestoreParser {
    private static final Pattern SSH_DESTINATION = Pattern.compile(
            "(?:[a-z_][a-z0-9_.-]{0,31}@)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9a-fA-F:.]+\\])");
    static final List<ConfigKey> RESTORE_KEYS = List.of(RESTORE_SSH_PORT, RESTORE_SSH_DIR,
            RESTORE_UPSTREAM_DB, RESTORE_UPSTREAM_FILESTORE, RESTORE_PG_DUMP, RESTORE_JOBS, RESTORE_GENERATION,
            RESTORE_ON_FIRST_UP, RESTORE_CACHE_DIR);

    private final RawSettings in;

    RestoreParser(RawSettings in) {
        this.in = in;
    }

    Optional<Settings.Restore> parse(boolean production, Settings.VolumeMode volumes, Optional<String> dockerHost) {
        Optional<String> upstream = in.text(RESTORE_UPSTREAM).map(String::strip);
        if (upstream.isEmpty()) {
            in.notApplicable(RESTORE_KEYS, "is a restore setting, but restoreUpstream is not set, so no restore is declared",
                    k -> "pulumi config rm " + k.name() + " --stack " + in.stack
                            + " (or declare the restore: restoreUpstream, restoreSshDir, restoreUpstreamDb and restoreUpstreamFilestore, docs/restore.md)");
            return Optional.empty();
        }
        String destination = upstream.get();
        refusedHere(destination, production, volumes, dockerHost);
        java.util.regex.Matcher withPort = java.util.regex.Pattern.compile("(.+):(\\d{1,5})").matcher(destination);
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("(?i)ssh://([^/]+?)(?::(\\d{1,5}))?/?").matcher(destination);
        java.util.regex.Matcher ipv6 = java.util.regex.Pattern.compile("((?:[^@\\[]+@)?)([0-9a-fA-F]*:[0-9a-fA-F:.]*:[0-9a-fA-F.]*)").matcher(destination);
        if (url.matches() && SSH_DESTINATION.matcher(url.group(1)).matches()) {
            // ssh's URL form: the port has a setting of its own, and the script passes the destination to ssh and rsync
            in.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "must be host or user@host, not an ssh:// URL" + (url.group(2) == null ? "" : "; the port is the setting restoreSshPort"),
                    RESTORE_UPSTREAM.setCommand(in.stack, url.group(1))
                            + (url.group(2) == null ? "" : " && " + RESTORE_SSH_PORT.setCommand(in.stack, url.group(2)))));
        } else if (ipv6.matches()) {
            in.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "an IPv6 address goes in brackets, after the user: " + ipv6.group(1) + "[" + ipv6.group(2)
                            + "] (rsync reads user@host:path, and the colons of a bare address are ambiguous)",
                    RESTORE_UPSTREAM.setCommand(in.stack, ipv6.group(1) + "[" + ipv6.group(2) + "]")
                            + " (the port, if not 22, is restoreSshPort)"));
        } else if (!destination.startsWith("-") && withPort.matches() && SSH_DESTINATION.matcher(withPort.group(1)).matches()) {
            // host:port is scp's habit, not ssh's: the port has a setting of its own
            in.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "must be host or user@host without a port; the SSH port is the setting restoreSshPort",
                    RESTORE_UPSTREAM.setCommand(in.stack, withPort.group(1)) + " && "
                            + RESTORE_SSH_PORT.setCommand(in.stack, withPort.group(2))));
        } else if (destination.startsWith("-") || !SSH_DESTINATION.matcher(destination).matches()) {
            in.bad(RESTORE_UPSTREAM, destination, "must be an SSH destination: host or user@host");
        }
        String sshDir = path(required(RESTORE_SSH_DIR), RESTORE_SSH_DIR);
        String db = required(RESTORE_UPSTREAM_DB);
        if (db != null && !ValueChecks.DB_NAME.matcher(db).matches()) {
            in.bad(RESTORE_UPSTREAM_DB, db, ValueChecks.DB_NAME_RULE);
        }
        String filestore = path(required(RESTORE_UPSTREAM_FILESTORE), RESTORE_UPSTREAM_FILESTORE);
        String pgDump = in.string(RESTORE_PG_DUMP);
        if (pgDump.isEmpty() || pgDump.contains("\n")) {
            in.bad(RESTORE_PG_DUMP, pgDump, "must be a one-line command");
        }
        String cacheDir = path(in.stripped(RESTORE_CACHE_DIR), RESTORE_CACHE_DIR);
        return Optional.of(new Settings.Restore(destination, in.integer(RESTORE_SSH_PORT, 1, 65535), sshDir, db,
                filestore, pgDump, in.integer(RESTORE_JOBS, 0, 64), in.integer(RESTORE_GENERATION, 1, 1_000_000),
                in.bool(RESTORE_ON_FIRST_UP), cacheDir));
    }

    /** Stacks a restore would harm, or reach from the wrong machine. */
    private void refusedHere(String destination, boolean production, Settings.VolumeMode volumes, Optional<String> dockerHost) {
        if (production) {
            in.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "this stack is marked production (production = true); a restore would overwrite its live data",
                    "pulumi config rm restoreUpstream --stack " + in.stack + " (restore into a non-production stack instead)"));
        }
        if (volumes == Settings.VolumeMode.NAMED) {
            in.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "a restore swaps filestore directories on the host, which named volumes do not expose",
                    VOLUMES.setCommand(in.stack, Settings.VolumeMode.BIND.key())));
        }
        if (dockerHost.isPresent() && !dockerHost.get().startsWith("unix://")) {
            in.add(new Problem(RESTORE_UPSTREAM.fullName(), '"' + destination + '"',
                    "the restore writes the filestore on the machine running Pulumi, but this stack's Docker host is "
                            + dockerHost.get() + "; it would land on the wrong machine",
                    "run the restore on the Docker host itself (docs/restore.md, 'By hand'), or pulumi config rm restoreUpstream --stack " + in.stack));
        }
    }

    /** The path as given, after reporting why it is no usable path; null stays null. */
    private String path(String value, ConfigKey key) {
        String why = value == null ? null : ValueChecks.pathProblem(value, ValueChecks.machine(key));
        if (why != null) {
            in.badPath(key, value, why, ValueChecks.machine(key).equals(ValueChecks.ON_PULUMI_MACHINE)
                    ? RawSettings.pulumiHome() : legacyHome());
        }
        return value;
    }

    /** The legacy host's home of the restore's user, as a guess for a '~' there (the fix says to check it). */
    private String legacyHome() {
        String upstream = in.text(RESTORE_UPSTREAM).map(String::strip).orElse("");
        return upstream.contains("@") ? "/home/" + upstream.substring(upstream.lastIndexOf('/') + 1, upstream.indexOf('@')) : null;
    }

    private String required(ConfigKey key) {
        Optional<String> v = in.text(key).map(String::strip);
        if (v.isEmpty() || v.get().isEmpty()) {
            in.add(new Problem(key.fullName(), "(not set)", "a restore needs it (restoreUpstream is set)",
                    key.setCommand(in.stack, key.exampleFor(in.stack))));
            return null;
        }
        return v.get();
    }

    /**
     * On one host a restore stops one Odoo container for the swap: reported once both are known. A swarm's restore
     * scales every Odoo service to zero instead, so there any number of replicas restores.
     */
    void crossCheckReplicas(Optional<Settings.Restore> restore, Settings.Odoo odoo, Settings.DockerMode mode) {
        if (restore.isPresent() && odoo.replicas() > 1 && mode != Settings.DockerMode.SWARM) {
            in.add(new Problem(ODOO_REPLICAS.fullName(), String.valueOf(odoo.replicas()),
                    "a restore stops one Odoo container for the swap; other replicas would keep writing to the database being replaced",
                    ODOO_REPLICAS.setCommand(in.stack, "1") + " while the stack restores from production"));
        }
    }
}
