package dev.odoostack.engine;

import dev.odoostack.assembly.HostChecks;
import dev.odoostack.cli.SiblingStacks;
import dev.odoostack.config.ConfigException;
import dev.odoostack.config.DockerEndpoint;
import dev.odoostack.config.Problem;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shell side of the host checks: it only asks the Docker CLI ({@code docker info}, {@code docker network
 * inspect}) and hands the answers to {@link HostChecks}, which decides.
 */
public final class HostFacts {
    private HostFacts() {
    }

    /**
     * The host checks ({@link HostChecks}) of {@code stack} against the facts the Docker CLI gives, before preview
     * and up; each problem is one line on {@code err}. No engine answering is one line and no refusal (the deploy
     * then says why it cannot reach it).
     *
     * @param env the environment the stack is deployed from: its DOCKER_HOST, unless the stack names docker:host
     * @return whether the host can take the stack (or could not be asked)
     */
    public static boolean check(Path projectDir, String stack, Map<String, String> env, PrintStream err) {
        return check(projectDir, stack, env, Processes.Lines.SYSTEM, err);
    }

    static boolean check(Path projectDir, String stack, Map<String, String> env, Processes.Lines processes, PrintStream err) {
        try {
            var settings = SettingsParser.parse(stack, DockerEndpoint.withEngine(
                    StackFile.read(StackFile.path(projectDir, stack)), env), SecretPolicy.ALLOW_MISSING);
            var others = SiblingStacks.of(projectDir, stack, env.get(DockerEndpoint.ENV));
            String engine = DockerEndpoint.of(settings, env).url();
            var facts = ask(processes, engine, HostChecks.networksToAsk(settings, others));
            if (facts.isEmpty()) {
                err.println("odoo-stack host-check " + stack + ": not made: no Docker engine answers at " + engine + " (docker info)");
                return true;
            }
            List<Problem> problems = HostChecks.problems(settings, facts.get(), others);
            problems.forEach(p -> err.println("odoo-stack host-check " + stack + ": " + p.message()));
            return problems.isEmpty();
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("odoo-stack host-check " + stack + ": " + p.message()));
            return false;
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            err.println("odoo-stack host-check " + stack + ": " + e.getMessage());
            return false;
        }
    }

    /** @return empty when no Docker engine answers at {@code engine}: nothing can be checked then */
    private static Optional<HostChecks.Facts> ask(Processes.Lines processes, String engine, Set<String> networks) throws IOException {
        List<String> out = new ArrayList<>();
        int rc = processes.run(docker(engine, "info", "--format", "{{.MemTotal}}"), Map.of(), out::add);
        if (rc != 0 || out.isEmpty()) {
            return Optional.empty();
        }
        long bytes;
        try {
            bytes = Long.parseLong(out.get(out.size() - 1).strip());
        } catch (NumberFormatException e) {
            bytes = -1; // an engine that does not say: the memory check is not made
        }
        Set<String> present = new TreeSet<>();
        for (String network : networks) {
            if (processes.run(docker(engine, "network", "inspect", "--format", "{{.Name}}", network), Map.of(), l -> {
            }) == 0) {
                present.add(network);
            }
        }
        return Optional.of(new HostChecks.Facts(engine, bytes < 0 ? -1 : bytes / (1024 * 1024), present));
    }

    private static List<String> docker(String engine, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker", "--host", engine));
        argv.addAll(List.of(args));
        return argv;
    }
}
