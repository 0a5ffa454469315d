package dev.odoostack.model;

import java.util.List;
import java.util.SortedMap;

/** Everything one stack declares, as plain data: the functional core's answer, the shell's only input. */
/**
 * @param production  data-bearing resources are protected against deletion
 * @param dockerHost  the Docker engine to deploy to; empty for the local one
 */
public record Deployment(String stack, List<NetworkSpec> networks, List<ServiceSpec> services, Outputs outputs,
                         dev.odoostack.config.Settings.Logs logs, boolean production,
                         java.util.Optional<String> dockerHost) {
    public Deployment {
        networks = List.copyOf(networks);
        services = List.copyOf(services);
    }

    /** The stack outputs: what an operator looks up after {@code pulumi up}. */
    public record Outputs(String url, SortedMap<String, String> containers, String database, String stateDir,
                          int postgresVersion, boolean production, boolean egress) {
    }
}
