package dev.odoostack.cli;

import dev.odoostack.compose.ComposeFile;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.program.StackProgram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Writes a stack's compose file for Coolify and the files it mounts; the same stack file and commit give the same bytes. */
final class ComposeWriter {
    private ComposeWriter() {
    }

    /** @throws dev.odoostack.config.ConfigException listing every configuration problem; nothing is written then */
    static ComposeFile.Rendered write(Path projectDir, String stack, String commit, Path dir) throws IOException {
        // passwords are Coolify variables here, so the stack file need not hold them
        Settings settings = SettingsParser.parse(stack, StackFile.read(StackFile.path(projectDir, stack)), SecretPolicy.ALLOW_MISSING);
        String projectFromCompose = dir.toAbsolutePath().normalize().relativize(projectDir.toAbsolutePath().normalize()).toString();
        ComposeFile.Rendered r = ComposeFile.render(StackProgram.model(settings, projectDir), commit,
                projectFromCompose.isEmpty() ? "." : projectFromCompose);
        Path files = dir.resolve(ComposeFile.FILES_DIR);
        if (Files.isDirectory(files)) {
            try (Stream<Path> old = Files.walk(files)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p); // only what an earlier render wrote: the directory is ours
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("docker-compose.yml"), r.compose());
        for (var f : r.files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            p.toFile().setExecutable(r.executables().contains(f.getKey()), false);
        }
        return r;
    }
}
