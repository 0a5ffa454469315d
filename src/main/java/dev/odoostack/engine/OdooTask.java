package dev.odoostack.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code odoo ARGS} in a one-off container of the stack's own Odoo image, whichever engine deployed it, started as
 * the Odoo container is: its start script, which assembles odoo.conf from the settings and the password files (no
 * password on a command line or in {@code docker inspect}), its mounts (filestore, addons) and the database
 * network. The container goes however the task ends.
 */
public final class OdooTask {
    private OdooTask() {
    }

    /** The one-off container {@code <stack>-odoo-<name>} made from the running Odoo container, given its files, not started. */
    public static String create(Docker docker, String stack, String odoo, String postgres, String name, List<String> args) {
        String task = stack + "-odoo-" + name;
        String image = docker.inspect(odoo, "{{.Config.Image}}").orElseThrow(() -> new Failure("no container " + odoo
                + ": is the stack up? (bin/odoo-stack status " + stack + ")"));
        // the whole entrypoint: /bin/sh and the start script (Odoo.java), the first as --entrypoint, the rest as arguments
        List<String> entry = docker.inspect(odoo, "{{range .Config.Entrypoint}}{{println .}}{{end}}").orElse("").lines()
                .filter(l -> !l.isEmpty()).toList();
        String rc = docker.envOf(odoo, "ODOO_RC");
        if (rc.isEmpty() || entry.isEmpty()) {
            throw new Failure(odoo + " has no ODOO_RC: it was not deployed by odoo-stack (bin/odoo-stack up " + stack + ")");
        }
        Set<String> shared = new TreeSet<>(networks(docker, odoo));
        shared.retainAll(networks(docker, postgres));
        if (shared.isEmpty()) {
            throw new Failure(odoo + " and " + postgres + " share no network: bin/odoo-stack up " + stack + " repairs the stack");
        }
        docker.run("rm", "-f", task);
        List<String> c = new ArrayList<>(List.of("create", "-i", "--name", task, "--label", "odoo-stack.stack=" + stack,
                "--network", shared.iterator().next(), "--volumes-from", odoo, "--cap-drop", "ALL", "--security-opt",
                "no-new-privileges", "-e", "ODOO_RC=" + rc, "--entrypoint", entry.get(0), image));
        c.addAll(entry.subList(1, entry.size()));
        c.addAll(args);
        var made = docker.run(c, null, Duration.ofMinutes(2));
        if (!made.ok()) {
            throw new Failure("the one-off container " + task + " was not made: " + made.err().strip());
        }
        // the start script and the files it reads (Odoo.java: START_FILE, CONF_FILE, the password files): the
        // compose engine mounts them (--volumes-from brings them), Pulumi places them into the container (copied
        // here, from container to container through a pipe: never on this host's disk)
        List<String> mounted = docker.inspect(odoo, "{{range .Mounts}}{{println .Destination}}{{end}}").orElse("").lines().toList();
        for (String dir : List.of("/etc/odoo", "/run/secrets")) {
            if (mounted.stream().anyMatch(m -> m.startsWith(dir + "/"))) {
                continue;
            }
            if (!docker.pipe(List.of("cp", odoo + ":" + dir, "-"), List.of("cp", "-", task + ":" + Path.of(dir).getParent()))) {
                docker.run("rm", "-f", task);
                throw new Failure("the files of " + dir + " could not be copied from " + odoo + " into " + task);
            }
        }
        return task;
    }

    /**
     * Makes the task, runs it with {@code stdin} (none: empty) and its output appended to {@code log}, removes it;
     * its exit code.
     */
    public static int run(Docker docker, String stack, String odoo, String postgres, String name, List<String> args,
                          String stdin, Path log) {
        String task = create(docker, stack, odoo, postgres, name, args);
        try {
            var r = docker.run(List.of("start", "-ai", task), stdin == null ? "" : stdin, Duration.ofHours(4));
            Files.writeString(log, r.out() + r.err(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return r.exit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            docker.run("rm", "-f", task);
        }
    }

    private static List<String> networks(Docker docker, String container) {
        return docker.inspect(container, "{{range $k, $v := .NetworkSettings.Networks}}{{println $k}}{{end}}").orElse("")
                .lines().filter(l -> !l.isEmpty()).sorted().toList();
    }
}
