package dev.odoostack.cli;

import dev.odoostack.compose.ComposeFile;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.assembly.DeploymentModel;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a stack's compose file and the files it mounts for Coolify (the same stack file and sources give the same
 * bytes); the compose engine's own rendering (engine.LocalCompose) writes its files the same way.
 */
public final class ComposeWriter {
    /** The stack outputs of a local rendering, next to its compose file; bin/odoo-stack keeps the last applied. */
    public static final String OUTPUTS = "outputs.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ComposeWriter() {
    }

    /** The outputs recorded by the last successful up; empty when there is none (a new or destroyed stack). */
    public static Map<String, Object> previousOutputs(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return JSON.readValue(file.toFile(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not the JSON bin/odoo-stack records after an up ("
                    + e.getOriginalMessage() + "); the copy next to the last rendering is " + file.resolveSibling("project").resolve(OUTPUTS));
        }
    }

    /** @throws dev.odoostack.config.ConfigException listing every configuration problem; nothing is written then */
    static ComposeFile.Rendered write(Path projectDir, String stack, Path dir) throws IOException {
        // passwords are Coolify variables here, so the stack file need not hold them
        Settings settings = SettingsParser.parse(stack, StackFile.read(StackFile.path(projectDir, stack)), SecretPolicy.ALLOW_MISSING);
        String projectFromCompose = dir.toAbsolutePath().normalize().relativize(projectDir.toAbsolutePath().normalize()).toString();
        ComposeFile.Rendered r = ComposeFile.render(DeploymentModel.of(settings, projectDir),
                StackFile.digest(StackFile.path(projectDir, stack)),
                projectFromCompose.isEmpty() ? "." : projectFromCompose);
        writeFiles(dir, r);
        return r;
    }

    /** Empties {@code dir} of what an earlier rendering wrote there. */
    public static void clear(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p); // only what an earlier render wrote: the directory is ours
                }
            }
        }
    }

    /** The compose file and the files it mounts, into {@code dir}. */
    public static void writeFiles(Path dir, ComposeFile.Rendered r) throws IOException {
        clear(dir.resolve(ComposeFile.FILES_DIR));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("docker-compose.yml"), r.compose());
        for (var f : r.files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            p.toFile().setExecutable(r.executables().contains(f.getKey()), false);
        }
    }
}
