package dev.odoostack.cli;

import dev.odoostack.config.ConfigException;
import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.edge.SharedHost;
import dev.odoostack.edge.StackReferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The project's other stack files, read to check the stacks that share a Docker host ({@link SharedHost}). */
public final class SiblingStacks {
    private SiblingStacks() {
    }

    /**
     * @param defaultDockerHost the engine a stack without docker:host goes to (the compose engine's), or null
     * @throws ConfigException listing what clashes with another stack of the project on the same host
     */
    public static void check(Path projectDir, Settings self, String defaultDockerHost) {
        Map<String, Settings> others = of(projectDir, self.stack(), defaultDockerHost);
        var problems = new java.util.ArrayList<>(SharedHost.problems(self, others));
        problems.addAll(StackReferences.problems(self, names(projectDir), others));
        if (!problems.isEmpty()) {
            throw new ConfigException(self.stack(), problems);
        }
    }

    /** The names of the project's stack files, Pulumi.NAME.yaml. */
    static java.util.Set<String> names(Path projectDir) {
        try (Stream<Path> files = Files.list(projectDir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("Pulumi.") && n.endsWith(".yaml") && !n.equals("Pulumi.yaml"))
                    .map(n -> n.substring("Pulumi.".length(), n.length() - ".yaml".length()))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(projectDir + ": cannot list the stack files", e);
        }
    }

    /** The other stacks whose files parse; one that does not is left to its own commands to report. */
    public static Map<String, Settings> of(Path projectDir, String stack, String defaultDockerHost) {
        Map<String, Settings> others = new TreeMap<>();
        try (Stream<Path> files = Files.list(projectDir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.startsWith("Pulumi.") || !name.endsWith(".yaml") || name.equals("Pulumi.yaml")) {
                    continue;
                }
                String other = name.substring("Pulumi.".length(), name.length() - ".yaml".length());
                if (other.equals(stack)) {
                    continue;
                }
                try {
                    // the engine rule the stack at hand was read with (DockerEndpoint.withEngine): a sibling without
                    // docker:host goes to the same default engine, else a shared port would go unnoticed
                    Map<String, RawValue> raw = dev.odoostack.config.DockerEndpoint.withEngine(StackFile.read(f),
                            defaultDockerHost == null ? Map.of() : Map.of(dev.odoostack.config.DockerEndpoint.ENV, defaultDockerHost));
                    others.put(other, SettingsParser.parse(other, raw, SecretPolicy.ALLOW_MISSING));
                } catch (ConfigException | IllegalArgumentException | UncheckedIOException e) {
                    // its own plan or up names the problem
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(projectDir + ": cannot list the stack files", e);
        }
        return others;
    }
}
