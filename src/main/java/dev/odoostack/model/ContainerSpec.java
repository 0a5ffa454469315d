package dev.odoostack.model;

import dev.odoostack.config.Secret;

import javax.annotation.Nullable;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One container as the deployment wants it, in plain values. Secrets appear only as {@link Secret} references
 * inside {@link FileSpec}s, so the model itself can be printed and compared.
 *
 * @param name        the logical name, stable across updates (e.g. {@code odoo})
 * @param dockerName  the container's name on the Docker host, prefixed by the stack (e.g. {@code opw-odoo})
 * @param networks    logical names of the {@link NetworkSpec}s it joins
 * @param waitHealthy whether creation waits until Docker reports the container healthy
 * @param runOnce     a one-shot container: created, run to completion, never restarted
 * @param cpuShares   relative CPU weight, 0 for Docker's default
 * @param shmSizeMb   size of /dev/shm, 0 for Docker's default
 * @param holdsData   serves data that must not be replaced by accident (protected in production stacks)
 * @param dependsOn   logical names of the containers and commands that must be done (healthy, where they wait) first
 * @param restartOn   logical names of commands whose output, when it changes, replaces the container (e.g. the
 *                    addon checkout moved to new commits)
 * @param capabilities the Linux capabilities the container keeps; every other one is dropped, and no process in it
 *                    may gain privileges (no-new-privileges). docs/security.md says why each is needed.
 * @param readOnlyRoot the root file system is read-only; it writes only to its mounts and {@code tmpfs}
 * @param tmpfs       paths mounted as memory file systems, where a read-only container must write
 */
