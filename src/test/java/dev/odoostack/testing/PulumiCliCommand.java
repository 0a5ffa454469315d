package dev.odoostack.testing;

import com.pulumi.automation.AutomationException;
import com.pulumi.automation.CommandException;
import com.pulumi.automation.CommandResult;
import com.pulumi.automation.CommandRunOptions;
import com.pulumi.automation.ConcurrentUpdateException;
import com.pulumi.automation.PulumiCommand;
import com.pulumi.automation.StackAlreadyExistsException;
import com.pulumi.automation.StackNotFoundException;
import com.pulumi.automation.Version;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Automation API's {@link PulumiCommand} for the CLI at a given path. pulumi-java 1.36.1's
 * {@code LocalPulumiCommand} always runs plain {@code pulumi}, which Java resolves on the PATH of this JVM (not the
 * child's), and its options take no path. Like {@code LocalPulumiCommand} with an absolute command, this puts the
 * CLI's directory first on the child's PATH, so the engine finds the providers built beside it. Inherited
 * {@code PULUMI_*} variables are dropped: the CLI sees only those the workspace gives. No engine event log:
 * {@code onEvent} is refused.
 */
public final class PulumiCliCommand implements PulumiCommand {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final Path cli;
    private final Version version;

    private PulumiCliCommand(Path cli, Version version) {
        this.cli = cli;
        this.version = version;
    }

    public static PulumiCliCommand at(Path cli) {
        Cmd.Result r = Cmd.run(List.of(cli.toString(), "version")).orThrow();
        return new PulumiCliCommand(cli, Version.parse(r.out().strip().replaceFirst("^v", "")));
    }

    @Override
    public Version version() {
        return version;
    }

    @Override
    public CommandResult run(List<String> args, CommandRunOptions options) throws AutomationException {
        if (options.onEngineEvent() != null) {
            throw new AutomationException("PulumiCliCommand keeps no engine event log: onEvent is not supported");
        }
        List<String> command = new ArrayList<>(List.of(cli.toString()));
        command.addAll(args);
        if (!args.contains("--non-interactive")) {
            command.add("--non-interactive");
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        if (options.workingDir() != null) {
            pb.directory(options.workingDir().toFile());
        }
        var env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PULUMI_"));
        if (options.additionalEnv() != null) {
            env.putAll(options.additionalEnv());
        }
        String path = env.getOrDefault("PATH", "");
        env.put("PATH", cli.getParent() + (path.isEmpty() ? "" : ":" + path));
        try {
            Process p = pb.start();
            var out = lines(p.getInputStream(), options.onStandardOutput());
            var err = lines(p.getErrorStream(), options.onStandardError());
            try (var stdin = p.getOutputStream()) {
                if (options.standardInput() != null) {
                    stdin.write(options.standardInput().getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AutomationException("pulumi " + args + " still running after " + LIMIT + ", killed");
            }
            var result = new CommandResult(p.exitValue(), out.join(), err.join());
            if (result.code() != 0) {
                throw failure(result);
            }
            return result;
        } catch (IOException e) {
            throw new AutomationException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AutomationException(e);
        }
    }

    private static CompletableFuture<String> lines(InputStream in, Consumer<String> each) {
        return CompletableFuture.supplyAsync(() -> {
            var all = new StringBuilder();
            try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    all.append(line).append('\n');
                    if (each != null) {
                        each.accept(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return all.toString();
        }, job -> {
            // a thread of its own: a blocking read must not hold one of the common pool's few threads
            Thread t = new Thread(job, "pulumi-output");
            t.setDaemon(true);
            t.start();
        });
    }

    // the exception types LocalPulumiCommand raises, which LocalWorkspace and WorkspaceStack tell apart
    private static CommandException failure(CommandResult r) {
        String err = r.standardError();
        if (err.matches("(?s).*no stack named.*found.*")) {
            return new StackNotFoundException(r);
        }
        if (err.matches("(?s).*stack.*already exists.*")) {
            return new StackAlreadyExistsException(r);
        }
        if (err.contains("[409] Conflict: Another update is currently in progress.") || err.contains("the stack is currently locked by")) {
            return new ConcurrentUpdateException(r);
        }
        return new CommandException(r);
    }
}
