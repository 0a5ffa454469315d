package dev.odoostack.commands;

import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.config.DockerEndpoint;
import dev.odoostack.config.Settings;
import dev.odoostack.cutover.FilestoreSync;
import dev.odoostack.cutover.Rehearsal;
import dev.odoostack.cutover.Verification;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.engine.Health;
import dev.odoostack.engine.Processes;
import dev.odoostack.engine.PulumiEngine;
import dev.odoostack.engine.PulumiSetup;
import dev.odoostack.engine.RunningStack;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.Names;
import dev.odoostack.model.NetworkSpec;
import dev.odoostack.model.StateLayout;
import dev.odoostack.restore.Restore;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cutover <stack> rehearse}: production copied, unneutralized, into a scratch stack derived from the production
 * stack ({@link Rehearsal#scratch}) on the same engine through the same program up declares, verified against the
 * legacy host, started, then removed whatever happened. Nothing of the production stack is written: the copy reads
 * its last sync's files only as rsync's --link-dest. Pulumi's and restore.sh's own output go to a log file, so each
 * phase is one line.
 */
final class CutoverRehearse {
    /** A full copy of a large production over a slow link takes hours; the limit is only there for a hung copy. */
    private static final Duration LIMIT = Duration.ofHours(24);

    enum Mode { RUN, KEEP, REMOVE }

    private final Env env;
    private final StackFacts facts;
    private final Settings scratch;
    private final Deployment deployment;
    private final Docker docker;
    private final Path dir;
    private final Path log;
    private final String name;

    private CutoverRehearse(StackFacts facts) {
        this.env = facts.env();
        this.facts = facts;
        // its own passwords, never production's: they live as long as the scratch stack, in this process only
        this.scratch = Rehearsal.scratch(facts.settings(), PulumiSetup.randomSecret(), PulumiSetup.randomSecret());
        this.deployment = DeploymentModel.of(scratch, env.project());
        this.docker = facts.docker();
        this.dir = env.home().resolve("cutover").resolve(facts.stack());
        this.log = dir.resolve("rehearsal.log");
        this.name = scratch.stack();
    }

    static int run(StackFacts facts, Settings.Cutover source, Mode mode) {
        CutoverRehearse r = new CutoverRehearse(facts);
        if (mode == Mode.REMOVE) {
            if (!r.removeOrSay(Instant.now())) {
                throw Failure.said(1);
            }
            r.env.out().println("rehearse: nothing of the scratch stack " + r.name + " is left");
            return 0;
        }
        r.refuseUnlessProductionIsUp();
        if (r.leftOver()) {
            r.env.out().println("rehearse: a scratch stack " + r.name + " is left from an earlier rehearsal (--keep, or interrupted): removing it first");
            if (!r.removeOrSay(Instant.now())) {
                throw Failure.said(1);
            }
        }
        return r.rehearse(source, mode == Mode.KEEP);
    }

    private void refuseUnlessProductionIsUp() {
        String stack = facts.stack();
        if (!facts.settings().production()) {
            throw new Failure(stack + " is not marked production; a rehearsal copies production onto it: pulumi config set production true --stack "
                    + stack + " && bin/odoo-stack up " + stack);
        }
        String odoo = facts.containerName("odoo");
        if (!docker.inspect(odoo, "{{.State.Running}}").orElse("").equals("true")) {
            throw new Failure("cannot rehearse: " + odoo + " does not run on " + env.engineForMessages() + ": bin/odoo-stack up " + stack
                    + ", then bin/odoo-stack cutover " + stack + " rehearse");
        }
        String engine = RunningStack.engine(docker, stack);
        if (!engine.equals("pulumi")) {
            throw new Failure("cannot rehearse: " + stack + " runs on the " + engine + " engine, and the rehearsal deploys its scratch stack on"
                    + " the Pulumi engine only: bin/odoo-stack move-engine " + stack + " --to pulumi, then bin/odoo-stack cutover " + stack + " rehearse");
        }
    }

    /** Anything of the scratch stack: a container, its proxy network, its state directory, its Pulumi stack file. */
    private boolean leftOver() {
        var containers = docker.run("ps", "-a", "-q", "--filter", "label=odoo-stack.stack=" + name);
        return !containers.text().isEmpty() || docker.run("network", "inspect", Rehearsal.proxyNetwork(facts.stack())).ok()
                || Files.exists(Path.of(scratch.stateDir())) || Files.exists(stackFile());
    }

    private Path stackFile() {
        return env.project().resolve("Pulumi." + name + ".yaml");
    }

    private int rehearse(Settings.Cutover source, boolean keep) {
        String stack = facts.stack();
        Map<String, Double> phases = new LinkedHashMap<>();
        Instant start = Instant.now();
        Failure failed = null;
        Verification.Report report = null;
        long dbBytes = 0;
        long files = 0;
        try (PrintStream out = logFile()) {
            out.println("# bin/odoo-stack cutover " + stack + " rehearse at " + start);
            timed(phases, "deploy", () -> {
                deploy(out);
                return name + ": " + deployment.services().stream().mapToLong(x -> x.containers().size()).sum()
                        + " containers, on internal networks only, no published port";
            });
            timed(phases, "copy", () -> copy(source, out));
            String postgres = deployment.outputs().containers().get("postgres");
            String odoo = deployment.outputs().containers().get("odoo");
            String db = scratch.odoo().dbName();
            String filestore = scratch.odoo().flavour().dataDir + "/" + Restore.FILESTORE_SUBDIR + "/" + db;
            CutoverVerify.Side copy = CutoverVerify.inStack(docker, postgres, odoo, db, filestore);
            Verification.Report[] verified = new Verification.Report[1];
            timed(phases, "verify", () -> {
                verified[0] = CutoverVerify.run(new LegacyProbe(source, env.vars()).side(), copy, changedSinceSync(),
                        dir.resolve("rehearsal-verification"), env.out());
                return verified[0].ok() ? "the copy against " + source.upstream() + " " + source.upstreamDb() + ": equal"
                        : "the copy against " + source.upstream() + " " + source.upstreamDb() + ", live during the rehearsal: differences (above)";
            });
            report = verified[0];
            dbBytes = Long.parseLong(copy.sql().apply("SELECT pg_database_size(current_database());").strip());
            files = Long.parseLong(copy.shell().run("find '" + filestore + "' -type f | wc -l", "").strip());
            timed(phases, "start", () -> {
                must(docker.run("restart", odoo), "restart " + odoo);
                Health.waitHealthy(docker, List.of(odoo), Health.limit(env.vars()), "docker logs " + odoo, out);
                return odoo + " healthy on the copy";
            });
        } catch (Failure f) {
            failed = f;
        } catch (IOException e) {
            failed = new Failure("cannot write " + log + ": " + e.getMessage());
        }
        if (keep && failed == null) {
            env.out().println("rehearse kept    " + name + " stays up for inspection (docker ps --filter label=odoo-stack.stack=" + name
                    + "); bin/odoo-stack cutover " + stack + " rehearse --remove removes it, as does the next rehearsal");
        } else if (!removeOrSay(phases)) {
            failed = failed != null ? failed : Failure.said(1);
        }
        if (phases.keySet().containsAll(Rehearsal.WINDOW_PHASES)) {
            Path record = dir.resolve("rehearsal");
            write(record, Rehearsal.format(new Rehearsal.Record(start, phases, dbBytes, files, report != null && report.ok())));
            env.out().println("rehearse record: " + record + " (bin/odoo-stack cutover " + stack + " check estimates the freeze window from it)");
        }
        if (failed != null) {
            throw failed;
        }
        if (report == null || !report.ok()) {
            // production stays live during a rehearsal: rows written after the dump differ too, so a difference may be
            // production's own writes; the final copy verifies as of the freeze, where none is allowed
            throw new Failure("rehearsal of " + stack + ": the verification found differences (report: " + dir.resolve("rehearsal-verification")
                    + "); the legacy database was live, so rows written after the dump show as differences too: read the report, then bin/odoo-stack cutover "
                    + stack + " rehearse again");
        }
        env.out().println("rehearsal of " + stack + " done: the copy verified (" + source.upstreamDb() + " was live: its counts are as of the verification)"
                + " and started healthy in " + name + (keep ? ", kept up; " : ", now removed; ") + window(phases));
        return 0;
    }

    private static String window(Map<String, Double> phases) {
        return String.format(java.util.Locale.ROOT, "freeze window about %.0f s",
                new Rehearsal.Record(Instant.EPOCH, phases, 0, 0, true).freezeWindowSeconds());
    }

    private interface Phase {
        String run();
    }

    private void timed(Map<String, Double> phases, String phase, Phase p) {
        long t0 = System.nanoTime();
        String what = p.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        phases.put(phase, seconds);
        env.out().println(Rehearsal.phaseLine(phase, what, seconds));
    }

    /** The scratch stack's proxy network, internal, then the stack through the program up runs, with these settings. */
    private void deploy(PrintStream out) {
        String network = Rehearsal.proxyNetwork(facts.stack());
        // sealed as a non-production stack's networks are: internal, and no address of the host on its bridge
        List<String> create = new ArrayList<>(List.of("network", "create", "--internal", "--label", "odoo-stack.stack=" + name));
        new NetworkSpec(Names.PROXY_NETWORK, network, true, true).driverOptions().forEach((k, v) -> create.addAll(List.of("-o", k + "=" + v)));
        create.add(network);
        must(docker.run(create.toArray(String[]::new)), "create the internal network " + network);
        try (PulumiEngine engine = open(out)) {
            engine.up(PulumiEngine.Options.parse("up", name, List.of("--yes", "--skip-preview")));
        } catch (Failure f) {
            throw new Failure("rehearse: the scratch stack " + name + " did not come up (" + f.getMessage() + "; Pulumi's output: " + log + ")");
        } catch (Exception e) {
            throw new Failure("rehearse: the scratch stack " + name + " did not come up: " + e.getMessage());
        }
    }

    private PulumiEngine open(PrintStream out) {
        PulumiSetup setup = PulumiSetup.of(env.project(), env.home(), env.vars(), env.err()::println);
        return PulumiEngine.open(scratch, setup, out, out);
    }

    /** restore.sh into the scratch stack, unneutralized, its files hard-linked to the last sync's where it can. */
    private String copy(Settings.Cutover source, PrintStream out) {
        Path cache = dir.resolve("rehearsal-cache");
        Map<String, String> vars = new HashMap<>(env.vars());
        vars.put("DOCKER_HOST", DockerEndpoint.of(scratch, env.vars()).url());
        // as final copies: production's data as production has it (not neutralized), dumped as cutoverPsql reads
        vars.putAll(DeploymentModel.cutoverEnvironment(scratch, env.project(), source, ""));
        vars.remove("RESTORE_LINK_DEST"); // set below only where restore.sh can link to the last sync
        vars.put("RESTORE_CACHE_DIR", cache.toString());
        String files = linkDest(vars);
        List<String> c = List.of(env.project().resolve(Restore.SCRIPT).toString());
        Processes.Captured r = Processes.captured(c, vars, "", LIMIT);
        out.print(r.out());
        out.print(r.err());
        out.flush();
        deleteTree(cache);
        if (!r.ended() || r.exit() != 0) {
            String why = r.out().lines().filter(l -> l.startsWith("restore: ")).reduce((a, b) -> b).orElse("exit " + r.exit());
            throw new Failure("rehearse: the copy into " + name + " failed (" + why + "; restore.sh's output: " + log + ")");
        }
        String filestore = r.out().lines().filter(l -> l.startsWith("restore: fetch-filestore ")).findFirst()
                .map(l -> l.substring("restore: fetch-filestore ".length())).orElse("");
        return source.upstreamDb() + " from " + source.upstream() + " into " + name + ", unneutralized; filestore " + filestore + " (" + files + ")";
    }

    /** The last sync's copy as rsync's --link-dest, when restore.sh can link to it: the same file system, seen from here. */
    private String linkDest(Map<String, String> vars) {
        Settings prod = facts.settings();
        Optional<String> volume = facts.filestoreVolumeDir();
        if (prod.volumes() != Settings.VolumeMode.BIND && volume.isEmpty()) {
            return "copied from the legacy host: the last sync's copy is in a named volume this machine does not reach";
        }
        // in the filestore area's host directory, or in its named volume where the engine keeps it
        Path sync = Path.of(volume.orElse(StateLayout.of(prod).hostDir(StateLayout.Area.FILESTORE)), Restore.FILESTORE_SUBDIR,
                prod.odoo().dbName() + FilestoreSync.SUFFIX);
        if (!Files.isDirectory(sync)) {
            return "copied from the legacy host: no sync yet (bin/odoo-stack cutover " + facts.stack() + " sync)";
        }
        try {
            Object here = Files.getAttribute(sync, "unix:dev");
            Object there = Files.getAttribute(Path.of(scratch.stateDir()), "unix:dev");
            if (!here.equals(there)) {
                return "copied from the legacy host: the last sync's copy " + sync + " is on another file system than " + scratch.stateDir();
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "copied from the legacy host: the last sync's copy " + sync + " cannot be read here (" + e.getMessage() + ")";
        }
        vars.put("RESTORE_LINK_DEST", sync.toString());
        return "unchanged files hard-linked to the last sync's copy " + sync;
    }

    /** The files the last sync copied, which the verification checksums on both sides; none without a sync. */
    private List<String> changedSinceSync() {
        Path record = CutoverSync.record(env, facts.stack());
        try {
            return Files.exists(record) ? FilestoreSync.parseRecord(Files.readString(record)).changed() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean removeOrSay(Map<String, Double> phases) {
        long t0 = System.nanoTime();
        boolean ok = removeOrSay(Instant.now());
        if (ok) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            phases.put("remove", seconds);
            env.out().println(Rehearsal.phaseLine("remove", name + ": containers, networks, state directory and Pulumi stack", seconds));
        }
        return ok;
    }

    /**
     * Everything of the scratch stack, whatever state it was left in: its resources and Pulumi stack, its network, its
     * state directory (through a container: its files belong to PostgreSQL's and Odoo's users). False, after one line
     * with the command that finishes it, when something stays.
     */
    private boolean removeOrSay(Instant at) {
        List<String> left = new ArrayList<>();
        try (PrintStream out = logFile()) {
            out.println("# removing " + name + " at " + at);
            try (PulumiEngine engine = open(out)) {
                engine.destroy(PulumiEngine.Options.parse("destroy", name, List.of("--yes")));
                engine.removeStack();
            } catch (Exception e) {
                left.add("its Pulumi stack (" + e.getMessage() + ")");
            }
            // what Pulumi did not declare, or no longer knows of
            var containers = docker.run("ps", "-a", "-q", "--filter", "label=odoo-stack.stack=" + name);
            for (String id : containers.text().lines().filter(l -> !l.isBlank()).toList()) {
                docker.run("rm", "-f", id);
            }
            String network = Rehearsal.proxyNetwork(facts.stack());
            if (docker.run("network", "inspect", network).ok() && !docker.run("network", "rm", network).ok()) {
                left.add("the network " + network);
            }
            Path state = Path.of(scratch.stateDir());
            if (Files.exists(state)) {
                var rm = docker.run("run", "--rm", "--network", "none", "-v", state.getParent() + ":/state", "--entrypoint", "rm",
                        scratch.postgres().image(), "-rf", "--", "/state/" + state.getFileName());
                if (!rm.ok() || Files.exists(state)) {
                    left.add("its state directory " + state);
                }
            }
            Files.deleteIfExists(stackFile());
        } catch (IOException e) {
            left.add(e.getMessage());
        }
        if (!left.isEmpty()) {
            env.err().println("odoo-stack: the scratch stack " + name + " was not removed: " + String.join(", ", left)
                    + " stay; bin/odoo-stack cutover " + facts.stack() + " rehearse --remove finishes it (log: " + log + ")");
            return false;
        }
        return true;
    }

    private PrintStream logFile() throws IOException {
        Files.createDirectories(dir);
        return new PrintStream(new FileOutputStream(log.toFile(), true), true, StandardCharsets.UTF_8);
    }

    private void must(Docker.Result r, String what) {
        if (!r.ok()) {
            throw new Failure("rehearse: cannot " + what + " (" + r.err().strip().lines().reduce((a, b) -> b).orElse("exit " + r.exit()) + ")");
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Rehearsal.Record> lastRecord(Env env, String stack) {
        Path record = env.home().resolve("cutover").resolve(stack).resolve("rehearsal");
        try {
            return Files.exists(record) ? Rehearsal.parse(Files.readString(record)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
