package dev.odoostack.model;

/**
 * A Docker network the stack's containers join.
 *
 * @param internal true for a sealed network: no route out of the host, and no address of the host on it either
 *                 (Docker's internal networks still let a container reach services listening on the host through
 *                 the bridge's own address; without that address there is nothing to reach)
 * @param external true for a network someone else owns (a shared proxy): joined by name, never created or deleted
 * @param overlay  a swarm's network, spanning its nodes (and attachable, so a one-off container can join it)
 */
public record NetworkSpec(String name, String dockerName, boolean internal, boolean external, boolean overlay) {
    public NetworkSpec(String name, String dockerName, boolean internal, boolean external) {
        this(name, dockerName, internal, external, false);
    }

    /** The bridge driver's option that leaves the host without an address on the network. */
    public static final String NO_HOST_ADDRESS = "com.docker.network.bridge.inhibit_ipv4";

    /** The bridge driver options that make the network what it is meant to be. */
    public java.util.SortedMap<String, String> driverOptions() {
        return internal && !overlay ? new java.util.TreeMap<>(java.util.Map.of(NO_HOST_ADDRESS, "true")) : new java.util.TreeMap<>();
    }
}
