package dev.odoostack.commands;

import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.Settings;
import dev.odoostack.config.StackFile;
import dev.odoostack.cutover.Abort;
import dev.odoostack.cutover.FilestoreSync;
import dev.odoostack.cutover.FreezeProof;
import dev.odoostack.cutover.GoLive;
import dev.odoostack.cutover.Verification;
import dev.odoostack.cutover.WritesSince;
import dev.odoostack.engine.ComposeEngine;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.engine.Health;
import dev.odoostack.engine.PulumiEngine;
import dev.odoostack.engine.PulumiInstall;
import dev.odoostack.engine.RunningStack;
import dev.odoostack.model.StateLayout;
import dev.odoostack.restore.Restore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cutover <stack> final} (docs/cutover.md): once Odoo has stopped on the legacy host, the freeze proven, the
 * filestore's delta synced, production's database and files staged beside the live copy unneutralized
 * ({@code restore.sh --stage}), verified against the legacy host, noted as live and swapped in
 * ({@code restore.sh --swap-staged}), Odoo started healthy. Anything that fails before the swap leaves the stack as
 * it was; the legacy host is only ever read.
 */
final class CutoverFinal {
    private CutoverFinal() {
    }

    /** @param check the cutover's check, run first; true when every check passed (each printed its line) */
    static int run(StackFacts facts, Settings.Cutover source, LegacyProbe legacy, java.util.function.BooleanSupplier check) {
        String name = facts.stack();
        Env env = facts.env();
        Docker docker = facts.docker();
        String db = facts.outputs().database();
        String pg = DayTwo.need(facts, docker, facts.containerName("postgres"));
        String odoo = facts.containerName("odoo");
        GoLive.wentLive(note(docker, pg, db)).ifPresent(w -> {
            throw new Failure(GoLive.secondFinal(name, db, w));
        });
        Map<String, String> script = environment(facts, source, db);
        Path syncRecord = CutoverSync.record(env, name);
        if (!Files.exists(syncRecord)) {
            throw new Failure("final of " + name + " needs the legacy filestore synced ahead, so that the freeze moves only "
                    + "what changed since: bin/odoo-stack cutover " + name + " sync (while the legacy host is live), then "
                    + "bin/odoo-stack cutover " + name + " final");
        }
        if (!check.getAsBoolean()) {
            throw new Failure("final of " + name + " may not start: a check refused (its line says the fix); nothing was copied");
        }
        String again = "bin/odoo-stack cutover " + name + " final";
        CutoverFreeze.prove(new FreezeProof.Subject(source.upstreamDb(), source.upstream(), again), legacy.freezeSql(), env.out());
        Instant frozen = Instant.now();
        String legacyRestart = Abort.stillProduction(source.upstream());

        Map<String, Duration> phases = new LinkedHashMap<>();
        Instant t = Instant.now();
        CutoverSync.run(facts, source);
        List<String> changed = FilestoreSync.parseRecord(read(syncRecord)).changed();
        t = lap(phases, "filestore", t);

        if (RestoreScript.run(facts, List.of("--stage"), script) != 0) {
            throw new Failure("final of " + name + " stopped before the swap: the copy failed (restore.sh's line above); "
                    + name + " is untouched and " + legacyRestart + ", or fix the cause and run " + again, 1);
        }
        t = lap(phases, "database", t);

        String staged = db + "~restore";
        Path report = env.home().resolve("cutover").resolve(name).resolve("verification");
        Verification.Report verified = CutoverVerify.run(legacy.side(), CutoverVerify.inStack(docker, pg, odoo, staged,
                odooFilestoreRoot(facts) + "/" + staged), changed, report, env.out());
        if (!verified.ok()) {
            throw new Failure("final of " + name + " stopped before the swap: the copy differs from the legacy database (report: "
                    + report + "); " + name + " is untouched, the staged copy " + staged + " stays for a look (bin/odoo-stack cutover "
                    + name + " abort removes it); " + legacyRestart + ", or find the cause and run " + again);
        }
        t = lap(phases, "verification", t);

        Instant live = Instant.now();
        // noted before the swap, on the staged copy: the note moves with it, so no moment is live and unnoted
        String note = GoLive.note(source.upstream(), source.upstreamDb(), live);
        psql(docker, pg, "postgres", "COMMENT ON DATABASE \"" + staged + "\" IS '" + note.replace("'", "''") + "'",
                "note the copy as live; " + name + " is untouched: run " + again);
        if (RestoreScript.run(facts, List.of("--swap-staged"), script) != 0) {
            throw new Failure("final of " + name + ": the swap failed (restore.sh's line above says what it left); "
                    + "bin/odoo-stack status " + name + " shows which copy is live; bin/odoo-stack cutover " + name + " abort goes back", 1);
        }
        Health.waitHealthy(docker, List.of(odoo), Health.limit(env.vars()), "bin/odoo-stack logs " + name, env.err());
        lap(phases, "swap and start", t);
        GoLive.Phases window = new GoLive.Phases(phases);

        List<String> baselines = psql(docker, pg, db, WritesSince.BASELINE_SQL, "read the write counts of " + db).lines().toList();
        Path record = CutoverAbort.record(env, name);
        CutoverSync.write(record, GoLive.record(live, source.upstream(), source.upstreamDb(), window, baselines));
        env.out().println("final " + window.line());
        env.out().println("final: " + name + " is live from " + source.upstream() + ":" + source.upstreamDb() + " since "
                + live.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (noted on its database " + db + "; record: " + record
                + "); the frozen legacy database stays as it was, only read; " + frozen.until(Instant.now(), java.time.temporal.ChronoUnit.SECONDS)
                + " s from the freeze proven");
        showInOutputs(facts, Optional.of(new Settings.WentLive(source.upstream() + ":" + source.upstreamDb(), live)));
        return 0;
    }

    /**
     * The stack's outputs say whether it went live from the legacy host (wentLive): the stack file's
     * cutoverWentLive set (or, empty, removed), then an up that changes nothing but the outputs: on the Pulumi engine
     * targeted at the stack itself, so no container is touched whatever else the stack file says; on the compose
     * engine an up of the same project. Production is live (or back) by then: a failure here is one line with the
     * command that finishes it, not a failed step.
     */
    static void showInOutputs(StackFacts facts, Optional<Settings.WentLive> wentLive) {
        String name = facts.stack();
        Env env = facts.env();
        String value = wentLive.map(Settings.WentLive::text).orElse(null);
        String say = wentLive.map(w -> "outputs: wentLive " + w.text()).orElse("outputs: wentLive removed");
        try {
            StackFile.set(StackFile.path(env.project(), name), ConfigKeys.CUTOVER_WENT_LIVE, value);
            if (RunningStack.engine(facts.docker(), name).equals("compose")) {
                ComposeEngine.open(name, env.project(), env.home(), env.vars(), env.out(), env.err()).up();
            } else {
                Env withPulumi = new Env(env.repo(), PulumiInstall.of(env.repo(), env.home())
                        .need(env.vars(), name, env.err()), env.out(), env.err(), env.args());
                PulumiCommands.up(withPulumi, name, List.of("--yes", "--skip-preview", "--target",
                        PulumiEngine.stackUrn(name)));
            }
            env.out().println(say + " (bin/odoo-stack status " + name + "; pulumi stack output --stack " + name + ")");
        } catch (RuntimeException e) { // a Failure too
            String why = e.getMessage() == null || e.getMessage().isBlank() ? "the lines above say why" : e.getMessage();
            env.out().println(say + " not yet in the stack's outputs (" + why + "): bin/odoo-stack up " + name);
        }
    }

    /** restore.sh's environment for this cutover, its files hard-linked to the last sync's copy. */
    private static Map<String, String> environment(StackFacts facts, Settings.Cutover source, String db) {
        // the sync's copy is beside the live filestore: in the area's host directory, or in its named volume
        Optional<String> volume = facts.filestoreVolumeDir();
        String root = volume.orElse(StateLayout.of(facts.settings()).hostDir(StateLayout.Area.FILESTORE)) + "/" + Restore.FILESTORE_SUBDIR;
        try {
            return DeploymentModel.cutoverEnvironment(facts.settings(), facts.env().project(), source, root + "/" + db + FilestoreSync.SUFFIX,
                    volume);
        } catch (IllegalArgumentException e) {
            throw new Failure("final of " + facts.stack() + " refused: " + e.getMessage());
        }
    }

    /** The note on a database (COMMENT ON DATABASE); empty when it has none. */
    static String note(Docker docker, String pg, String db) {
        return psql(docker, pg, "postgres", "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = '"
                + db.replace("'", "''") + "'", "read the note on database " + db).strip();
    }

    /** SQL as the server's superuser in PostgreSQL's container; its output, or the one line that says what could not be done. */
    private static String psql(Docker docker, String pg, String db, String sql, String what) {
        String user = docker.envOf(pg, "POSTGRES_USER");
        Docker.Result r = docker.run(List.of("exec", "-i", pg, "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", db),
                sql, Duration.ofMinutes(5));
        if (!r.ok()) {
            throw new Failure("cannot " + what + " (" + r.err().strip().lines().reduce((a, b) -> b).orElse("exit " + r.exit())
                    + "): docker logs " + pg + " may say why");
        }
        return r.out();
    }

    /** Where the Odoo container sees the filestore root (its data directory's filestore/). */
    private static String odooFilestoreRoot(StackFacts facts) {
        return Cutover.mountPoint(facts, "odoo", StateLayout.Area.FILESTORE) + "/" + Restore.FILESTORE_SUBDIR;
    }

    private static Instant lap(Map<String, Duration> phases, String phase, Instant since) {
        Instant now = Instant.now();
        phases.put(phase, Duration.between(since, now));
        return now;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
