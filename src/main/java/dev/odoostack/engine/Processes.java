package dev.odoostack.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Programs run on this process's own terminal and streams, as {@code exec} would in a shell; or read line by line
 * ({@link Lines}).
 */
public final class Processes {
    private Processes() {
    }

    /**
     * Where the compose engine starts a program whose output it reads ({@code docker build}, {@code docker image
     * inspect}): one seam, so a test can stand in for the engine's answers and check what is decided from them.
     */
    public interface Lines {
        /**
         * Runs a program to its end, stdin closed, its output and messages merged line by line into {@code lines}.
         *
         * @param env entries added to this process's environment
         * @return the exit status (130 when interrupted)
         */
        int run(List<String> argv, Map<String, String> env, Consumer<String> lines) throws IOException;

        /** The real one. */
        Lines SYSTEM = (argv, env, lines) -> {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.accept(line);
                }
            } catch (IOException | RuntimeException e) {
                // the caller stops here (its log cannot be written, say): the program must not run on unwatched
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                throw e;
            }
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroy();
                return 130;
            }
        };
    }

    static {
        // a command stopped (Ctrl-C, a test's destroy) takes what it started with it: docker logs -f, psql, pulumi
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    }

    /** Runs {@code command} with the environment given, on this process's stdin, stdout and stderr; its exit code. */
    public static int attached(List<String> command, Map<String, String> env) {
        return attached(command, env, null);
    }

    /** The same in a working directory of its own (null: this process's). */
    public static int attached(List<String> command, Map<String, String> env, java.nio.file.Path dir) {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** What a program printed and how it ended; {@code ended} false when it was stopped at its time limit. */
    public record Captured(boolean ended, int exit, String out, String err) {
    }

    /** Runs {@code command} with the environment given, its output captured, stdin given (or none), stopped after {@code limit}. */
    public static Captured captured(List<String> command, Map<String, String> env, String stdin, java.time.Duration limit) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            Drain out = Drain.of(p.getInputStream());
            Drain err = Drain.of(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the program ended without reading its input: what it printed says why
            }
            if (!p.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Captured(false, -1, out.text(), err.text());
            }
            out.join();
            err.join();
            return new Captured(true, p.exitValue(), out.text(), err.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /** Reads a stream to its end on a thread of its own, so neither of a program's two outputs blocks it. */
    private static final class Drain extends Thread {
        private final java.io.InputStream in;
        private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

        private Drain(java.io.InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        static Drain of(java.io.InputStream in) {
            Drain d = new Drain(in);
            d.start();
            return d;
        }

        @Override
        public void run() {
            try {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process went; what it wrote is kept
            }
        }

        String text() {
            return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
