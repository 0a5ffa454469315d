package dev.odoostack.commands;

import dev.odoostack.config.Settings;
import dev.odoostack.cutover.FilestoreSync;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.model.StateLayout;
import dev.odoostack.restore.Restore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code cutover <stack> sync}: rsync in a one-off container on the stack's engine, of the backup container's image
 * (rsync and ssh), which mounts the stack's filestore area as the model declares it (directory or named volume) and
 * gets the key and host keys of cutoverSshDir copied in, so the engine may be another machine. The script and the
 * reading of rsync's statistics are {@link FilestoreSync}'s.
 */
final class CutoverSync {
    /** Where the one-off container mounts the filestore area, and where the key and host keys are copied. */
    private static final String AREA = "/odoo-stack/filestore";
    private static final String KEY = "/run/cutover-key";
    private static final String KNOWN_HOSTS = "/run/cutover-known_hosts";
    /** A full first copy over a slow link takes hours; the time limit is only there for a hung engine. */
    private static final Duration LIMIT = Duration.ofHours(24);

    private CutoverSync() {
    }

    static int run(StackFacts facts, Settings.Cutover source) {
        String name = facts.stack();
        Env env = facts.env();
        Docker docker = facts.docker();
        String odoo = facts.containerName("odoo");
        if (!docker.inspect(odoo, "{{.State.Running}}").orElse("").equals("true")) {
            throw new Failure("cannot sync: " + odoo + " does not run on " + env.engineForMessages()
                    + ": bin/odoo-stack up " + name + ", then bin/odoo-stack cutover " + name + " sync");
        }
        if (facts.settings().backup().isEmpty()) {
            throw new Failure("cannot sync: the sync runs rsync in the image of the backup container, and " + name
                    + " has no backups (a cutover needs them anyway): pulumi config set backup true --stack " + name
                    + " with a backupRepository (docs/backups.md), then bin/odoo-stack up " + name);
        }
        String backup = facts.containerName("backup");
        String image = docker.inspect(backup, "{{.Config.Image}}").orElseThrow(() -> new Failure("cannot sync: no container "
                + backup + " on " + env.engineForMessages() + ": bin/odoo-stack up " + name + ", then bin/odoo-stack cutover " + name + " sync"));
        String db = facts.outputs().database();
        String root = AREA + "/" + Restore.FILESTORE_SUBDIR;
        StateLayout state = StateLayout.of(facts.settings());
        String where = (state.bind() ? "" : "volume ") + state.engineSource(StateLayout.Area.FILESTORE) + (state.bind() ? "" : ":")
                + "/" + Restore.FILESTORE_SUBDIR + "/" + db + FilestoreSync.SUFFIX;
        String from = FilestoreSync.source(source.upstream(), source.upstreamFilestore());
        String ssh = LegacyProbe.sshOptions(source, Path.of(KEY), Path.of(KNOWN_HOSTS)).stream()
                .map(w -> "'" + w + "'").collect(Collectors.joining(" "));

        String container = name + "-cutover-sync";
        docker.run("rm", "-f", container); // an interrupted run's
        List<String> create = new ArrayList<>(List.of("create", "--name", container,
                // the engine's host reaches the legacy host as the stack's host does (the restore runs there)
                "--network", "host", "--user", "0:0",
                // root only to write into the filestore area and give files the filestore root's owner
                "--cap-drop", "ALL", "--cap-add", "CHOWN", "--cap-add", "DAC_OVERRIDE", "--cap-add", "FOWNER",
                "--security-opt", "no-new-privileges",
                "--mount", areaMount(facts, AREA),
                "--entrypoint", "sh", image, "-c", FilestoreSync.script(), "sh", root, db, from, ssh));
        try {
            must(docker.run(create.toArray(String[]::new)), "create the one-off container " + container + " of " + image, name);
            must(docker.run("cp", LegacyProbe.key(source).toString(), container + ":" + KEY), "copy the key of cutoverSshDir", name);
            must(docker.run("cp", Path.of(source.sshDir()).resolve("known_hosts").toString(), container + ":" + KNOWN_HOSTS),
                    "copy known_hosts of cutoverSshDir", name);
            long t0 = System.nanoTime();
            Docker.Result r = docker.run(List.of("start", "-a", container), null, LIMIT);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!r.ok()) {
                throw new Failure(failed(r, name, source, image, where));
            }
            FilestoreSync.Copied copied = FilestoreSync.parse(r.out());
            Path record = record(env, name);
            write(record, FilestoreSync.record(Instant.now(), seconds, from, where, copied));
            env.out().println(FilestoreSync.summary(copied, seconds));
            env.out().println("sync record: " + record + " (the copy: " + where + ")");
            return 0;
        } finally {
            docker.run("rm", "-f", container);
        }
    }

    /** docker's --mount of the stack's filestore area at {@code target}: its host directory, or its named volume. */
    static String areaMount(StackFacts facts, String target) {
        StateLayout state = StateLayout.of(facts.settings());
        return "type=" + (state.bind() ? "bind" : "volume") + ",source=" + state.engineSource(StateLayout.Area.FILESTORE) + ",target=" + target;
    }

    /** Where the last sync of a stack is recorded, on the machine that runs bin/odoo-stack. */
    static Path record(Env env, String stack) {
        return env.home().resolve("cutover").resolve(stack).resolve("sync");
    }

    private static void must(Docker.Result r, String what, String stack) {
        if (!r.ok()) {
            throw new Failure("cannot sync: cannot " + what + " (" + lastLine(r.err()) + "); nothing was copied: bin/odoo-stack cutover "
                    + stack + " sync again");
        }
    }

    /** The one line of a failed rsync: an image without rsync, the legacy host out of reach, or rsync's own error. */
    private static String failed(Docker.Result r, String stack, Settings.Cutover source, String image, String where) {
        String again = "bin/odoo-stack cutover " + stack + " sync";
        if (r.exit() == 127) {
            return "cannot sync: the backup image " + image + " has no rsync (built before the sync existed): bin/odoo-stack up "
                    + stack + " builds it again, then " + again;
        }
        String kept = where + " stays as the last sync left it";
        var ssh = FilestoreSync.unreachable(r.exit(), r.err());
        if (ssh.isPresent()) {
            return "cannot sync: the legacy host " + source.upstream() + " does not answer over SSH (" + ssh.get() + "); "
                    + kept + ": check the login by hand (" + new LegacyProbe(source, java.util.Map.of()).byHand() + "), then " + again;
        }
        return "cannot sync from " + source.upstream() + ":" + source.upstreamFilestore() + ": rsync exit " + r.exit() + " ("
                + lastLine(r.err()) + "); " + kept + ": " + again + " once that is fixed";
    }

    private static String lastLine(String text) {
        return text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).map(String::strip).orElse("no message");
    }

    /** Written whole or not at all: a record is read by the next step. */
    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
