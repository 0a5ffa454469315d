package dev.odoostack.commands;

import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.Settings;
import dev.odoostack.cutover.FreezeProof;
import dev.odoostack.cutover.Preflight;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.engine.Health;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.StateLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code cutover}: production moves from the legacy host onto a production stack (docs/cutover.md). Each step
 * refuses a swarm and a stack without cutover keys alike ({@link #source}). {@code check} gathers the facts here and
 * leaves every decision to {@link Preflight}; {@code sync} is {@link CutoverSync}'s; {@code freeze} proves that Odoo
 * has stopped writing on the legacy host ({@link CutoverFreeze}), as the final copy ({@link CutoverFinal}) does first;
 * {@code rehearse} is {@link CutoverRehearse}'s, and {@code check} reads the freeze window from its record; {@code abort}
 * is {@link CutoverAbort}'s.
 */
@Command(name = "cutover",
        customSynopsis = "bin/odoo-stack cutover <stack> check|sync|freeze|rehearse [--keep|--remove]|final|abort [--discard-writes]",
        description = {
                "Moves production from the legacy host (cutoverUpstream, read only) onto this",
                "production stack. check: may a cutover start? One line per check (the target,",
                "backups, the legacy host, PostgreSQL, the Odoo series, room). sync: copies the",
                "legacy filestore beside the live one (<db>~cutover), only what changed since the",
                "last sync, while the legacy host stays live. freeze: has Odoo stopped on the",
                "legacy host? No session of Odoo's role, no write over 21 s. rehearse: a full,",
                "unneutralized copy into the scratch stack <stack>-rehearsal (no egress, no route,",
                "its own passwords), verified, started, then removed; each phase's time is recorded",
                "for check's freeze window (--keep leaves it up, --remove removes it). final: once",
                "Odoo is stopped there: check, freeze, the filestore's delta, the database copied",
                "beside the live one unneutralized, verified, swapped in, Odoo started; the stack is",
                "then noted live. abort: before the swap, removes what the cutover wrote beside the",
                "live copy; after it, returns the stack to its previous generation (refused when",
                "it took writes since the swap, unless --discard-writes). check and freeze change",
                "nothing; rehearse changes nothing of the stack; docs/cutover.md."})
final class Cutover implements Callable<Integer> {
    static final List<String> STEPS = List.of("check", "sync", "freeze", "rehearse", "final", "abort");

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the production stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    @Parameters(index = "1", paramLabel = "<step>", description = "the step: check, sync, freeze, rehearse, final or abort")
    String step;

    @picocli.CommandLine.Option(names = "--discard-writes",
            description = "abort after the swap even though the new production took writes since; they are lost")
    boolean discardWrites;

    @picocli.CommandLine.Option(names = "--keep", description = "rehearse: leave the scratch stack up for inspection")
    boolean keep;

    @picocli.CommandLine.Option(names = "--remove", description = "rehearse: only remove a scratch stack left by --keep or an interrupted rehearsal")
    boolean remove;

    private final Env env;

    Cutover(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        String name = Stacks.check(env, stack, "cutover");
        if (!STEPS.contains(step)) {
            throw new Failure("cutover has no step '" + step + "' (yet; its steps: " + String.join(", ", STEPS)
                    + "): bin/odoo-stack cutover " + name + " check", 2);
        }
        if (discardWrites && !step.equals("abort")) {
            throw new Failure("--discard-writes belongs to abort only: bin/odoo-stack cutover " + name + " abort --discard-writes", 2);
        }
        if ((keep || remove) && !step.equals("rehearse")) {
            throw new Failure((keep ? "--keep" : "--remove") + " belongs to the step rehearse: bin/odoo-stack cutover " + name + " rehearse "
                    + (keep ? "--keep" : "--remove"), 2);
        }
        if (keep && remove) {
            throw new Failure("rehearse takes --keep or --remove, not both: bin/odoo-stack cutover " + name + " rehearse --remove", 2);
        }
        StackFacts facts = StackFacts.load(env, name);
        Settings.Cutover source = source(facts);
        if (step.equals("abort")) {
            return CutoverAbort.run(facts, source, discardWrites);
        }
        if (step.equals("rehearse")) {
            return CutoverRehearse.run(facts, source, remove ? CutoverRehearse.Mode.REMOVE : keep ? CutoverRehearse.Mode.KEEP : CutoverRehearse.Mode.RUN);
        }
        if (step.equals("sync")) {
            return CutoverSync.run(facts, source);
        }
        LegacyProbe legacy = new LegacyProbe(source, env.vars());
        if (step.equals("freeze")) {
            // only the legacy host is read: the target stack need not be up for the proof
            CutoverFreeze.prove(new FreezeProof.Subject(source.upstreamDb(), source.upstream(), "bin/odoo-stack cutover " + name + " freeze"),
                    legacy.freezeSql(), env.out());
            return 0;
        }
        if (step.equals("final")) {
            return CutoverFinal.run(facts, source, legacy, () -> check(facts, legacy).stream().allMatch(Preflight.Check::ok));
        }
        List<Preflight.Check> checks = check(facts, legacy);
        long refused = checks.stream().filter(c -> !c.ok()).count();
        if (refused > 0) {
            throw new Failure("cutover of " + name + " may not start: " + refused + " of " + checks.size()
                    + " checks refused (each line says the fix); then run bin/odoo-stack cutover " + name + " check again");
        }
        env.out().println("cutover of " + name + " may start");
        return 0;
    }

    /** Runs the checks, a line each, then the expected freeze window. */
    private List<Preflight.Check> check(StackFacts facts, LegacyProbe legacy) {
        Docker docker = facts.docker();
        List<Preflight.Check> checks = Preflight.all(target(facts, docker), backups(facts, docker), legacy.facts(), legacy.byHand());
        checks.forEach(c -> env.out().println(c.line()));
        env.out().println(Preflight.freezeWindow(facts.stack(), CutoverRehearse.lastRecord(env, facts.stack())));
        return checks;
    }

    /** The cutover source of a stack any step may run on: one Docker host, with the cutover keys. */
    static Settings.Cutover source(StackFacts facts) {
        String name = facts.stack();
        if (facts.swarm()) {
            throw new Failure("a cutover goes onto a stack on one Docker host, and " + name
                    + " runs on a swarm (dockerMode: swarm): cut over onto a single-host production stack first (docs/cutover.md)");
        }
        return facts.settings().cutover().orElseThrow(() -> new Failure(name
                + " declares no cutover source: pulumi config set cutoverUpstream odoo@opw-prod.shiny --stack " + name
                + ", with cutoverSshDir, cutoverUpstreamDb and cutoverUpstreamFilestore (docs/cutover.md)"));
    }

    private static Preflight.Target target(StackFacts facts, Docker docker) {
        List<String> containers = facts.containers().stream().map(ContainerSpec::dockerName).toList();
        return new Preflight.Target(facts.stack(), facts.settings().production(), containers.size(),
                Health.unsettled(docker, containers), facts.outputs().postgresVersion(),
                facts.outputs().odooVersion(), series -> runSeries(facts.settings(), series), space(facts, docker));
    }

    /** The setting that runs the stack on another Odoo series: the branch it builds, the image it builds FROM, or runs. */
    static String runSeries(Settings s, String series) {
        Optional<Settings.Build> build = s.odoo().build();
        if (build.isPresent() && build.get().mode() == Settings.BuildMode.SOURCE) {
            return ConfigKeys.ODOO_BRANCH.setCommand(s.stack(), series);
        }
        boolean from = build.isPresent();
        String image = from ? build.get().baseImage() : s.odoo().image();
        int tag = image.lastIndexOf(':');
        String repository = tag > image.lastIndexOf('/') ? image.substring(0, tag) : image;
        return (from ? ConfigKeys.ODOO_BASE_IMAGE : ConfigKeys.ODOO_IMAGE).setCommand(s.stack(), repository + ":" + series);
    }

    /** Free space where the database and the filestore are mounted, as df sees it inside their containers. */
    private static Preflight.Space space(StackFacts facts, Docker docker) {
        String[] pg = df(docker, facts, "postgres", StateLayout.Area.POSTGRES);
        String[] fs = df(docker, facts, "odoo", StateLayout.Area.FILESTORE);
        return new Preflight.Space(Long.parseLong(pg[3]), pg[5], Long.parseLong(fs[3]), fs[5], pg[0].equals(fs[0]) && pg[1].equals(fs[1]));
    }

    /** df's line (file system, size, used, free, use%, mount point) of an area where a role's container mounts it. */
    private static String[] df(Docker docker, StackFacts facts, String role, StateLayout.Area area) {
        String container = facts.containerName(role);
        String target = mountPoint(facts, role, area);
        Docker.Result r = docker.run("exec", container, "df", "-P", "-B1", target);
        String[] line = r.ok() ? r.text().lines().reduce((a, b) -> b).orElse("").split("\\s+") : new String[0];
        if (line.length < 6) {
            throw new Failure("cannot measure the free space of " + target + " in " + container + " (" + r.err().strip()
                    + "): bin/odoo-stack up " + facts.stack() + ", then bin/odoo-stack cutover " + facts.stack() + " check");
        }
        return line;
    }

    /** Where a role's container mounts an area of the stack's state, as the model declares it. */
    static String mountPoint(StackFacts facts, String role, StateLayout.Area area) {
        String source = StateLayout.of(facts.settings()).mount(area, "").source();
        return facts.container(role).flatMap(c -> c.mounts().stream().filter(m -> m.source().equals(source)).findFirst())
                .map(ContainerSpec.MountSpec::target)
                .orElseThrow(() -> new Failure("stack " + facts.stack() + " has no " + role + " container that mounts its "
                        + area.dir() + " (bin/odoo-stack plan " + facts.stack() + " lists what it declares)"));
    }

    /** The backups' last drill, as odoo-backup records it in its state directory (docs/backups.md). */
    private static Preflight.Backups backups(StackFacts facts, Docker docker) {
        boolean configured = facts.settings().backup().isPresent();
        Optional<String> drill = configured
                ? Optional.of(docker.run("exec", facts.containerName("backup"), "cat",
                        mountPoint(facts, "backup", StateLayout.Area.BACKUP) + "/status/drill"))
                        .filter(Docker.Result::ok).map(Docker.Result::text)
                : Optional.empty();
        return new Preflight.Backups(configured, drill, System.currentTimeMillis() / 1000);
    }
}
