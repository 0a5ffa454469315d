package dev.odoostack.cli;

import dev.odoostack.assembly.HostChecks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shell side of the host checks: it only asks the Docker CLI ({@code docker info}, {@code docker network
 * inspect}) and hands the answers to {@link HostChecks}, which decides.
 */
final class HostFacts {
    private HostFacts() {
    }

    /** @return empty when no Docker engine answers at {@code engine}: nothing can be checked then */
    static Optional<HostChecks.Facts> ask(Processes processes, String engine, Set<String> networks) throws IOException {
        List<String> out = new ArrayList<>();
        int rc = processes.run(docker(engine, "info", "--format", "{{.MemTotal}}"), Map.of(), out::add);
        if (rc != 0 || out.isEmpty()) {
            return Optional.empty();
        }
        long bytes;
        try {
            bytes = Long.parseLong(out.get(out.size() - 1).strip());
        } catch (NumberFormatException e) {
            bytes = -1; // an engine that does not say: the memory check is not made
        }
        Set<String> present = new TreeSet<>();
        for (String network : networks) {
            if (processes.run(docker(engine, "network", "inspect", "--format", "{{.Name}}", network), Map.of(), l -> {
            }) == 0) {
                present.add(network);
            }
        }
        return Optional.of(new HostChecks.Facts(engine, bytes < 0 ? -1 : bytes / (1024 * 1024), present));
    }

    private static List<String> docker(String engine, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker", "--host", engine));
        argv.addAll(List.of(args));
        return argv;
    }
}
