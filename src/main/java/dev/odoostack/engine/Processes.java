package dev.odoostack.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Programs run on this process's own terminal and streams, as {@code exec} would in a shell. */
public final class Processes {
    private Processes() {
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
