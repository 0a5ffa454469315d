package dev.odoostack.model;

import java.util.List;
import java.util.SortedMap;

/**
 * Everything one stack declares, as plain data: the functional core's answer, the shell's only input. Policies
 * (logs, what survives a destroy, what production protects) are on the specs they apply to.
 *
 * @param dockerHost  the Docker engine to deploy to; empty for the local one
 * @param swarm       services on a Docker Swarm (each container's {@link ContainerSpec#swarm}), not containers
 */
public record Deployment(String stack, List<NetworkSpec> networks, List<ServiceSpec> services, Outputs outputs,
                         java.util.Optional<String> dockerHost, boolean swarm) {
    public Deployment {
        networks = List.copyOf(networks);
        services = List.copyOf(services);
    }

    public Deployment(String stack, List<NetworkSpec> networks, List<ServiceSpec> services, Outputs outputs,
                      java.util.Optional<String> dockerHost) {
        this(stack, networks, services, outputs, dockerHost, false);
    }

    /**
     * The stack outputs: what an operator looks up after {@code pulumi up}, and what assembly.ChangeGuard compares
     * the next deployment with.
     *
     * @param volumes     {@code bind} or {@code named}
     * @param odooVersion the Odoo series, when the settings name one
     * @param dockerMode  {@code host} or {@code swarm}: containers on one engine, or services on a swarm
     * @param wentLive    where from and when production went live here ({@code cutover final}), once it has
     */
    public record Outputs(String url, SortedMap<String, String> containers, String database, String stateDir,
                          String volumes, int postgresVersion, java.util.Optional<String> odooVersion,
                          boolean production, boolean egress, String dockerMode, java.util.Optional<String> wentLive) {
        public Outputs(String url, SortedMap<String, String> containers, String database, String stateDir,
                       String volumes, int postgresVersion, java.util.Optional<String> odooVersion,
                       boolean production, boolean egress, String dockerMode) {
            this(url, containers, database, stateDir, volumes, postgresVersion, odooVersion, production, egress, dockerMode,
                    java.util.Optional.empty());
        }

        public Outputs(String url, SortedMap<String, String> containers, String database, String stateDir,
                       String volumes, int postgresVersion, java.util.Optional<String> odooVersion,
                       boolean production, boolean egress) {
            this(url, containers, database, stateDir, volumes, postgresVersion, odooVersion, production, egress, "host");
        }

        /** Output names the change guard compares against; exported by every deployment. */
        public static final String POSTGRES_VERSION = "postgresVersion";
        public static final String DATABASE = "database";
        public static final String STATE_DIR = "stateDir";
        public static final String VOLUMES = "volumes";
        public static final String ODOO_VERSION = "odooVersion";
        public static final String DOCKER_MODE = "dockerMode";
        public static final String WENT_LIVE = "wentLive";

        /** By output name, as both engines record them (Pulumi's stack outputs, the compose engine's outputs.json). */
        public SortedMap<String, Object> asMap() {
            SortedMap<String, Object> m = new java.util.TreeMap<>();
            m.put("url", url);
            m.put("containers", containers);
            m.put(DATABASE, database);
            m.put(STATE_DIR, stateDir);
            m.put(VOLUMES, volumes);
            m.put(POSTGRES_VERSION, postgresVersion);
            odooVersion.ifPresent(v -> m.put(ODOO_VERSION, v));
            m.put("production", production);
            // whether Odoo can reach beyond the stack: shown, since a non-production stack can be opened on purpose
            m.put("egress", egress);
            m.put(DOCKER_MODE, dockerMode);
            wentLive.ifPresent(w -> m.put(WENT_LIVE, w));
            return m;
        }
    }
}
