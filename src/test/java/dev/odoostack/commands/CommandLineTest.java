package dev.odoostack.commands;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/odoo-stack's commands in process (picocli's execute): help, wrong use, the stack argument, the tools a
 * command needs and the engine it talks to. Nothing here needs Docker or Pulumi: where a command would reach
 * them, the environment given makes them missing or silent.
 */
class CommandLineTest {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final List<String> COMMANDS = List.of("up", "preview", "destroy", "refresh", "restore", "rebuild", "cutover", "move-engine",
            "plan", "status", "logs", "backup", "backups", "psql", "init", "shell", "update", "compose", "settings", "build",
            "env", "install-pulumi");

    @TempDir
    Path tmp;
    Map<String, String> vars;

    @BeforeEach
    void environment() {
        vars = new HashMap<>();
        vars.put("PATH", System.getenv("PATH"));
        vars.put("HOME", tmp.toString());
        // where a command with side effects would write: nothing may appear there on --help or wrong use
        vars.put("ODOO_STACK_HOME", tmp.resolve("home").toString());
    }

    record Run(int exit, String out, String err) {
        String text() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = OdooStack.run(new Env(REPO, vars, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), List.of(args)), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theOverviewNamesEveryCommandOnceWithItsSynopsis() {
        Run r = run("--help");
        assertEquals(0, r.exit(), r.text());
        for (String c : COMMANDS) {
            assertEquals(1, r.out().lines().filter(l -> l.equals("  " + c) || l.startsWith("  " + c + " ")).count(),
                    c + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("ODOO_STACK_PROJECT_DIR"), r.out());
    }

    @Test
    void noCommandIsWrongUseAndShowsTheOverview() {
        Run r = run();
        assertEquals(2, r.exit(), r.text());
        assertTrue(r.err().contains("  status <stack>"), r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "preview", "destroy", "refresh", "restore", "rebuild", "move-engine", "plan", "status",
            "logs", "backup", "backups", "psql", "init", "shell", "update", "compose", "settings", "build", "env",
            "install-pulumi"})
    void helpIsTheCommandsUsageAndDoesNothingElse(String command) {
        for (Run r : List.of(run(command, "--help"), run(command, "-h"), run("help", command))) {
            assertEquals(0, r.exit(), r.text());
            assertTrue(r.out().startsWith("Usage: bin/odoo-stack " + command), r.text());
            assertTrue(r.out().contains("-h, --help"), r.text());
            assertEquals("", r.err(), r.text());
        }
        assertFalse(Files.exists(tmp.resolve("home")), command + " --help wrote " + tmp.resolve("home"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "logs", "psql", "shell", "backup", "backups", "init", "update", "restore", "up",
            "plan", "compose", "move-engine"})
    void aMissingStackIsWrongUseWithThatCommandsUsageAlone(String command) {
        Run r = run(command);
        assertEquals(2, r.exit(), r.text());
        List<String> err = r.err().lines().toList();
        assertTrue(err.get(0).startsWith("odoo-stack " + command + ": Missing required"), r.text());
        assertEquals("Usage: bin/odoo-stack " + command + " <stack>", err.get(1).replaceFirst("(<stack>).*", "$1"), r.text());
        assertFalse(r.err().contains("Usage: bin/odoo-stack status") && !command.equals("status"), r.text());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownOptionIsWrongUseNamingIt() {
        Run r = run("status", "opw", "--bogus");
        assertEquals(2, r.exit(), r.text());
        assertTrue(r.err().lines().findFirst().orElse("").contains("'--bogus'"), r.text());
        assertTrue(r.err().contains("Usage: bin/odoo-stack status <stack>"), r.text());
        Run engine = run("up", "opw", "--engine", "docker");
        assertEquals(2, engine.exit(), engine.text());
        assertTrue(engine.err().lines().findFirst().orElse("").contains("--engine"), engine.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "logs", "restore", "psql", "plan"})
    void aStackFileGivenForItsNameIsAnsweredWithTheName(String command) {
        Run r = run(command, "./Pulumi.cm.yaml");
        assertEquals(2, r.exit(), r.text());
        assertEquals("odoo-stack: ./Pulumi.cm.yaml is a stack file; give its stack name instead: bin/odoo-stack " + command + " cm",
                r.err().strip());
    }

    @Test
    void anUnknownStackNamesTheStackFilesThereAre() {
        Run r = run("status", "nope");
        assertEquals(1, r.exit(), r.text());
        assertEquals("odoo-stack: no stack file Pulumi.nope.yaml in " + REPO + " (stack files: cm opw)", r.err().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status opw", "logs opw", "psql opw", "shell opw", "backup opw", "backups opw", "init opw",
            "update opw sale", "restore opw --rollback", "up opw --engine compose", "destroy opw --engine compose"})
    void aMissingDockerCliIsOneLineForEveryCommandThatRunsIt(String line) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        vars.put("PATH", bin.toString());
        Run r = run(line.split(" "));
        assertEquals(127, r.exit(), r.text());
        assertEquals(1, r.err().lines().count(), r.text());
        assertTrue(r.err().startsWith("odoo-stack: the docker CLI is not installed"), r.text());
    }

    @Test
    void aMissingComposeIsOneLineForTheComposeEngine() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\nexit 0\n");
        docker.toFile().setExecutable(true);
        vars.put("PATH", bin.toString());
        for (String line : List.of("up opw --engine compose", "preview opw --engine compose", "rebuild opw --engine compose")) {
            Run r = run(line.split(" "));
            assertEquals(127, r.exit(), r.text());
            assertEquals("odoo-stack: docker-compose is not installed: apt-get install docker-compose (or use --engine pulumi)",
                    r.err().strip(), line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"status opw", "logs opw", "psql opw", "shell opw", "backup opw", "backups opw", "init opw",
            "update opw sale", "restore opw --rollback"})
    void anEngineThatDoesNotAnswerIsSaidAsSuch(String line) {
        vars.put("DOCKER_HOST", "unix://" + tmp.resolve("no-engine.sock"));
        Run r = run(line.split(" "));
        assertEquals(1, r.exit(), r.text());
        assertEquals("odoo-stack: no Docker engine answers at unix://" + tmp.resolve("no-engine.sock")
                + ": start it, or set DOCKER_HOST to one that runs (the tests' engine: eval \"$(bin/real-engine env)\")",
                r.err().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "restore opw --from-stack cm|odoo-stack: restore: --from-stack goes with --from-backup, e.g. bin/odoo-stack restore opw --from-backup latest --from-stack cm",
            "restore opw --rollback --from-backup latest|odoo-stack: restore: --rollback and --from-backup exclude each other",
            "restore opw --from-backup latest --from-stack Op_W|odoo-stack: restore opw: --from-stack 'Op_W' is not a stack name (e.g. --from-stack opw)"})
    void restoreOptionsThatDoNotGoTogetherAreOneLineBeforeAnythingRuns(String lineAndSaid) throws IOException {
        String[] parts = lineAndSaid.split("\\|");
        // no docker, no pulumi: the line comes before either is asked
        vars.put("PATH", Files.createDirectories(tmp.resolve("bin")).toString());
        Run r = run(parts[0].split(" "));
        assertEquals(2, r.exit(), r.text());
        assertEquals(parts[1], r.err().strip(), r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"restore opw", "rebuild opw", "refresh opw", "up opw", "preview opw", "destroy opw"})
    void withoutAPulumiCliThePulumiEngineSaysWhatToDoAndInstallsNothing(String line) throws IOException {
        vars.put("PATH", Files.createDirectories(tmp.resolve("bin")).toString());
        Run r = run(line.split(" "));
        assertEquals(3, r.exit(), r.text());
        List<String> err = r.err().lines().toList();
        assertEquals("odoo-stack: the Pulumi CLI is not installed, so nothing can be deployed from this machine.", err.get(0), r.text());
        assertTrue(r.err().contains("bin/odoo-stack install-pulumi") && r.err().contains("bin/odoo-stack up opw --engine compose")
                && r.err().contains("bin/odoo-stack plan opw"), r.text());
        assertFalse(Files.exists(tmp.resolve("home/tools")), "nothing installed");
    }

    @Test
    void theProjectDirectoryHoldsTheStacksOfPlanAndCompose() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.copy(REPO.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.createSymbolicLink(project.resolve("docker"), REPO.resolve("docker"));
        Files.writeString(project.resolve("Pulumi.xy.yaml"), Files.readString(REPO.resolve("Pulumi.cm.yaml")));
        vars.put("ODOO_STACK_PROJECT_DIR", project.toString());
        Run plan = run("plan", "xy", "--json");
        assertEquals(0, plan.exit(), plan.text());
        assertTrue(plan.out().contains("\"url\" : \"http://xy.localhost\"") || plan.out().contains("xy"), plan.text());
        Path out = tmp.resolve("coolify");
        Run compose = run("compose", "xy", "--out", out.toString());
        assertEquals(0, compose.exit(), compose.text());
        assertTrue(Files.readString(out.resolve("docker-compose.yml")).contains("Pulumi.xy.yaml"));
        Run status = run("status", "opw");
        assertEquals(1, status.exit(), status.text());
        assertTrue(status.err().contains("no stack file Pulumi.opw.yaml in " + project), status.text());
    }

    /** A project of this checkout's Pulumi.yaml and docker/, with one stack file. */
    private Path project(String stack, String stackFile) throws IOException {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.copy(REPO.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.createSymbolicLink(project.resolve("docker"), REPO.resolve("docker"));
        Files.writeString(project.resolve("Pulumi." + stack + ".yaml"), stackFile);
        return project;
    }

    /** A project whose stack cut is a production stack with the lines given, and that project as the command's. */
    private void cutoverProject(String... lines) throws IOException {
        Path project = project("cut", """
                config:
                  odoo-stack:odooImage: odoo:17.0
                  odoo-stack:production: true
                  odoo-stack:backup: false
                  odoo-stack:productionWithoutBackups: true
                """ + String.join("", java.util.Arrays.stream(lines).map(l -> "  " + l + "\n").toList()));
        vars.put("ODOO_STACK_PROJECT_DIR", project.toString());
    }

    private static final String[] CUTOVER_SOURCE = {"odoo-stack:cutoverUpstream: odoo@opw-prod.shiny",
            "odoo-stack:cutoverSshDir: /home/deploy/.ssh/opw-prod", "odoo-stack:cutoverUpstreamDb: opw_prod",
            "odoo-stack:cutoverUpstreamFilestore: /var/lib/odoo/filestore/opw_prod"};

    @Test
    void aCutoverOntoASwarmStackIsRefusedInOneLineBeforeAnythingIsAsked() throws IOException {
        List<String> lines = new ArrayList<>(List.of(CUTOVER_SOURCE));
        lines.add("odoo-stack:dockerMode: swarm");
        cutoverProject(lines.toArray(String[]::new));
        vars.put("DOCKER_HOST", "unix://" + tmp.resolve("no-engine.sock")); // nothing answers there: the refusal comes first
        Run r = run("cutover", "cut", "check");
        assertEquals(1, r.exit(), r.text());
        assertEquals("", r.out(), r.text());
        assertEquals("odoo-stack: a cutover goes onto a stack on one Docker host, and cut runs on a swarm (dockerMode: swarm):"
                + " cut over onto a single-host production stack first (docs/cutover.md)\n", r.err(), r.text());
    }

    @Test
    void aStackWithoutACutoverSourceIsToldTheKeysToSet() throws IOException {
        cutoverProject();
        Run r = run("cutover", "cut", "check");
        assertEquals(1, r.exit(), r.text());
        assertTrue(r.err().startsWith("odoo-stack: cut declares no cutover source: pulumi config set cutoverUpstream"), r.text());
        assertEquals(1, r.err().lines().count(), r.text());
    }

    @Test
    void aSyncWithoutACutoverSourceIsToldTheKeysToSetAsTheCheckIs() throws IOException {
        cutoverProject();
        Run r = run("cutover", "cut", "sync");
        assertEquals(1, r.exit(), r.text());
        assertTrue(r.err().startsWith("odoo-stack: cut declares no cutover source: pulumi config set cutoverUpstream"), r.text());
        assertEquals(1, r.err().lines().count(), r.text());
    }

    @Test
    void aStepThatDoesNotExistIsWrongUse() throws IOException {
        cutoverProject(CUTOVER_SOURCE);
        Run r = run("cutover", "cut", "cutover");
        assertEquals(2, r.exit(), r.text());
        assertEquals("odoo-stack: cutover has no step 'cutover' (yet; its steps: check, sync, freeze, rehearse, final, abort): bin/odoo-stack cutover cut check\n", r.err(), r.text());
    }

    @Test
    void discardWritesBelongsToAbortOnly() throws IOException {
        cutoverProject(CUTOVER_SOURCE);
        Run r = run("cutover", "cut", "sync", "--discard-writes");
        assertEquals(2, r.exit(), r.text());
        assertEquals("odoo-stack: --discard-writes belongs to abort only: bin/odoo-stack cutover cut abort --discard-writes\n", r.err(), r.text());
    }

    @Test
    void aRehearsalWithoutACutoverSourceIsToldTheKeysToSetAndItsOptionsBelongToItAlone() throws IOException {
        cutoverProject();
        Run r = run("cutover", "cut", "rehearse");
        assertEquals(1, r.exit(), r.text());
        assertTrue(r.err().startsWith("odoo-stack: cut declares no cutover source: pulumi config set cutoverUpstream"), r.text());
        assertEquals(1, r.err().lines().count(), r.text());
        Run keep = run("cutover", "cut", "sync", "--keep");
        assertEquals(2, keep.exit(), keep.text());
        assertEquals("odoo-stack: --keep belongs to the step rehearse: bin/odoo-stack cutover cut rehearse --keep\n", keep.err(), keep.text());
    }

    @Test
    void theFreezeStepReadsOnlyTheLegacyHostAndSaysInOneLineWhenItDoesNotAnswer() throws IOException {
        cutoverProject("odoo-stack:cutoverUpstream: odoo@127.0.0.1", "odoo-stack:cutoverSshPort: \"1\"",
                "odoo-stack:cutoverSshDir: " + tmp.resolve("no-keys"), "odoo-stack:cutoverUpstreamDb: opw_prod",
                "odoo-stack:cutoverUpstreamFilestore: /var/lib/odoo/filestore/opw_prod");
        vars.put("DOCKER_HOST", "unix://" + tmp.resolve("no-engine.sock")); // the target stack is not asked
        Run r = run("cutover", "cut", "freeze");
        assertEquals(1, r.exit(), r.text());
        assertEquals("", r.out(), r.text());
        assertTrue(r.err().startsWith("odoo-stack: cannot prove the freeze: odoo@127.0.0.1 gave no answer ("), r.text());
        assertTrue(r.err().contains("); nothing was changed: try by hand: ssh -F none"), r.text());
        assertEquals(1, r.err().lines().count(), r.text());
    }

    /**
     * A swarm manager that lost a node's log stream, through the launcher: the docker on PATH is a STAND-IN for the
     * CLI, and its error line is the one the full CI run got from Docker 20.10 after a partition (docs/scale-out.md).
     */
    @Test
    void swarmLogsWithANodesStreamLostKeepTheOtherLinesAndEndNamingTheNodeAndTheFix() throws IOException {
        Path project = project("swt", """
                config:
                  odoo-stack:odooImage: odoo:17.0
                  odoo-stack:dockerMode: swarm
                """);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, """
                #!/bin/bash
                case "$1 $2" in
                  "version --format") echo 20.10.24 ;;
                  "service logs") echo 'swt_odoo-cron.1.abc@swarm-node-1 | cron: ran'
                    echo 'error from daemon in stream: Error grabbing logs: rpc error: code = Unknown desc = warning:\
                 incomplete log stream. some logs could not be retrieved for the following reasons: node\
                 hymku5h5qz2b0zxldaqhf4bmj is not available' >&2; exit 1 ;;
                  "node inspect") [ "$5" = hymku5h5qz2b0zxldaqhf4bmj ] && echo swarm-node-3 ;;
                  *) exit 1 ;;
                esac
                """);
        docker.toFile().setExecutable(true);
        var r = dev.odoostack.testing.Cmd.run(List.of(REPO.resolve("bin/odoo-stack").toString(), "logs", "swt", "odoo-cron"),
                Map.of("PATH", bin + ":" + System.getenv("PATH"), "HOME", tmp.toString(),
                        "ODOO_STACK_PROJECT_DIR", project.toString()), null, java.time.Duration.ofMinutes(5));
        assertEquals(1, r.exit(), r.text());
        assertTrue(r.out().contains("swt_odoo-cron.1.abc@swarm-node-1 | cron: ran"), r.text());
        List<String> err = r.err().lines().toList();
        assertEquals("odoo-stack: logs: the lines of the tasks on swarm-node-3 are missing: the swarm manager lost that node's"
                + " log stream (Docker does after a network partition); restart Docker on swarm-node-3 (systemctl restart"
                + " docker, its tasks restart), then: bin/odoo-stack logs swt odoo-cron", err.get(err.size() - 1));
    }

    /**
     * A docker CLI STAND-IN whose engine answers, lists {@code ps} as given (the stack's containers, each
     * "compose project|name") and has no container to inspect; and a docker-compose that does nothing. PATH holds
     * them alone: no Pulumi CLI.
     */
    void standIns(String ps) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("docker"), "#!/bin/sh\ncase \"$1\" in\n  version) echo 24.0.7 ;;\n  ps) printf '%s' '"
                + ps + "' ;;\n  *) exit 1 ;;\nesac\n");
        Files.writeString(bin.resolve("docker-compose"), "#!/bin/sh\nexit 0\n");
        bin.resolve("docker").toFile().setExecutable(true);
        bin.resolve("docker-compose").toFile().setExecutable(true);
        vars.put("PATH", bin + ":/usr/bin:/bin");
    }

