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
}
