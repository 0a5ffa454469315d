package dev.odoostack.cli;

import dev.odoostack.compose.ComposeFile;
import dev.odoostack.config.ConfigKey;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.assembly.ChangeGuard;
import dev.odoostack.assembly.DeploymentModel;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a stack's compose file and the files it mounts: for Coolify (the same stack file and sources give the same
 * bytes), or for the local engine, with the stack's secrets placed as files.
 */
final class ComposeWriter {
    /** The stack outputs of a local rendering, next to its compose file; bin/odoo-stack keeps the last applied. */
    static final String OUTPUTS = "outputs.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What stops a rendering before anything is written (a change {@link ChangeGuard} refuses...): one line each. */
    static final class Refused extends RuntimeException {
        final List<String> lines;

        Refused(List<String> lines) {
            super(String.join("\n", lines));
            this.lines = List.copyOf(lines);
        }
    }

    private ComposeWriter() {
    }

    /** The outputs recorded by the last successful up; empty when there is none (a new or destroyed stack). */
    static Map<String, Object> previousOutputs(Path file) throws IOException {
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

    /** The stack's image builds alone ({@link LocalBuilds#FILE}), from the stack file without its passwords. */
    static void writeBuilds(Path projectDir, String stack, String dockerHost, Path dir) throws IOException {
        Settings settings = SettingsParser.parse(stack, dev.odoostack.config.DockerEndpoint.withEngine(
                StackFile.read(StackFile.path(projectDir, stack)),
                dockerHost == null ? Map.of() : Map.of(dev.odoostack.config.DockerEndpoint.ENV, dockerHost)), SecretPolicy.ALLOW_MISSING);
        Path project = projectDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        LocalBuilds.write(DeploymentModel.of(settings, project), project, dir);
    }

    /**
     * The whole stack for the local engine ({@code bin/odoo-stack up --engine compose}).
     *
     * @param secretsDir one file per secret key ({@code postgresPassword}...), as bin/odoo-stack keeps them
     * @param dockerHost the engine compose talks to, for Traefik's socket, unless the stack names docker:host
     * @param previous   the outputs of the stack's last successful up ({@link #OUTPUTS}), empty for a new stack
     * @throws dev.odoostack.config.ConfigException listing every configuration problem; nothing is written then
     * @throws Refused when the change would damage the running stack; nothing is written then
     */
    static ComposeFile.Rendered writeLocal(Path projectDir, String stack, Path secretsDir, String dockerHost,
                                           Map<String, Object> previous, Path dir) throws IOException {
        Map<String, RawValue> raw = new TreeMap<>(StackFile.read(StackFile.path(projectDir, stack)));
        for (ConfigKey key : ConfigKeys.ALL) {
            Path file = secretsDir.resolve(key.name());
            if (key.secret() && Files.isRegularFile(file)) {
                raw.put(key.fullName(), RawValue.secret(Files.readString(file).replaceAll("\\R$", "")));
            }
        }
        Settings settings = SettingsParser.parse(stack, dev.odoostack.config.DockerEndpoint.withEngine(raw,
                dockerHost == null ? Map.of() : Map.of(dev.odoostack.config.DockerEndpoint.ENV, dockerHost)), SecretPolicy.REQUIRE);
        SiblingStacks.check(projectDir, settings, dockerHost);
        Path project = projectDir.toAbsolutePath().normalize();
        List<String> refusals = ChangeGuard.refusals(previous, settings);
        if (!refusals.isEmpty()) {
            throw new Refused(refusals);
        }
        LocalAccess.problem(settings).ifPresent(line -> {
            throw new Refused(List.of(line));
        });
        dev.odoostack.model.Deployment model = DeploymentModel.of(settings, project);
        ComposeFile.Rendered r = ComposeFile.renderLocal(model, project.toString());
        writeFiles(dir, r);
        // what the guard compares the next up with, once bin/odoo-stack has seen this one succeed
        Files.writeString(dir.resolve(OUTPUTS), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(model.outputs().asMap()) + "\n");
        LocalCommands.write(model, dir);
        LocalBuilds.write(model, project, dir);
        Path secrets = dir.resolve(ComposeFile.SECRETS_DIR);
        clear(secrets);
        // the directory keeps other users of the host out; the files themselves must be readable by the
        // containers' own users (postgres, odoo), as the files Pulumi uploads are
        Files.createDirectories(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        for (var f : r.secretFiles().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return r;
    }

    private static void clear(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p); // only what an earlier render wrote: the directory is ours
                }
            }
        }
    }

    private static void writeFiles(Path dir, ComposeFile.Rendered r) throws IOException {
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