public record ContainerSpec(String name, String dockerName, String image, List<String> entrypoint,
                            List<String> command, SortedMap<String, String> env, List<FileSpec> files,
                            List<MountSpec> mounts, List<String> networks, List<PortSpec> ports,
                            SortedMap<String, String> labels, @Nullable Healthcheck healthcheck, String restart,
                            boolean waitHealthy, boolean runOnce, @Nullable String user, int memoryMb,
                            int cpuShares, int shmSizeMb, boolean holdsData, List<String> dependsOn,
                            List<String> restartOn, List<String> capabilities, boolean readOnlyRoot,
                            List<String> tmpfs) {

    /** Docker's security option every container runs with: no process in it may gain privileges (setuid and the like). */
    public static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";
    /** How the writable memory file systems of a read-only container are mounted. */
    public static final String TMPFS_OPTIONS = "rw,noexec,nosuid,size=64m";

    public ContainerSpec {
        entrypoint = List.copyOf(entrypoint);
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(env));
        files = List.copyOf(files);
        mounts = List.copyOf(mounts);
        networks = List.copyOf(networks);
        ports = List.copyOf(ports);
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        dependsOn = List.copyOf(dependsOn);
        capabilities = List.copyOf(capabilities);
        tmpfs = List.copyOf(tmpfs);
    }

    /**
     * A file placed in the container before it starts: plain content, or content made from a secret's value
     * ({@code fromSecret} turns the value into the file, e.g. an htpasswd line; identity for a password file).
     */
    public record FileSpec(String path, @Nullable String content, @Nullable Secret secret,
                           java.util.function.UnaryOperator<String> fromSecret, boolean executable) {
        public FileSpec(String path, @Nullable String content, @Nullable Secret secret, boolean executable) {
            this(path, content, secret, java.util.function.UnaryOperator.identity(), executable);
        }

        /** What the file holds when made from a secret; the secret's mark while its value is unknown. */
        public String secretContent() {
            String v = secret.valueOrMark();
            return secret.hasValue() ? fromSecret.apply(v) : v;
        }

        public static FileSpec fromSecret(String path, Secret secret, java.util.function.UnaryOperator<String> make) {
            return new FileSpec(path, null, secret, make, false);
        }

        public static FileSpec plain(String path, String content) {
            return new FileSpec(path, content, null, false);
        }

        public static FileSpec executable(String path, String content) {
            return new FileSpec(path, content, null, true);
        }

        public static FileSpec secret(String path, Secret secret) {
            return new FileSpec(path, null, secret, false);
        }
    }

    /**
     * A mount: a host directory ({@code BIND}, source is the host path) or a named Docker volume ({@code VOLUME},
     * source is the {@link VolumeSpec}'s logical name).
     */
    public record MountSpec(Kind kind, String source, String target, boolean readOnly) {
        public enum Kind { BIND, VOLUME }
    }

    public record PortSpec(int internal, int external) {
    }

    public record Healthcheck(List<String> test, String interval, String timeout, int retries, String startPeriod) {
        public Healthcheck {
            test = List.copyOf(test);
        }
    }

    /** Builder for the many optional parts; the record stays the single source of truth. */
    public static Builder builder(String name, String dockerName, String image) {
        return new Builder(name, dockerName, image);
    }

    public static final class Builder {
        private final String name;
        private final String dockerName;
        private final String image;
        private List<String> entrypoint = List.of();
        private List<String> command = List.of();
        private final SortedMap<String, String> env = new TreeMap<>();
        private final java.util.ArrayList<FileSpec> files = new java.util.ArrayList<>();
        private final java.util.ArrayList<MountSpec> mounts = new java.util.ArrayList<>();
        private List<String> networks = List.of();
        private final java.util.ArrayList<PortSpec> ports = new java.util.ArrayList<>();
        private final SortedMap<String, String> labels = new TreeMap<>();
        private Healthcheck healthcheck;
        private String restart = "unless-stopped";
        private boolean waitHealthy;
        private boolean runOnce;
        private String user;
        private int memoryMb;
        private int cpuShares;
        private int shmSizeMb;
        private boolean holdsData;
        private List<String> dependsOn = List.of();
        private List<String> restartOn = List.of();
        private List<String> capabilities = List.of();
        private boolean readOnlyRoot;
        private List<String> tmpfs = List.of();

        private Builder(String name, String dockerName, String image) {
            this.name = name;
            this.dockerName = dockerName;
            this.image = image;
        }

        public Builder entrypoint(String... e) { entrypoint = List.of(e); return this; }
        public Builder command(List<String> c) { command = List.copyOf(c); return this; }
        public Builder env(String k, String v) { env.put(k, v); return this; }
        public Builder file(FileSpec f) { files.add(f); return this; }
        public Builder mount(MountSpec m) { mounts.add(m); return this; }
        public Builder networks(String... n) { networks = List.of(n); return this; }
        public Builder port(int internal, int external) { ports.add(new PortSpec(internal, external)); return this; }
        public Builder labels(java.util.Map<String, String> l) { labels.putAll(l); return this; }
        public Builder healthcheck(Healthcheck h) { healthcheck = h; return this; }
        public Builder restart(String r) { restart = r; return this; }
        public Builder waitHealthy() { waitHealthy = true; return this; }
        public Builder runOnce() { runOnce = true; restart = "no"; return this; }
        public Builder user(String u) { user = u; return this; }
        public Builder memoryMb(int mb) { memoryMb = mb; return this; }
        public Builder cpuShares(int shares) { cpuShares = shares; return this; }
        public Builder shmSizeMb(int mb) { shmSizeMb = mb; return this; }
        public Builder holdsData() { holdsData = true; return this; }
        public Builder dependsOn(String... d) { dependsOn = List.of(d); return this; }
        public Builder restartOn(String... commands) { restartOn = List.of(commands); return this; }
        public Builder capabilities(String... caps) { capabilities = List.of(caps); return this; }
        public Builder readOnlyRoot(String... writable) { readOnlyRoot = true; tmpfs = List.of(writable); return this; }

        public ContainerSpec build() {
            return new ContainerSpec(name, dockerName, image, entrypoint, command, env, files, mounts, networks,
                    ports, labels, healthcheck, restart, waitHealthy, runOnce, user, memoryMb, cpuShares, shmSizeMb,
                    holdsData, dependsOn, restartOn, capabilities, readOnlyRoot, tmpfs);
        }
    }
}
