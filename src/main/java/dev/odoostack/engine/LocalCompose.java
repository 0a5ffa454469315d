package dev.odoostack.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoostack.assembly.ChangeGuard;
import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.cli.ComposeWriter;
import dev.odoostack.cli.LocalAccess;
import dev.odoostack.cli.SiblingStacks;
import dev.odoostack.compose.ComposeFile;
import dev.odoostack.config.ConfigException;
import dev.odoostack.config.ConfigKey;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.DockerEndpoint;
import dev.odoostack.config.Problem;
import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.model.Deployment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compose engine's rendering of a stack: the whole stack for the local Docker engine (Traefik included), with
 * the stack's secrets placed as files, its local commands ({@link LocalCommands}) and image builds
 * ({@link LocalBuilds}) beside the compose file.
 */
final class LocalCompose {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalCompose() {
    }

    /** What stops a rendering before anything is written (a change {@link ChangeGuard} refuses...): one line each. */
    static final class Refused extends RuntimeException {
        final List<String> lines;

        Refused(List<String> lines) {
            super(String.join("\n", lines));
            this.lines = List.copyOf(lines);
        }
    }

    /**
     * {@link #write}, for the engine: a configuration problem, a refused change or a file that cannot be written
     * ends the command, each in its line on {@code err} ({@code odoo-stack compose <stack>: ...}).
     *
     * @param previous the outputs.json of the last successful up (absent for a new stack)
     */
    static void render(Path projectDir, String stack, Path secretsDir, String dockerHost, Path previous, Path dir,
                       PrintStream err) {
        try {
            write(projectDir, stack, secretsDir, dockerHost, ComposeWriter.previousOutputs(previous), dir);
            return;
        } catch (ConfigException e) {
            err.println("odoo-stack compose " + stack + ": " + e.problems().size() + " configuration problem(s), nothing written:");
            for (Problem p : e.problems()) {
                err.println("  - " + p.message());
            }
        } catch (Refused e) {
            e.lines.forEach(err::println);
        } catch (IOException e) {
            err.println("odoo-stack compose " + stack + ": cannot write: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println("odoo-stack compose " + stack + ": " + e.getMessage());
        }
        throw Failure.said(1);
    }

    /**
     * The stack's image builds alone ({@link LocalBuilds#FILE}), from the stack file without its passwords: on a
     * swarm both engines build that way before deploying (docs/scale-out.md). A problem ends the command in one line.
     */
    static void writeBuilds(Path projectDir, String stack, String dockerHost, Path dir, PrintStream err) {
        try {
            Settings settings = SettingsParser.parse(stack, DockerEndpoint.withEngine(
                    StackFile.read(StackFile.path(projectDir, stack)),
                    dockerHost == null ? Map.of() : Map.of(DockerEndpoint.ENV, dockerHost)), SecretPolicy.ALLOW_MISSING);
            Path project = projectDir.toAbsolutePath().normalize();
            Files.createDirectories(dir);
            LocalBuilds.write(DeploymentModel.of(settings, project), project, dir);
        } catch (IOException | RuntimeException e) {
            err.println("odoo-stack builds " + stack + ": " + e.getMessage());
            throw Failure.said(1);
        }
    }

    /**
     * The whole stack for the local engine ({@code bin/odoo-stack up --engine compose}).
     *
     * @param secretsDir one file per secret key ({@code postgresPassword}...), as bin/odoo-stack keeps them
     * @param dockerHost the engine compose talks to, for Traefik's socket, unless the stack names docker:host
     * @param previous   the outputs of the stack's last successful up ({@link ComposeWriter#OUTPUTS}), empty for a new stack
     * @throws ConfigException listing every configuration problem; nothing is written then
     * @throws Refused when the change would damage the running stack; nothing is written then
     */
    static ComposeFile.Rendered write(Path projectDir, String stack, Path secretsDir, String dockerHost,
                                      Map<String, Object> previous, Path dir) throws IOException {
        Map<String, RawValue> raw = new TreeMap<>(StackFile.read(StackFile.path(projectDir, stack)));
        for (ConfigKey key : ConfigKeys.ALL) {
            Path file = secretsDir.resolve(key.name());
            if (key.secret() && Files.isRegularFile(file)) {
                raw.put(key.fullName(), RawValue.secret(Files.readString(file).replaceAll("\\R$", "")));
            }
        }
        Settings settings = SettingsParser.parse(stack, DockerEndpoint.withEngine(raw,
                dockerHost == null ? Map.of() : Map.of(DockerEndpoint.ENV, dockerHost)), SecretPolicy.REQUIRE);
        SiblingStacks.check(projectDir, settings, dockerHost);
        Path project = projectDir.toAbsolutePath().normalize();
        List<String> refusals = ChangeGuard.refusals(previous, settings);
        if (!refusals.isEmpty()) {
            throw new Refused(refusals);
        }
        LocalAccess.problem(settings).ifPresent(line -> {
            throw new Refused(List.of(line));
        });
        Deployment model = DeploymentModel.of(settings, project);
        ComposeFile.Rendered r = ComposeFile.renderLocal(model, project.toString());
        ComposeWriter.writeFiles(dir, r);
        // what the guard compares the next up with, once bin/odoo-stack has seen this one succeed
        Files.writeString(dir.resolve(ComposeWriter.OUTPUTS), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(model.outputs().asMap()) + "\n");
        LocalCommands.write(model, dir);
        LocalBuilds.write(model, project, dir);
        Path secrets = dir.resolve(ComposeFile.SECRETS_DIR);
        ComposeWriter.clear(secrets);
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
}
