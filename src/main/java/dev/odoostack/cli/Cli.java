package dev.odoostack.cli;

import dev.odoostack.plan.PlanPrinter;
import dev.odoostack.plan.Plan;
import dev.odoostack.config.ConfigException;
import dev.odoostack.config.Problem;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code bin/odoo-stack}'s Java side: the commands that need no Docker and no Pulumi CLI. */
public final class Cli {
    static final String USAGE = """
            usage: odoo-stack plan <stack> [--json] [--check-local] [--project-dir DIR]
                   odoo-stack compose <stack> [--out DIR] [--project-dir DIR]
                   odoo-stack compose <stack> --local --out DIR --secrets DIR [--docker-host URL] [--previous FILE] [--project-dir DIR]
                   odoo-stack compose-diff APPLIED_DIR NEW_DIR
                   odoo-stack commands run RENDERED --phase before|after --state DIR --workdir DIR [--restarts FILE]
                   odoo-stack commands now RENDERED NAME --workdir DIR [--restarts FILE] [--if-declared] [-- ARGS]
                   odoo-stack secrets <stack> [--project-dir DIR]
                   odoo-stack restore-env <stack> [--from-backup ID|latest [--from-stack S]] [--project-dir DIR]
                   odoo-stack builds run RENDERED --log FILE [--force]
                   odoo-stack builds write <stack> --out DIR [--docker-host URL] [--project-dir DIR]
                   odoo-stack settings --write [--project-dir DIR]
                   odoo-stack one-off <stack> restore|rebuild [--preview FILE] [--image-current] [--project-dir DIR]
                   odoo-stack odoo-image <stack> [--project-dir DIR]
                   odoo-stack up-failures EVENT_LOG
                   odoo-stack host-check <stack> [--project-dir DIR]

              plan   print every resource `pulumi up -s <stack>` would register (type, logical name, parent,
                     inputs) and the stack outputs, from Pulumi.<stack>.yaml alone: no Docker, no Pulumi CLI.
                     Secrets print as [secret]; the output is the same for the same files.
              --json machine-readable output
              --check-local  also check what this machine will write itself (the addon checkouts under the
                     state root): bin/odoo-stack passes it before pulumi up
              compose  write the docker compose file Coolify deploys, from the same settings and model, to
                     DIR/docker-compose.yml (default DIR: docker/config/coolify/<stack>), with the files it
                     mounts under DIR/files; passwords stay ${VARIABLES} for Coolify's UI
                     The header names the stack file and its digest: the same files give the same bytes
              --local  the whole stack for the local Docker engine instead (bin/odoo-stack up --engine compose):
                     Traefik included, each secret placed as a file from DIR given by --secrets (one file per
                     key, e.g. DIR/postgresPassword), under DIR/secrets; --docker-host is the engine's URL;
                     the stack outputs go to DIR/outputs.json
              --previous FILE  the outputs.json of the last successful up: a change that would damage the
                     running stack (docs/operations.md, 'Changes that are refused') is refused, nothing written
              --project-dir DIR  where Pulumi.yaml and Pulumi.<stack>.yaml are (default: current directory)
              compose-diff  what applying the local rendering in NEW_DIR over APPLIED_DIR would change
              commands  the compose engine's local commands (restore, addon checkout), as Pulumi would run them:
                     'run' those of a phase that are due, 'now' one of them whatever its record says
              secrets  the passwords this stack needs that odoo-stack may generate, one key per line
              restore-env  restore.sh's environment for a rollback or a restore from backups, KEY=VALUE lines
              builds  the compose engine's image builds: each image of the local rendering whose content tag is
                     not on the Docker engine, with docker build; the whole output in FILE, the cause in one line;
                     --force builds them all (rebuild)
              settings --write  regenerate Pulumi.yaml's config block and docs/configuration.md's key table
                     from ConfigKeys, where every setting is declared once
              one-off  the arguments of `pulumi up` that run a restore or a rebuild alone (--target-replace of
                     the resources it replaces), one per line; with --preview (the output of `pulumi preview
                     --json`), refuses in one line when anything else has a pending change; --image-current:
                     the built Odoo image is current with its base (rebuild then fetches the addons only)
              odoo-image  the base image and the image the stack builds for Odoo, on one line; nothing when it
                     runs a published image
              up-failures  after a failed `pulumi up --event-log EVENT_LOG`, one line per failed resource whose own
                     output says why: a command's last line about itself (restore: <phase> failed: ...), an image
                     build's failed step and its own last line
              host-check  the checks that need the Docker host (docker info, docker network inspect): its memory
                     against what the stack's limits let it take, the network traefikExternalNetwork names; one
                     line per problem; bin/odoo-stack runs it before preview and up (plan, offline, names them)
            exit: 0 plan printed, 1 configuration problems (all listed), 2 usage error
            """;

