package dev.odoostack.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time limit; output goes through files so no pipe can fill up. */
public final class Cmd {

    public record Result(int exit, String out, String err) {
        /** What a person at a terminal would read: the output, then the messages. */
        public String text() {
            return out + err;
        }

        public Result orThrow() {
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + ": " + err.strip() + " " + out.strip());
            }
            return this;
        }
    }

    private Cmd() {
    }

    public static Result run(List<String> command) {
        return run(command, Map.of(), null, Duration.ofSeconds(60));
    }

    /** env entries with a null value are removed from the inherited environment. */
    public static Result run(List<String> command, Map<String, String> env, String stdin, Duration limit) {
        return run(command, env, stdin, limit, null);
    }

    /** @param dir the working directory; null for this process's */
    public static Result run(List<String> command, Map<String, String> env, String stdin, Duration limit, Path dir) {
        Path out = null;
        Path err = null;
        Path in = null;
        try {
            out = Files.createTempFile("cmd", ".out");
            err = Files.createTempFile("cmd", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            if (stdin != null) {
                in = Files.createTempFile("cmd", ".in");
                Files.writeString(in, stdin);
                pb.redirectInput(in.toFile());
            } else {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + limit + ": " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        } finally {
            for (Path p : new Path[] {out, err, in}) {
                if (p != null) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // a temp file left behind is harmless
                    }
                }
            }
        }
    }

    /** True if an executable of that name is on PATH (or the absolute path is executable). */
    public static boolean onPath(String name) {
        if (name.startsWith("/")) {
            return Files.isExecutable(Path.of(name));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
