package dev.odoostack.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the day-2 commands start a program on this machine ({@code docker build}, {@code docker image inspect}):
 * one seam, so a test can stand in for the engine's answers and check what the command decides from them.
 */
interface Processes {
    /**
     * Runs a program to its end, stdin closed, its output and messages merged line by line into {@code lines}.
     *
     * @param env entries added to this process's environment
     * @return the exit status (130 when interrupted)
     */
    int run(List<String> argv, Map<String, String> env, Consumer<String> lines) throws IOException;

    /** The real one. */
    Processes SYSTEM = (argv, env, lines) -> {
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
