package dev.odoostack.engine;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The programs the commands run, found on PATH; a missing one is one line naming it and how to install it. */
public final class Tools {
    private Tools() {
    }

    /** The program on the PATH of {@code env}, when there is one. */
    public static Optional<Path> find(Map<String, String> env, String program) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The docker CLI, or the line that says it is missing. */
    public static Path docker(Map<String, String> env) {
        return find(env, "docker").orElseThrow(() -> new Failure(
                "the docker CLI is not installed, and this command runs it: apt-get install docker.io (or install Docker's"
                        + " own docker-ce-cli), then run the command again", 127));
    }

    /** docker-compose (v1 or the v2 plugin's standalone binary), or the line that says it is missing. */
    public static Path dockerCompose(Map<String, String> env) {
        docker(env);
        return find(env, "docker-compose").orElseThrow(() -> new Failure(
                "docker-compose is not installed: apt-get install docker-compose (or use --engine pulumi)", 127));
    }
}
