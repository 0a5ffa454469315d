package dev.odoostack.model;

import javax.annotation.Nullable;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One container as the deployment wants it, in plain values: what it runs, and the intent each back-end maps
 * without deciding (which secrets it reads and how each back-end provides them, how its logs are kept, whether
 * Pulumi protects it, how a platform's own proxy routes it). Secrets appear only as {@link SecretFileSpec}s, whose
 * content never prints, so the model itself can be printed and compared.
 *
 * @param name        the logical name, stable across updates (e.g. {@code odoo})
 * @param dockerName  the container's name on the Docker host, prefixed by the stack (e.g. {@code opw-odoo})
 * @param files       plain files placed in the container before it starts (odoo.conf, a start script)
 * @param secrets     secrets the container reads from files; see {@link SecretFileSpec} for each back-end's way
 * @param networks    logical names of the {@link NetworkSpec}s it joins
 * @param labels      its Docker labels where the stack runs all of itself (Pulumi, compose on the operator's engine)
 * @param platformLabels its labels on a platform that brings its own proxy (Coolify): the same routing in that
 *                    proxy's terms; equal to {@code labels} for a container the proxy does not route
 * @param waitHealthy whether creation waits until Docker reports the container healthy
 * @param runOnce     a one-shot container: created, run to completion, never restarted
 * @param cpuShares   relative CPU weight, 0 for Docker's default
 * @param shmSizeMb   size of /dev/shm, 0 for Docker's default
 * @param logs        how Docker keeps its output
 * @param protect     Pulumi refuses to delete or replace it (a production stack's database)
 * @param dependsOn   logical names of the containers and commands that must be done (healthy, where they wait) first
 * @param restartOn   logical names of commands whose output, when it changes, replaces the container (e.g. the
 *                    addon checkout moved to new commits)
 * @param capabilities the Linux capabilities the container keeps, added back after {@code droppedCapabilities};
 *                    docs/security.md says why each is needed
 * @param droppedCapabilities the capabilities taken from the container ({@code ALL}: it keeps only
 *                    {@code capabilities}); besides, no process in it may gain privileges (no-new-privileges)
 * @param readOnlyRoot the root file system is read-only; it writes only to its mounts and {@code tmpfs}
 * @param tmpfs       paths mounted as memory file systems, where a read-only container must write
 * @param swarm       how a swarm runs it as a service (dockerMode swarm); null on one Docker host
 * @param build       the logical name of the {@link ImageBuildSpec} of its service that makes its image; null for an
 *                    image pulled as it is published
 * @param started     when a container that depends on it may start (compose's depends_on condition)
 */
public record ContainerSpec(String name, String dockerName, String image, List<String> entrypoint,
                            List<String> command, SortedMap<String, String> env, List<FileSpec> files,
                            List<SecretFileSpec> secrets, List<MountSpec> mounts, List<String> networks,
                            List<PortSpec> ports, SortedMap<String, String> labels,
                            SortedMap<String, String> platformLabels, @Nullable Healthcheck healthcheck,
                            String restart, boolean waitHealthy, boolean runOnce, @Nullable String user,
                            int memoryMb, int cpuShares, int shmSizeMb, Logs logs, boolean protect,
                            List<String> dependsOn, List<String> restartOn, List<String> capabilities,
                            boolean readOnlyRoot, List<String> tmpfs, @Nullable SwarmService swarm,
                            List<String> droppedCapabilities, @Nullable String build, Started started) {

    /** Docker's security option every container runs with: no process in it may gain privileges (setuid and the like). */
    public static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";
    /** The size of each writable memory file system of a read-only container. */
    public static final int TMPFS_SIZE_MB = 64;
    /** How the writable memory file systems of a read-only container are mounted. */
    public static final String TMPFS_OPTIONS = "rw,noexec,nosuid,size=" + TMPFS_SIZE_MB + "m";

    public ContainerSpec {
        entrypoint = List.copyOf(entrypoint);
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(env));
        files = List.copyOf(files);
        secrets = List.copyOf(secrets);
        mounts = List.copyOf(mounts);
        networks = List.copyOf(networks);
        ports = List.copyOf(ports);
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        platformLabels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(platformLabels));
        java.util.Objects.requireNonNull(logs, "logs");
        dependsOn = List.copyOf(dependsOn);
        capabilities = List.copyOf(capabilities);
        tmpfs = List.copyOf(tmpfs);
        droppedCapabilities = List.copyOf(droppedCapabilities);
        java.util.Objects.requireNonNull(started, "started");
        if (swarm != null && runOnce != swarm.restart().condition().equals(SwarmService.Restart.NEVER.condition())) {
            throw new IllegalArgumentException("container " + name + ": a one-shot container is a one-shot swarm "
                    + "service (SwarmService.oneShot), and only it");
        }
    }

    /** The capabilities every container of the stack drops before it adds back its own. */
    public static final List<String> DROP_ALL = List.of("ALL");

    /** When the containers that depend on this one may start. */
    public enum Started {
        /** once it runs */
        RUNNING,
        /** once its healthcheck passes */
        HEALTHY,
        /** once it ran to its end with status 0 (a one-shot container) */
        COMPLETED
    }

    /** A file placed in the container before it starts, with the content it holds; secrets are {@link SecretFileSpec}s. */
    public record FileSpec(String path, String content, boolean executable) {
        public static FileSpec plain(String path, String content) {
            return new FileSpec(path, content, false);
        }

        public static FileSpec executable(String path, String content) {
            return new FileSpec(path, content, true);
        }
    }

    /**
     * How a swarm runs the container as a service: how many tasks, on which nodes, and how an update, a rollback and
     * a restart go, in Docker's own terms, which both back-ends write as they are. Made by {@link #rolling},
     * {@link #stopFirst} or {@link #oneShot}, the three ways the stack's services run.
     *
     * @param replicas    tasks of the service (ignored when {@code global})
     * @param global      one task on every node that meets the constraints (Traefik on the nodes traffic reaches)
     * @param constraints placement constraints in Docker's syntax, e.g. {@code node.labels.odoo-stack.db == true}
     * @param aliases     other names the service answers to on its networks (the container name on one host, so
     *                    the same configuration reaches it)
     * @param update      how an update replaces the tasks
     * @param rollback    how a failed update goes back; null where an update never rolls back
     * @param restart     when the swarm starts a task again that stopped
     */
    public record SwarmService(int replicas, boolean global, List<String> constraints, List<String> aliases,
                               Update update, @Nullable Rollback rollback, Restart restart) {
        /** A rolling update: how long each new task must stay healthy before the next one rolls. */
        public static final String UPDATE_MONITOR = "20s";
        /** A rolling update: the pause between one task and the next. */
        public static final String UPDATE_DELAY = "2s";
        /**
         * How long a task has to stop after SIGTERM before it is killed: PostgreSQL's clean shutdown (a checkpoint)
         * and Odoo ending its requests. Said on both engines: pulumi-docker writes 0s when none is given, and the
         * swarm then kills a task at once. Not Docker's 10 s: pulumi-docker's delete waits this long for each
         * task's container to be removed and fails the destroy when the swarm takes longer (seen at 10 s).
         */
        public static final String STOP_GRACE_PERIOD = "30s";
        /** How long the swarm waits before it starts a task again that stopped. */
        public static final String RESTART_DELAY = "5s";

        public SwarmService {
            constraints = List.copyOf(constraints);
            aliases = List.copyOf(aliases);
            java.util.Objects.requireNonNull(update, "update");
            java.util.Objects.requireNonNull(restart, "restart");
        }

        /**
         * An update starts one new task, waits until it is healthy (and stays so {@link #UPDATE_MONITOR}), then
         * stops one old task, and rolls back by itself when a new task does not become healthy.
         */
        public static SwarmService rolling(int replicas, List<String> aliases) {
            return new SwarmService(replicas, false, List.of(), aliases,
                    new Update(1, "start-first", "rollback", UPDATE_MONITOR, UPDATE_DELAY),
                    new Rollback(1, "start-first"), Restart.ALWAYS);
        }

        /**
         * The old task stops before the new one starts (one PostgreSQL on one data directory can never run twice;
         * one Traefik holds a node's ports); a new version that does not become healthy gives way to the old one
         * here too (a broken image must not leave the database or the crons down).
         */
        public static SwarmService stopFirst(int replicas, boolean global, List<String> constraints, List<String> aliases) {
            return new SwarmService(replicas, global, constraints, aliases,
                    new Update(1, "stop-first", "rollback", UPDATE_MONITOR, null),
                    new Rollback(1, "stop-first"), Restart.ALWAYS);
        }

        /**
         * A task that runs to its end and is never started again ({@link ContainerSpec#runOnce}); an update goes on
         * past it, since the swarm would take its end for a failed update and pause.
         */
        public static SwarmService oneShot(boolean global, List<String> constraints) {
            return new SwarmService(0, global, constraints, List.of(), new Update(0, null, "continue", null, null),
                    null, Restart.NEVER);
        }

        /**
         * @param order         {@code start-first} or {@code stop-first}; null for Docker's default
         * @param failureAction {@code rollback}, or {@code continue}
         * @param monitor       how long a new task must stay up before the update counts it done; null for none
         * @param delay         the pause between one task and the next; null for none
         */
        public record Update(int parallelism, @Nullable String order, String failureAction, @Nullable String monitor,
                             @Nullable String delay) {
        }

        public record Rollback(int parallelism, String order) {
        }

        /**
         * @param condition {@code any} or {@code none}
         * @param delay     before the task starts again; null where it never does
         */
        public record Restart(String condition, @Nullable String delay) {
            static final Restart ALWAYS = new Restart("any", RESTART_DELAY);
            static final Restart NEVER = new Restart("none", null);
        }
    }

    /** Docker's json-file log driver keeps at most {@code maxFiles} files of {@code maxSizeMb} each. */
    public record Logs(int maxSizeMb, int maxFiles) {
    }

    /**
     * The environment where the secret files are placed (Pulumi, compose on the operator's engine): {@code env}
     * and, for each secret that has one, the variable that names its file.
     */
    public SortedMap<String, String> envWithSecretFiles() {
        SortedMap<String, String> all = new TreeMap<>(env);
        secrets.forEach(f -> f.pathVariable().ifPresent(v -> all.put(v, f.path())));
        return java.util.Collections.unmodifiableSortedMap(all);
    }

    /**
     * A mount: a host directory ({@code BIND}, source is the host path) or a named Docker volume ({@code VOLUME},
     * source is the {@link VolumeSpec}'s logical name).
     */
    public record MountSpec(Kind kind, String source, String target, boolean readOnly) {
        public enum Kind { BIND, VOLUME }
    }

    public record PortSpec(int internal, int external) {
        /**
         * The host address a port is published on, by both engines: IPv4's any-address. Not IPv6 too: the docker
         * provider 4.5.1 reads a dual binding back as two equal entries (kreuzwerker's flattenContainerPorts reuses
         * one map), so every preview would replace the container; docs/edge.md says how to reach IPv6 clients.
         */
        public static final String HOST_ADDRESS = "0.0.0.0";
    }

    public record Healthcheck(List<String> test, String interval, String timeout, int retries, String startPeriod) {
        public Healthcheck {
            test = List.copyOf(test);
        }
    }

    /** Builder for the many optional parts; the record stays the single source of truth. */
    public static Builder builder(String name, String dockerName, String image) {
        return new Builder(name, dockerName, image, null);
    }

    /** A container that runs the image its service builds: linked to that build by its name, not by the image's. */
    public static Builder builder(String name, String dockerName, ImageBuildSpec build) {
        return new Builder(name, dockerName, build.imageName(), build.name());
    }

    public static final class Builder {
        private final String name;
        private final String dockerName;
        private final String image;
        private List<String> entrypoint = List.of();
        private List<String> command = List.of();
        private final SortedMap<String, String> env = new TreeMap<>();
        private final java.util.ArrayList<FileSpec> files = new java.util.ArrayList<>();
        private final java.util.ArrayList<SecretFileSpec> secrets = new java.util.ArrayList<>();
        private final java.util.ArrayList<MountSpec> mounts = new java.util.ArrayList<>();
        private List<String> networks = List.of();
        private final java.util.ArrayList<PortSpec> ports = new java.util.ArrayList<>();
        private final SortedMap<String, String> labels = new TreeMap<>();
        private SortedMap<String, String> platformLabels;
        private Healthcheck healthcheck;
        private String restart = "unless-stopped";
        private boolean waitHealthy;
        private boolean runOnce;
        private String user;
        private int memoryMb;
        private int cpuShares;
        private int shmSizeMb;
        private Logs logs;
        private boolean protect;
        private List<String> dependsOn = List.of();
        private List<String> restartOn = List.of();
        private List<String> capabilities = List.of();
        private List<String> droppedCapabilities = DROP_ALL;
        private boolean readOnlyRoot;
        private List<String> tmpfs = List.of();
        private SwarmService swarm;
        private final String build;

        private Builder(String name, String dockerName, String image, String build) {
            this.name = name;
            this.dockerName = dockerName;
            this.image = image;
            this.build = build;
        }

        public Builder entrypoint(String... e) { entrypoint = List.of(e); return this; }
        public Builder command(List<String> c) { command = List.copyOf(c); return this; }
        public Builder env(String k, String v) { env.put(k, v); return this; }
        public Builder file(FileSpec f) { files.add(f); return this; }
        public Builder secret(SecretFileSpec f) { secrets.add(f); return this; }
        public Builder mount(MountSpec m) { mounts.add(m); return this; }
        public Builder networks(String... n) { networks = List.of(n); return this; }
        public Builder port(int internal, int external) { ports.add(new PortSpec(internal, external)); return this; }
        public Builder labels(java.util.Map<String, String> l) { labels.putAll(l); return this; }
        /** Where a platform's proxy reads the labels differently; otherwise it gets {@link #labels} as they are. */
        public Builder platformLabels(java.util.Map<String, String> l) { platformLabels = new TreeMap<>(l); return this; }
        public Builder healthcheck(Healthcheck h) { healthcheck = h; return this; }
        public Builder restart(String r) { restart = r; return this; }
        public Builder waitHealthy() { waitHealthy = true; return this; }
        public Builder runOnce() { runOnce = true; restart = "no"; return this; }
        public Builder user(String u) { user = u; return this; }
        public Builder memoryMb(int mb) { memoryMb = mb; return this; }
        public Builder cpuShares(int shares) { cpuShares = shares; return this; }
        public Builder shmSizeMb(int mb) { shmSizeMb = mb; return this; }
        public Builder logs(int maxSizeMb, int maxFiles) { logs = new Logs(maxSizeMb, maxFiles); return this; }
        public Builder logs(Logs l) { logs = l; return this; }
        public Builder protect(boolean p) { protect = p; return this; }
        public Builder dependsOn(String... d) { dependsOn = List.of(d); return this; }
        public Builder restartOn(String... commands) { restartOn = List.of(commands); return this; }
        public Builder capabilities(String... caps) { capabilities = List.of(caps); return this; }
        /** Instead of {@link #DROP_ALL}. */
        public Builder droppedCapabilities(String... caps) { droppedCapabilities = List.of(caps); return this; }
        public Builder readOnlyRoot(String... writable) { readOnlyRoot = true; tmpfs = List.of(writable); return this; }

        public Builder swarm(SwarmService service) { swarm = service; return this; }

        public ContainerSpec build() {
            return new ContainerSpec(name, dockerName, image, entrypoint, command, env, files, secrets, mounts,
                    networks, ports, labels, platformLabels == null ? labels : platformLabels, healthcheck, restart,
                    waitHealthy, runOnce, user, memoryMb, cpuShares, shmSizeMb, logs, protect, dependsOn, restartOn,
                    capabilities, readOnlyRoot, tmpfs, swarm, droppedCapabilities, build,
                    // what "done" is for a container: the end of a one-shot, a passing check, else its start
                    runOnce ? Started.COMPLETED : healthcheck != null ? Started.HEALTHY : Started.RUNNING);
        }
    }
}