    /** The last line of a command that refused (exit 1), with the stand-ins listing {@code ps}. */
    String refusal(String ps, String line) throws IOException {
        standIns(ps);
        Run r = run(line.split(" "));
        assertEquals(1, r.exit(), r.text());
        return r.err().lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void moveEngineRefusesAStackWithNoContainersOrOnTheEngineItIsOn() throws IOException {
        assertEquals("odoo-stack: move-engine: stack cm has no containers on the local Docker engine; bring it up on the engine"
                + " you want: bin/odoo-stack up cm --engine compose", refusal("", "move-engine cm --to compose"));
        assertEquals("odoo-stack: move-engine: stack cm already runs on the pulumi engine; nothing to move",
                refusal("|cm-postgres\n|cm-odoo\n", "move-engine cm --to pulumi"));
    }

    @Test
    void moveEngineWithoutThePulumiCliCarriesNothingAndNamesInstallPulumi() throws IOException {
        standIns("cm|cm-postgres\n");
        Run r = run("move-engine", "cm", "--to", "pulumi");
        assertEquals(3, r.exit(), r.text());
        assertEquals("odoo-stack: the Pulumi CLI is not installed, so nothing can be deployed from this machine.",
                r.err().lines().findFirst().orElse(""), r.text());
        assertTrue(r.err().contains("bin/odoo-stack install-pulumi"), r.text());
        assertFalse(Files.exists(tmp.resolve("home").resolve("compose")), "nothing carried, nothing written");
    }

    @Test
    void aProductionStackIsNotMovedBeforeAnythingIsCarried() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.copy(REPO.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.writeString(project.resolve("Pulumi.pr.yaml"), "config:\n  odoo-stack:production: true\n");
        vars.put("ODOO_STACK_PROJECT_DIR", project.toString());
        standIns("pr|pr-postgres\n");
        Run r = run("move-engine", "pr", "--to", "pulumi");
        assertEquals(1, r.exit(), r.text());
        assertTrue(r.err().strip().startsWith("odoo-stack: stack pr has production: true, which protects it from destroy"), r.text());
    }

    @Test
    void destroyOnComposeOfAStackNeverUpThereSaysSo() throws IOException {
        assertEquals("odoo-stack: stack cm was never brought up with the compose engine here ("
                + tmp.resolve("home/compose/cm/project") + ")", refusal("", "destroy cm --engine compose"));
    }

    @Test
    void rebuildOnComposeOfAStackNeverUpThereSaysHowToBringItUp() throws IOException {
        assertEquals("odoo-stack: rebuild: stack cm was never brought up with the compose engine here; bring it up first:"
                + " bin/odoo-stack up cm --engine compose", refusal("", "rebuild cm --engine compose"));
        // the passwords it generated on the way are its owner's alone
        Path passwords = tmp.resolve("home/compose/cm/passwords");
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords)));
        try (var files = Files.list(passwords)) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
                assertEquals(32, Files.readString(f).length(), f.toString());
            }
        }
    }

    @Test
    void restoreOnComposeWithoutTheDatabaseContainerAsksWhetherTheStackIsUp() throws IOException {
        assertEquals("odoo-stack: no container cm-postgres on the local Docker engine: is the stack up? (bin/odoo-stack status cm)",
                refusal("", "restore cm --engine compose"));
    }
}