    private Cli() {
    }

    /** Removes "--name value" from the arguments and returns the value, or null. */
    private static String option(List<String> rest, String name) {
        int at = rest.indexOf(name);
        if (at < 0 || at + 1 >= rest.size()) {
            return null;
        }
        String v = rest.get(at + 1);
        rest.subList(at, at + 2).clear();
        return v;
    }

    /**
     * {@code commands run RENDERED --phase before|after --state DIR --workdir DIR [--restarts FILE]} and
     * {@code commands now RENDERED NAME --workdir DIR [-- ARGS]}: the compose engine's local commands.
     */
    private static int commands(List<String> rest, PrintStream stdout, PrintStream err) {
        List<String> extra = List.of();
        int dashes = rest.indexOf("--");
        if (dashes >= 0) {
            extra = List.copyOf(rest.subList(dashes + 1, rest.size()));
            rest.subList(dashes, rest.size()).clear();
        }
        String phase = option(rest, "--phase");
        String state = option(rest, "--state");
        String workdir = option(rest, "--workdir");
        String restarts = option(rest, "--restarts");
        boolean ifDeclared = rest.remove("--if-declared");
        try {
            if (rest.size() == 2 && rest.get(0).equals("run") && phase != null && state != null && workdir != null) {
                return LocalCommands.run(Path.of(rest.get(1)), Path.of(state), Path.of(workdir),
                        dev.odoostack.model.CommandSpec.Phase.valueOf(phase.toUpperCase(java.util.Locale.ROOT)),
                        restarts == null ? null : Path.of(restarts), stdout, err);
            }
            if (rest.size() == 3 && rest.get(0).equals("now") && workdir != null) {
                return LocalCommands.runNow(Path.of(rest.get(1)), rest.get(2), extra, Path.of(workdir),
                        restarts == null ? null : Path.of(restarts), ifDeclared, stdout, err);
            }
        } catch (java.io.IOException e) {
            err.println("odoo-stack commands: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("odoo-stack commands: --phase must be before or after");
            return 2;
        }
        err.println("odoo-stack commands: usage: commands run RENDERED --phase before|after --state DIR --workdir DIR"
                + " [--restarts FILE] | commands now RENDERED NAME --workdir DIR [-- ARGS]");
        return 2;
    }

    /** {@code restore-env <stack> [--from-backup ID|latest [--from-stack S]] [--project-dir DIR]}: KEY=VALUE lines. */
    private static int restoreEnv(List<String> rest, PrintStream stdout, PrintStream err) {
        String snapshot = option(rest, "--from-backup");
        String fromStack = option(rest, "--from-stack");
        String dir = option(rest, "--project-dir");
        if (rest.size() != 1 || (fromStack != null && snapshot == null)) {
            err.println("odoo-stack restore-env: usage: restore-env <stack> [--from-backup ID|latest [--from-stack S]] [--project-dir DIR]");
            return 2;
        }
        String stack = rest.get(0);
        if (fromStack != null && !fromStack.matches("[a-z][a-z0-9-]{0,30}")) {
            err.println("odoo-stack restore " + stack + ": --from-stack '" + fromStack + "' is not a stack name (e.g. --from-stack opw)");
            return 2;
        }
        Path projectDir = Path.of(dir == null ? "." : dir);
        try {
            var settings = dev.odoostack.config.SettingsParser.parse(stack,
                    dev.odoostack.config.StackFile.read(dev.odoostack.config.StackFile.path(projectDir, stack)),
                    dev.odoostack.config.SecretPolicy.ALLOW_MISSING);
            dev.odoostack.assembly.DeploymentModel.restoreEnvironment(settings, projectDir, snapshot, fromStack)
                    .forEach((k, v) -> stdout.println(k + "=" + v));
            return 0;
        } catch (ConfigException e) {
            err.println("odoo-stack restore " + stack + ": the stack file has " + e.problems().size()
                    + " problem(s); bin/odoo-stack plan " + stack + " lists them");
            return 1;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("odoo-stack restore " + stack + ": " + e.getMessage());
            return 1;
        }
    }

    /** {@code one-off <stack> restore|rebuild [--preview FILE] [--project-dir DIR]}: see {@link OneOff}. */
    private static int oneOff(List<String> rest, java.util.Map<String, String> env, PrintStream stdout, PrintStream err) {
        String preview = option(rest, "--preview");
        String dir = option(rest, "--project-dir");
        boolean imageCurrent = rest.remove("--image-current");
        if (rest.size() != 2 || !List.of("restore", "rebuild").contains(rest.get(1))) {
            err.println("odoo-stack one-off: usage: one-off <stack> restore|rebuild [--preview FILE] [--project-dir DIR]");
            return 2;
        }
        String stack = rest.get(0);
        OneOff.Action action = OneOff.Action.valueOf(rest.get(1).toUpperCase());
        Path projectDir = Path.of(dir == null ? "." : dir);
        try {
            List<String> urns = OneOff.urns(OfflinePlan.of(projectDir, stack, env), projectName(projectDir), action, imageCurrent);
            if (preview != null) {
                List<String> pending = OneOff.otherPendingChanges(
                        new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(preview).toFile()), urns);
                if (!pending.isEmpty()) {
                    err.println("odoo-stack " + OneOff.refusal(stack, action, pending));
                    return 1;
                }
            }
            OneOff.upArguments(urns, action).forEach(stdout::println);
            return 0;
        } catch (OneOff.NothingToDo e) {
            err.println("odoo-stack " + e.getMessage());
            return 0;
        } catch (ConfigException e) {
            err.println("odoo-stack " + action.word() + " " + stack + ": the stack file has " + e.problems().size()
                    + " problem(s); bin/odoo-stack plan " + stack + " lists them");
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("odoo-stack " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("odoo-stack " + action.word() + " " + stack + ": cannot read pulumi preview's output: " + e.getMessage());
            return 1;
        }
    }

    /** {@code odoo-image <stack> [--project-dir DIR]}: "BASE BUILT" of the Odoo image build, or nothing. */
    private static int odooImage(List<String> rest, java.util.Map<String, String> env, PrintStream stdout, PrintStream err) {
        String dir = option(rest, "--project-dir");
        if (rest.size() != 1) {
            err.println("odoo-stack odoo-image: usage: odoo-image <stack> [--project-dir DIR]");
            return 2;
        }
        try {
            // as the program declares the build: its image name (the content tag) and the image it is FROM
            for (var r : OfflinePlan.of(Path.of(dir == null ? "." : dir), rest.get(0), env).resources()) {
                if (r.type().equals(OneOff.IMAGE) && OneOff.inOdoo(r)) {
                    String base = r.inputs().path("build").path("args").path("BASE_IMAGE").asText("");
                    if (!base.isEmpty()) {
                        stdout.println(base + " " + r.inputs().path("imageName").asText());
                    }
                }
            }
            return 0;
        } catch (ConfigException e) {
            err.println("odoo-stack odoo-image " + rest.get(0) + ": the stack file has " + e.problems().size()
                    + " problem(s); bin/odoo-stack plan " + rest.get(0) + " lists them");
            return 1;
        }
    }

    /** {@code up-failures EVENT_LOG}: see {@link UpFailures}. */
    private static int upFailures(List<String> rest, PrintStream stdout, PrintStream err) {
        if (rest.size() != 1) {
            err.println("odoo-stack up-failures: usage: up-failures EVENT_LOG");
            return 2;
        }
        try {
            UpFailures.of(Path.of(rest.get(0))).forEach(stdout::println);
            return 0;
        } catch (java.io.IOException e) {
            err.println("odoo-stack up-failures: cannot read Pulumi's event log " + rest.get(0) + ": " + e.getMessage());
            return 1;
        }
    }

    /** The project's name, as Pulumi.yaml gives it: the second part of every URN. */
    static String projectName(Path projectDir) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(projectDir.resolve("Pulumi.yaml"))) {
            var m = java.util.regex.Pattern.compile("^name:\\s*(\\S+)\\s*$").matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalArgumentException("Pulumi.yaml in " + projectDir + " has no name: line");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The commands as run from this process: its environment names the Docker engine of a plan. */
    static int run(String[] args, PrintStream stdout, PrintStream err) {
        return run(args, System.getenv(), stdout, err);
    }

    /**
     * @param env the environment the commands act in: a plan's Docker engine is the stack's docker:host, else this
     *            DOCKER_HOST, else the local socket (the tests pass a fixed one)
     */
    public static int run(String[] args, java.util.Map<String, String> env, PrintStream stdout, PrintStream err) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
            (rest.isEmpty() ? err : stdout).print(USAGE);
            return rest.isEmpty() ? 2 : 0;
        }
        String command = rest.remove(0);
        return switch (command) {
            case "compose-diff" -> composeDiff(rest, stdout, err);
            case "builds" -> builds(rest, err);
            case "commands" -> commands(rest, stdout, err);
            case "secrets" -> secrets(rest, stdout, err);
            case "restore-env" -> restoreEnv(rest, stdout, err);
            case "settings" -> settings(rest, stdout, err);
            case "one-off" -> oneOff(rest, env, stdout, err);
            case "up-failures" -> upFailures(rest, stdout, err);
            case "odoo-image" -> odooImage(rest, env, stdout, err);
            case "host-check" -> hostCheck(rest, env, Processes.SYSTEM, err);
            case "plan", "compose" -> planOrCompose(command, rest, env, stdout, err);
            default -> {
                err.println("odoo-stack: unknown command '" + command + "'");
                err.print(USAGE);
                yield 2;
            }
        };
    }

    /**
     * {@code host-check STACK}: the host checks ({@link dev.odoostack.assembly.HostChecks}) against the facts the
     * Docker CLI gives; no engine answering is one line and no refusal (the deploy then says why it cannot reach it).
     */
    static int hostCheck(List<String> rest, java.util.Map<String, String> env, Processes processes, PrintStream err) {
        String dir = option(rest, "--project-dir");
        if (rest.size() != 1 || rest.get(0).startsWith("-")) {
            err.println("odoo-stack host-check: usage: host-check STACK [--project-dir DIR]");
            return 2;
        }
        String stack = rest.get(0);
        Path projectDir = Path.of(dir == null ? "." : dir);
        try {
            var settings = dev.odoostack.config.SettingsParser.parse(stack, dev.odoostack.config.DockerEndpoint.withEngine(
                    dev.odoostack.config.StackFile.read(dev.odoostack.config.StackFile.path(projectDir, stack)), env),
                    dev.odoostack.config.SecretPolicy.ALLOW_MISSING);
            var others = SiblingStacks.of(projectDir, stack, env.get(dev.odoostack.config.DockerEndpoint.ENV));
            String engine = dev.odoostack.config.DockerEndpoint.of(settings, env).url();
            var facts = HostFacts.ask(processes, engine, dev.odoostack.assembly.HostChecks.networksToAsk(settings, others));
            if (facts.isEmpty()) {
                err.println("odoo-stack host-check " + stack + ": not made: no Docker engine answers at " + engine + " (docker info)");
                return 0;
            }
            List<Problem> problems = dev.odoostack.assembly.HostChecks.problems(settings, facts.get(), others);
            problems.forEach(p -> err.println("odoo-stack host-check " + stack + ": " + p.message()));
            return problems.isEmpty() ? 0 : 1;
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("odoo-stack host-check " + stack + ": " + p.message()));
            return 1;
        } catch (java.io.IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("odoo-stack host-check " + stack + ": " + e.getMessage());
            return 1;
        }
    }

    private static int composeDiff(List<String> rest, PrintStream stdout, PrintStream err) {
        if (rest.size() != 2) {
            err.println("odoo-stack compose-diff: usage: compose-diff OLD_DIR NEW_DIR");
            return 2;
        }
        try {
            stdout.print(ComposeDiff.of(Path.of(rest.get(0)), Path.of(rest.get(1))).text());
            return 0;
        } catch (java.io.IOException e) {
            err.println("odoo-stack compose-diff: cannot read: " + e.getMessage());
            return 1;
        }
    }

    private static int builds(List<String> rest, PrintStream err) {
        if (!rest.isEmpty() && rest.get(0).equals("write")) {
            return buildsWrite(rest, err);
        }
        String log = option(rest, "--log");
        boolean force = rest.remove("--force");
        if (rest.size() != 2 || !rest.get(0).equals("run") || log == null) {
            err.println("odoo-stack builds: usage: builds run RENDERED --log FILE [--force]");
            return 2;
        }
        try {
            return LocalBuilds.run(Path.of(rest.get(1)), Path.of(log), force, err);
        } catch (java.io.IOException e) {
            err.println("odoo-stack builds: " + e.getMessage());
            return 1;
        }
    }

    /**
     * {@code builds write STACK --out DIR}: the stack's image builds alone (no password needed), for
     * {@code builds run DIR}; on a swarm both engines build that way before deploying (docs/scale-out.md).
     */
    private static int buildsWrite(List<String> rest, PrintStream err) {
        String out = option(rest, "--out");
        String dockerHost = option(rest, "--docker-host");
        String dir = option(rest, "--project-dir");
        if (rest.size() != 2 || out == null) {
            err.println("odoo-stack builds: usage: builds write STACK --out DIR [--docker-host URL] [--project-dir DIR]");
            return 2;
        }
        try {
            ComposeWriter.writeBuilds(Path.of(dir == null ? "." : dir), rest.get(1), dockerHost, Path.of(out));
            return 0;
        } catch (java.io.IOException | RuntimeException e) {
            err.println("odoo-stack builds " + rest.get(1) + ": " + e.getMessage());
            return 1;
        }
    }

    private static int secrets(List<String> rest, PrintStream stdout, PrintStream err) {
        if (rest.size() != 1 && rest.size() != 3) {
            err.println("odoo-stack secrets: usage: secrets STACK [--project-dir DIR]");
            return 2;
        }
        Path dir = rest.size() == 3 && rest.get(1).equals("--project-dir") ? Path.of(rest.get(2)) : Path.of(".");
        try {
            GeneratedSecrets.needed(dir, rest.get(0)).forEach(stdout::println);
            return 0;
        } catch (java.io.IOException | IllegalArgumentException e) {
            err.println("odoo-stack secrets " + rest.get(0) + ": " + e.getMessage());
            return 1;
        }
    }

    private static int settings(List<String> rest, PrintStream stdout, PrintStream err) {
        String dir = option(rest, "--project-dir");
        if (!rest.equals(List.of("--write"))) {
            err.println("odoo-stack settings: usage: settings --write [--project-dir DIR]");
            return 2;
        }
        try {
            var changed = dev.odoostack.config.SettingsTable.write(Path.of(dir == null ? "." : dir));
            stdout.println(changed.isEmpty() ? "Pulumi.yaml and docs/configuration.md were up to date"
                    : "rewrote " + changed.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", ")));
            return 0;
        } catch (java.io.IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("odoo-stack settings: " + e.getMessage());
            return 1;
        }
    }

    /** The options of plan and compose, taken off the argument list; what remains is the stack name. */
    private record PlanOptions(boolean json, boolean checkLocal, String out, boolean local, String secrets,
                               String dockerHost, String previous, Path projectDir) {
        /** @return null after telling err why the arguments do not make a command */
        static PlanOptions take(String command, List<String> rest, PrintStream err) {
            boolean json = rest.remove("--json");
            boolean checkLocal = rest.remove("--check-local");
            String out = option(rest, "--out");
            boolean local = rest.remove("--local");
            String secrets = option(rest, "--secrets");
            String dockerHost = option(rest, "--docker-host");
            String previous = option(rest, "--previous");
            if (local && (out == null || secrets == null)) {
                err.println("odoo-stack compose --local: needs --out DIR and --secrets DIR");
                return null;
            }
            Path projectDir = Path.of(".");
            int dirAt = rest.indexOf("--project-dir");
            if (dirAt >= 0) {
                if (dirAt + 1 >= rest.size()) {
                    err.println("odoo-stack " + command + ": --project-dir needs a directory");
                    return null;
                }
                projectDir = Path.of(rest.get(dirAt + 1));
                rest.subList(dirAt, dirAt + 2).clear();
            }
            if (rest.size() != 1 || rest.get(0).startsWith("-")) {
                err.println("odoo-stack " + command + ": expected exactly one stack name, got " + rest);
                err.print(USAGE);
                return null;
            }
            return new PlanOptions(json, checkLocal, out, local, secrets, dockerHost, previous, projectDir);
        }
    }

    private static int planOrCompose(String command, List<String> rest, java.util.Map<String, String> env,
                                     PrintStream stdout, PrintStream err) {
        PlanOptions o = PlanOptions.take(command, rest, err);
        if (o == null) {
            return 2;
        }
        String stack = rest.get(0);
        try {
            return command.equals("compose") ? compose(o, stack, stdout) : plan(o, stack, env, stdout, err);
        } catch (ConfigException e) {
            err.println("odoo-stack " + command + " " + stack + ": " + e.problems().size() + " configuration problem(s), nothing written:");
            for (Problem p : e.problems()) {
                err.println("  - " + p.message());
            }
            return 1;
        } catch (ComposeWriter.Refused e) {
            e.lines.forEach(err::println);
            return 1;
        } catch (java.io.IOException e) {
            err.println("odoo-stack " + command + " " + stack + ": cannot write: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("odoo-stack " + command + " " + stack + ": " + e.getMessage());
            return 1;
        }
    }

    private static int compose(PlanOptions o, String stack, PrintStream stdout) throws java.io.IOException {
        if (o.local()) {
            ComposeWriter.writeLocal(o.projectDir(), stack, Path.of(o.secrets()), o.dockerHost(),
                    ComposeWriter.previousOutputs(o.previous() == null ? null : Path.of(o.previous())), Path.of(o.out()));
            stdout.println("wrote " + Path.of(o.out()).resolve("docker-compose.yml"));
            return 0;
        }
        Path dir = o.out() != null ? Path.of(o.out()) : o.projectDir().resolve("docker/config/coolify/" + stack);
        ComposeWriter.write(o.projectDir(), stack, dir);
        stdout.println("wrote " + dir.resolve("docker-compose.yml"));
        return 0;
    }

    private static int plan(PlanOptions o, String stack, java.util.Map<String, String> env, PrintStream stdout, PrintStream err)
            throws java.io.IOException {
        if (o.checkLocal()) {
            var settings = dev.odoostack.config.SettingsParser.parse(stack, dev.odoostack.config.DockerEndpoint.withEngine(
                    dev.odoostack.config.StackFile.read(dev.odoostack.config.StackFile.path(o.projectDir(), stack)), env),
                    dev.odoostack.config.SecretPolicy.ALLOW_MISSING);
            var problem = LocalAccess.problem(settings);
            if (problem.isPresent()) {
                err.println(problem.get());
                return 1;
            }
            if (o.previous() != null) {
                // the guard the program applies inside `pulumi up`, first and in one line each (bin/odoo-stack up
                // hands it the stack's outputs): nothing starts when a change would damage the running stack
                List<String> refusals = dev.odoostack.assembly.ChangeGuard.refusals(
                        ComposeWriter.previousOutputs(Path.of(o.previous())), settings);
                if (!refusals.isEmpty()) {
                    refusals.forEach(err::println);
                    return 1;
                }
            }
        }
        Plan plan = OfflinePlan.of(o.projectDir(), stack, env);
        stdout.print(o.json() ? PlanPrinter.json(plan) : PlanPrinter.text(plan));
        if (!o.checkLocal()) {
            // offline: which checks only preview and up make, on stderr so that --json stays as it is
            err.println(dev.odoostack.assembly.HostChecks.notMadeOffline(OfflinePlan.settings(o.projectDir(), stack, env)));
        }
        return 0;
    }
}
