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
            usage: odoo-stack plan <stack> [--json] [--check-local [--previous FILE]] [--project-dir DIR]
                   odoo-stack compose <stack> [--out DIR] [--project-dir DIR]
                   odoo-stack secrets <stack> [--project-dir DIR]
                   odoo-stack restore-env <stack> [--from-backup ID|latest [--from-stack S]] [--project-dir DIR]
                   odoo-stack settings --write [--project-dir DIR]
                   odoo-stack up-failures EVENT_LOG

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
              --previous FILE  with --check-local, the outputs.json of the last successful up: a change that
                     would damage the running stack (docs/operations.md, 'Changes that are refused') is refused
              --project-dir DIR  where Pulumi.yaml and Pulumi.<stack>.yaml are (default: current directory)
              secrets  the passwords this stack needs that odoo-stack may generate, one key per line
              restore-env  restore.sh's environment for a rollback or a restore from backups, KEY=VALUE lines
              settings --write  regenerate Pulumi.yaml's config block and docs/configuration.md's key table
                     from ConfigKeys, where every setting is declared once
              up-failures  after a failed `pulumi up --event-log EVENT_LOG`, one line per failed resource whose own
                     output says why: a command's last line about itself (restore: <phase> failed: ...), an image
                     build's failed step and its own last line
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
            case "secrets" -> secrets(rest, stdout, err);
            case "restore-env" -> restoreEnv(rest, stdout, err);
            case "settings" -> settings(rest, stdout, err);
            case "up-failures" -> upFailures(rest, stdout, err);
            case "plan", "compose" -> planOrCompose(command, rest, env, stdout, err);
            default -> {
                err.println("odoo-stack: unknown command '" + command + "'");
                err.print(USAGE);
                yield 2;
            }
        };
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
    private record PlanOptions(boolean json, boolean checkLocal, String out, String previous, Path projectDir) {
        /** @return null after telling err why the arguments do not make a command */
        static PlanOptions take(String command, List<String> rest, PrintStream err) {
            boolean json = rest.remove("--json");
            boolean checkLocal = rest.remove("--check-local");
            String out = option(rest, "--out");
            String previous = option(rest, "--previous");
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
            return new PlanOptions(json, checkLocal, out, previous, projectDir);
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
        } catch (java.io.IOException e) {
            err.println("odoo-stack " + command + " " + stack + ": cannot write: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("odoo-stack " + command + " " + stack + ": " + e.getMessage());
            return 1;
        }
    }

    private static int compose(PlanOptions o, String stack, PrintStream stdout) throws java.io.IOException {
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
