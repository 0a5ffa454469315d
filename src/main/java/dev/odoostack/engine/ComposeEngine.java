package dev.odoostack.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoostack.cli.GeneratedSecrets;
import dev.odoostack.model.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The compose engine on one Docker host: the same model rendered as a compose project ({@link LocalCompose}) under
 * {@code <home>/compose/<stack>}, with its passwords as files beside it, applied with docker-compose; for a swarm
 * (dockerMode: swarm), the rendering is a stack file that {@link Swarm} deploys.
 */
public final class ComposeEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());
    private final String stack;
    private final Path project;
    private final Path home;
    private final Map<String, String> vars;
    private final PrintStream out;
    private final PrintStream err;
    private final Docker docker;

    private ComposeEngine(String stack, Path project, Path home, Map<String, String> vars, PrintStream out, PrintStream err,
                          Docker docker) {
        this.stack = stack;
        this.project = project;
        this.home = home;
        this.vars = vars;
        this.out = out;
        this.err = err;
        this.docker = docker;
    }

    /**
     * The stack's compose engine, once docker-compose is installed and the engine at DOCKER_HOST answers.
     *
     * @param stateHome where state, passphrase and passwords live (ODOO_STACK_HOME)
     */
    public static ComposeEngine open(String stack, Path project, Path stateHome, Map<String, String> vars,
                                     PrintStream out, PrintStream err) {
        Tools.dockerCompose(vars);
        Docker docker = new Docker(vars).mustAnswer();
        return new ComposeEngine(stack, project, stateHome.resolve("compose").resolve(stack), vars, out, err, docker);
    }

    /** The rendering the last up applied. */
    private Path applied() {
        return home.resolve("project");
    }

    private Path passwordsDir() {
        return home.resolve("passwords");
    }

    /** The file of one password of the stack (postgresPassword...), which move-engine carries over. */
    public Path password(String key) {
        return passwordsDir().resolve(key);
    }

    /** Whether the stack was ever brought up with this engine here (and not destroyed since). */
    public boolean everUp() {
        return Files.isRegularFile(applied().resolve("docker-compose.yml"));
    }

    /**
     * Builds what changed, runs the commands due, brings every container up and waits until each is healthy; the
     * outputs the guard compares the next up with are recorded only then.
     *
     * On a swarm, {@link Swarm#deploy} does the same with {@code docker stack deploy}.
     */
    public void up() {
        hostChecks();
        passwords();
        render(applied());
        if (onSwarm(applied())) {
            new Swarm(docker, vars, err).deploy(stack, applied(), home);
            return;
        }
        RunningStack.refuseOther(docker, stack, "compose");
        // the images first: a build that fails leaves everything running as it was. An image is built only when its
        // content tag is missing, so unchanged inputs build nothing
        LocalBuilds.build(applied(), home.resolve("build.log"), false, err);
        // commands the containers need (the addon checkout) next, as Pulumi orders them
        commands(CommandSpec.Phase.BEFORE);
        err.println("odoo-stack: docker-compose up for stack " + stack + " (compose engine; project " + applied() + ")");
        // no --build: every image is there now, so compose builds nothing
        compose("up", "--detach", "--remove-orphans");
        waitHealthy();
        if (restartChanged("restarting %s: the code it runs changed")) {
            waitHealthy();
        }
        // commands that need the running stack (the restore) last
        commands(CommandSpec.Phase.AFTER);
        // the outputs the guard compares the next up with: those of an up that succeeded, replaced in one step
        try {
            Path next = home.resolve("outputs.json.new");
            Files.copy(applied().resolve("outputs.json"), next, StandardCopyOption.REPLACE_EXISTING);
            Files.move(next, home.resolve("outputs.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        err.println("odoo-stack: stack " + stack + " is up: " + url());
    }

    /** What up would create, recreate or remove, on stdout; the rendering (it holds the passwords) goes after. */
    public void preview() {
        hostChecks();
        passwords();
        Path next = temporary();
        try {
            render(next);
            out.println("odoo-stack preview " + stack + " (compose engine): what up would change");
            if (everUp()) {
                out.print(diff(next));
            } else {
                out.println("  everything: the stack was never brought up with the compose engine here");
            }
        } finally {
            delete(next);
        }
    }

    /** The containers and networks go (compose down, or docker stack rm on a swarm); the data stays. */
    public void destroy() {
        if (!everUp()) {
            throw new Failure("stack " + stack + " was never brought up with the compose engine here (" + applied() + ")");
        }
        if (onSwarm(applied())) {
            new Swarm(docker, vars, err).destroy(stack);
        } else {
            compose("down", "--remove-orphans");
        }
        // like pulumi destroy, which drops the stack outputs: the next up may change what the guard protects
        try {
            Files.deleteIfExists(home.resolve("outputs.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stack's restore from the legacy host now, with the environment up would give it; its exit code. */
    public int restore() {
        passwords();
        Path next = temporary();
        try {
            render(next);
            // on a swarm, restore.sh finds PostgreSQL's task itself
            if (!onSwarm(next) && !docker.exists(stack + "-postgres")) {
                throw new Failure("no container " + stack + "-postgres on " + vars.getOrDefault("DOCKER_HOST", "the local Docker engine")
                        + ": is the stack up? (bin/odoo-stack status " + stack + ")");
            }
            return commandNow(next, "restore", null, false, out);
        } finally {
            delete(next); // it holds the passwords
        }
    }

    /**
     * Fetches the addons again, builds every image of the stack, recreates what runs on a changed image and restarts
     * what runs the fetched code; refused while the stack has other pending changes.
     */
    public void rebuild() {
        passwords();
        noPendingChanges("rebuild");
        err.println("odoo-stack: rebuild " + stack + ": fetching the addon repositories again (where the stack has any)");
        if (commandNow(applied(), "fetch-addons", home.resolve("restarts"), true, NOWHERE) != 0) {
            throw Failure.said(1);
        }
        LocalBuilds.build(applied(), home.resolve("build.log"), true, err);
        // a container whose image changed is recreated; the others that run the fetched code are restarted below
        compose("up", "--detach", "--remove-orphans");
        waitHealthy();
        restartChanged("rebuild " + stack + ": restarting %s on the fetched code");
        waitHealthy();
        err.println("odoo-stack: stack " + stack + " rebuilt: " + url());
    }

    /** The passwords the stack needs that may be generated, each a file of its own (mode 600) where missing. */
    public void passwords() {
        try {
            ownersAlone(passwordsDir());
            for (String key : GeneratedSecrets.needed(project, stack)) {
                Path file = password(key);
                if (Files.isRegularFile(file) && Files.size(file) > 0) {
                    continue;
                }
                writeOwnersAlone(file, PulumiSetup.randomSecret());
                err.println("odoo-stack: generated " + key + " for stack " + stack + " into " + file + " (mode 600)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A password file, its owner's alone: a directory of mode 700 and a file of mode 600, from the start. */
    public void writePassword(String key, String value) {
        try {
            ownersAlone(passwordsDir());
            writeOwnersAlone(password(key), value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOwnersAlone(Path file, String value) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, value);
    }

    /** Each directory from the state home down to {@code dir}: its owner's alone, whatever the umask. */
    private void ownersAlone(Path dir) throws IOException {
        Path d = home.getParent().getParent();
        PulumiSetup.ownersAlone(d);
        for (Path part : d.relativize(dir)) {
            d = d.resolve(part);
            PulumiSetup.ownersAlone(d);
        }
    }

    /** A one-off action applies nothing else: the applied rendering must be what the stack file renders to now. */
    private void noPendingChanges(String action) {
        if (!everUp()) {
            throw new Failure(action + ": stack " + stack + " was never brought up with the compose engine here; bring it"
                    + " up first: bin/odoo-stack up " + stack + " --engine compose");
        }
        Path next = temporary();
        String diff;
        try {
            render(next);
            diff = diff(next).strip();
        } finally {
            delete(next);
        }
        if (diff.equals("no changes")) {
            return;
        }
        List<String> changed = diff.lines().filter(l -> l.matches("^ {0,2}[-+~] .*")).map(l -> l.strip().substring(2)).toList();
        throw new Failure(action + ": stack " + stack + " has pending changes besides the " + action + " (" + changed.size()
                + " container(s) or network(s): " + String.join(", ", changed) + "); a " + action + " applies nothing else."
                + " Apply them first: bin/odoo-stack preview " + stack + " --engine compose shows them, bin/odoo-stack up "
                + stack + " --engine compose applies them; then bin/odoo-stack " + action + " " + stack + " --engine compose");
    }

    /**
     * The containers the last local commands said run changed code (the restarts file), restarted; each with its
     * line ({@code line} has one %s, the container).
     *
     * @return whether any was restarted
     */
    private boolean restartChanged(String line) {
        Path file = home.resolve("restarts");
        List<String> names;
        try {
            names = Files.isRegularFile(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : names) {
            err.println("odoo-stack: " + line.formatted(name));
            var r = docker.run("restart", name);
            if (!r.ok()) {
                throw new Failure("docker restart " + name + " failed: " + r.err().strip() + " (bin/odoo-stack status " + stack + ")");
            }
        }
        return !names.isEmpty();
    }

    /** Every container of the compose project healthy, or done for a one-shot one, within the one deadline. */
    private void waitHealthy() {
        Health.waitFor(docker, () -> {
            var ps = docker.run("ps", "-aq", "--filter", "label=com.docker.compose.project=" + projectName());
            if (!ps.ok()) {
                throw new Failure("docker ps failed against " + docker.engine() + ": " + ps.err().strip()
                        + " (bin/odoo-stack status " + stack + " shows what runs)");
            }
            return ps.text().lines().filter(l -> !l.isBlank()).toList();
        }, Health.limit(vars), "docker ps -a shows which", err);
    }

    /** The compose project's name: the stack's directory under compose/. */
    private String projectName() {
        return home.getFileName().toString();
    }

    /** docker-compose on the applied rendering, on this process's streams; a failure is its output and one line. */
    private void compose(String... args) {
        List<String> c = new ArrayList<>(List.of(Tools.dockerCompose(vars).toString(), "--project-name", projectName(),
                "--project-directory", applied().toString(), "--file", applied().resolve("docker-compose.yml").toString()));
        c.addAll(List.of(args));
        out.flush();
        err.flush();
        int rc = Processes.attached(c, vars);
        if (rc != 0) {
            throw new Failure("docker-compose " + args[0] + " for stack " + stack + " failed (its output is above); the data"
                    + " stays: bin/odoo-stack status " + stack + " shows what runs", rc);
        }
    }

    /** What only the Docker host can answer (its memory, the shared proxy network), one line per problem. */
    private void hostChecks() {
        if (!HostFacts.check(project, stack, vars, err)) {
            throw Failure.said(1);
        }
    }

    /**
     * The local rendering of the stack into {@code dir}; configuration problems and changes the guard refuses
     * (compared with the outputs of the last successful up) end here, each in its line.
     */
    private void render(Path dir) {
        LocalCompose.render(project, stack, passwordsDir(), docker.engine(), home.resolve("outputs.json"), dir, err);
    }

    /** The stack's local commands of a phase that are due (docs/operations.md). */
    private void commands(CommandSpec.Phase phase) {
        out.flush();
        int rc;
        try {
            rc = LocalCommands.run(applied(), home.resolve("commands"), project, phase, home.resolve("restarts"), out, err);
        } catch (IOException e) {
            err.println("odoo-stack commands: " + e.getMessage());
            rc = 1;
        }
        if (rc != 0) {
            throw Failure.said(1); // its last line says which command failed, why, and what happens next
        }
    }

    /** One local command of {@code rendering} now, whatever its record says; its exit code, having said why. */
    private int commandNow(Path rendering, String name, Path restarts, boolean ifDeclared, PrintStream stdout) {
        out.flush();
        try {
            return LocalCommands.runNow(rendering, name, List.of(), project, restarts, ifDeclared, stdout, err);
        } catch (IOException e) {
            err.println("odoo-stack commands: " + e.getMessage());
            return 1;
        }
    }

    /** What applying {@code next} over the applied rendering would change ({@link ComposeDiff}). */
    private String diff(Path next) {
        try {
            return ComposeDiff.of(applied(), next).text();
        } catch (IOException e) {
            err.println("odoo-stack compose-diff: cannot read: " + e.getMessage());
            throw Failure.said(1);
        }
    }

    private static boolean onSwarm(Path rendering) {
        return outputs(rendering).path("dockerMode").asText().equals("swarm");
    }

    private String url() {
        return outputs(applied()).path("url").asText();
    }

    private static JsonNode outputs(Path rendering) {
        try {
            return JSON.readTree(rendering.resolve("outputs.json").toFile());
        } catch (IOException e) {
            throw new Failure("cannot read " + rendering.resolve("outputs.json") + ": " + e.getMessage());
        }
    }

    /** A directory for a rendering that is not applied (or a swarm's builds), its owner's alone (it holds the passwords). */
    static Path temporary() {
        try {
            return Files.createTempDirectory("odoo-stack-compose", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
