package dev.odoostack.odoo;

import dev.odoostack.config.Settings;
import dev.odoostack.database.Postgres;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.ContainerSpec.FileSpec;
import dev.odoostack.model.ContainerSpec.Healthcheck;
import dev.odoostack.model.ContainerSpec.MountSpec;
import dev.odoostack.model.ImageBuildSpec;
import dev.odoostack.model.Names;
import dev.odoostack.model.Route;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.StackIdentity;
import dev.odoostack.model.StateLayout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Odoo service: one container on both networks, configured by a rendered odoo.conf, no published port. */
public final class Odoo {
    public static final String TYPE = "odoo-stack:odoo:Odoo";
    public static final String NAME = "odoo";
    public static final String CONF_FILE = "/etc/odoo/odoo.conf";
    public static final String ADMIN_PASSWORD_FILE = "/run/secrets/odoo_admin_passwd";
    public static final String DB_PASSWORD_FILE = "/run/secrets/postgres_password";
    public static final String START_FILE = "/etc/odoo/odoo-stack-start";
    /** The full configuration, passwords included, exists only inside the running container, mode 600. */
    public static final String RUNTIME_CONF = "/tmp/odoo-stack/odoo.conf";
    static final String ADDONS_ROOT = "/mnt/addons";

    /**
     * Odoo reads one configuration file. It is assembled at start from the declared settings and the two secret
     * files, and Odoo is started directly: the image's entrypoint would put db_password on the command line.
     */
    /** Where the passwords come from when no secret file is placed (Coolify passes secrets as variables). */
    public static final String DB_PASSWORD_VARIABLE = "ODOO_STACK_DB_PASSWORD";
    public static final String ADMIN_PASSWORD_VARIABLE = "ODOO_STACK_ADMIN_PASSWD";

    public static final String START_SCRIPT = """
            #!/bin/sh
            # odoo-stack: assemble odoo.conf from the declared settings and the secret files, then start Odoo.
            set -eu
            umask 077
            secret() { # a secret file, else the variable a compose deployment passes instead
              if [ -r "$1" ]; then cat "$1"; elif printenv "$2"; then :; else
                echo "odoo-stack: neither $1 nor \\$$2 is set" >&2; exit 1; fi
            }
            # assignments, not arguments: a missing password must stop the start (set -e), not become empty
            db_password=$(secret %2$s %3$s)
            admin_passwd=$(secret %4$s %5$s)
            mkdir -p "$(dirname "$ODOO_RC")"
            {
              cat %1$s
              printf 'db_password = %%s\\n' "$db_password"
              printf 'admin_passwd = %%s\\n' "$admin_passwd"
            } > "$ODOO_RC"
            exec odoo "$@"
            """.formatted(CONF_FILE, DB_PASSWORD_FILE, DB_PASSWORD_VARIABLE, ADMIN_PASSWORD_FILE, ADMIN_PASSWORD_VARIABLE);

    private Odoo() {
    }

    /** {@code odoo} for the first replica (the one that runs crons), {@code odoo-2}, {@code odoo-3}... after it. */
    public static String replicaName(int replica) {
        return replica == 1 ? NAME : NAME + "-" + replica;
    }

    /** On one host: the containers of the stack's Odoo replicas. */
    public static List<String> containerNames(String stack, int replicas) {
        return java.util.stream.IntStream.rangeClosed(1, replicas)
                .mapToObj(i -> Names.of(stack, replicaName(i))).toList();
    }

    /**
     * On a swarm, the directory below the filestore mount where each node's odoo-init task writes its id in a file
     * named after the node (docs/scale-out.md, "Preparing the nodes").
     */
    public static final String SHARED_MARKS = ".odoo-stack-nodes";

    /** The Odoo service's name of its cron worker on a swarm. */
    public static final String CRON = NAME + "-cron";

    /** On a swarm: Odoo's services, the HTTP replicas and the cron worker, as the swarm names them. */
    public static List<String> swarmServices(StackIdentity stack) {
        return List.of(Names.swarmService(stack.stack(), NAME), Names.swarmService(stack.stack(), CRON));
    }

    /**
     * One Odoo container (one host) or service (swarm).
     *
     * @param routed    Traefik routes requests to it
     * @param runsCrons its max_cron_threads is the setting's; 0 elsewhere, so crons run in one place only
     * @param swarm     how a swarm runs it; null on one host
     */
    record Instance(String name, boolean routed, boolean runsCrons, ContainerSpec.SwarmService swarm) {
    }

    /**
     * On one host: {@code odoo}, {@code odoo-2}... of which the first runs the crons. On a swarm: the HTTP replicas
     * as one service rolling one task at a time, and the crons in a service of their own with exactly one task,
     * stopped before its successor starts.
     */
    static List<Instance> instances(StackIdentity stack, Settings.Odoo o) {
        if (!stack.swarm()) {
            return java.util.stream.IntStream.rangeClosed(1, o.replicas())
                    .mapToObj(i -> new Instance(replicaName(i), true, i == 1, null)).toList();
        }
        return List.of(
                new Instance(NAME, true, false,
                        ContainerSpec.SwarmService.rolling(o.replicas(), List.of(stack.name(NAME)))),
                new Instance(CRON, false, true,
                        ContainerSpec.SwarmService.stopFirst(1, false, List.of(), List.of(stack.name(CRON)))));
    }

    /**
     * Odoo answers /web/health once it serves. A swarm's rolling update waits for each new task's first healthy
     * check before stopping an old one, so there the check comes every 10 s instead of every 30 s.
     */
    static Healthcheck healthcheck(boolean swarm) {
        List<String> test = List.of("CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:" + OdooConf.HTTP_PORT + "/web/health");
        return swarm ? new Healthcheck(test, "10s", "5s", 3, "60s") : new Healthcheck(test, "30s", "10s", 5, "120s");
    }

    public static final String FETCH_ADDONS = "fetch-addons";
    public static final String FETCH_ADDONS_SCRIPT = "docker/scripts/fetch-addons.sh";

    /**
     * Container paths of the addon directories, in addons_path order: the fetched repositories as listed, then
     * the host directories; the image's default when there are none.
     */
    public static List<String> addonsMountPoints(Settings.Odoo o) {
        List<String> out = new ArrayList<>();
        o.addonRepositories().forEach(r -> out.add(ADDONS_ROOT + "/" + r.dir()));
        o.addonsPaths().forEach(p -> out.add(ADDONS_ROOT + "/" + Path.of(p).getFileName()));
        return out.isEmpty() ? List.of(o.flavour().addonsDir) : out;
    }

    /** Where the fetched repositories are checked out on the host, below the stack's state directory. */
    public static String addonsDir(String stateDir) {
        return stateDir + "/addons";
    }

    /**
     * What Odoo asks of the proxy: its domains to the HTTP port, and {@code /websocket} above them to the port that
     * serves it (8072 under workers; the threaded server, {@code odooWorkers} 0, serves it on 8069 itself).
     */
    public static List<Route> routes(StackIdentity stack, Settings.Odoo o) {
        List<String> domains = o.domains();
        boolean tls = Settings.tls(domains);
        int websocketPort = o.workers() > 0 ? OdooConf.GEVENT_PORT : OdooConf.HTTP_PORT;
        // the websocket route is under the domains' path space, so it must outrank the route of the whole site
        return List.of(
                new Route(stack.name(NAME), domains, java.util.Optional.empty(), OdooConf.HTTP_PORT, 10, tls),
                new Route(stack.name(NAME + "-websocket"), domains, java.util.Optional.of("/websocket"), websocketPort,
                        20, tls));
    }

    /**
     * @param pg                  the database Odoo connects to: its user and password
     * @param build               the build of the image the containers run (see images.OdooImage); none: they run
     *                              the published {@code odooImage}
     * @param proxyLabels         how the stack's proxy finds and routes the containers: {@link #routes} as the edge
     *                            renders them
     * @param platformProxyLabels the same for a platform's own proxy (Coolify's)
     */
    public static ServiceSpec service(StackIdentity stack, Settings.Odoo o, Settings.Postgres pg,
                                      java.util.Optional<ImageBuildSpec> build,
                                      Map<String, String> proxyLabels, Map<String, String> platformProxyLabels) {
        StateLayout state = stack.state();
        Map<String, String> labels = new TreeMap<>(proxyLabels);
        labels.putAll(stack.labels());
        Map<String, String> platformLabels = new TreeMap<>(platformProxyLabels);
        platformLabels.putAll(stack.labels());

        List<ContainerSpec> containers = new ArrayList<>();
        List<String> dependsOn = new ArrayList<>(List.of(Postgres.NAME));
        if (state.bind()) {
            // Docker creates missing bind directories owned by root; Odoo runs as the image's user and must own its own.
            // By name: the official images' uid differs between versions (docs/images.md).
            String chown = "chown " + o.flavour().user + ": " + o.flavour().dataDir + " " + OdooConf.LOG_DIR;
            ContainerSpec.Builder init = container(stack, o, build, "odoo-init")
                    .user("root")
                    .entrypoint("/bin/sh", "-c");
            if (stack.swarm()) {
                // each node also signs the filestore it mounts with its task's id: bin/odoo-stack up then sees
                // whether every node's signature is in the one directory it sees, i.e. whether it is shared
                init.command(List.of(chown + " && mkdir -p " + o.flavour().dataDir + "/" + SHARED_MARKS
                                + " && echo \"$ODOO_STACK_TASK\" > \"" + o.flavour().dataDir + "/" + SHARED_MARKS + "/$ODOO_STACK_NODE\""))
                        .env("ODOO_STACK_NODE", "{{.Node.Hostname}}")
                        .env("ODOO_STACK_TASK", "{{.Task.ID}}")
                        // root, but only to hand the two directories to Odoo's user and sign one of them
                        .capabilities("CHOWN", "DAC_OVERRIDE");
            } else {
                // root, but only to hand the two directories to Odoo's user
                init.command(List.of(chown)).capabilities("CHOWN");
            }
            containers.add(init
                    .mount(state.mount(StateLayout.Area.FILESTORE, o.flavour().dataDir))
                    .mount(state.mount(StateLayout.Area.LOGS, OdooConf.LOG_DIR))
                    .labels(stack.labels())
                    .logs(stack.logs())
                    .runOnce()
                    // on a swarm: once on every node, whose directories Odoo may write there
                    .swarm(stack.swarm() ? ContainerSpec.SwarmService.oneShot(true, List.of()) : null)
                    .build());
            dependsOn.add("odoo-init");
        }

        List<dev.odoostack.model.CommandSpec> commands = new ArrayList<>();
        if (!o.addonRepositories().isEmpty()) {
            commands.add(fetchAddons(stack, o));
            dependsOn.add(FETCH_ADDONS);
        }
        List<String> mountPoints = addonsMountPoints(o);
        List<String> hostDirs = new ArrayList<>();
        o.addonRepositories().forEach(r -> hostDirs.add(addonsDir(state.stateDir()) + "/" + r.dir()));
        hostDirs.addAll(o.addonsPaths());
        for (Instance instance : instances(stack, o)) {
            String name = instance.name();
            ContainerSpec.Builder odoo = container(stack, o, build, name)
                    // run by the shell, not executed: the docker provider uploads files owned by root, mode 0644
                    // (0744 when executable), which Odoo's own user could not execute
                    .entrypoint("/bin/sh", START_FILE)
                    .env("ODOO_RC", RUNTIME_CONF)
                    .file(FileSpec.plain(CONF_FILE, OdooConf.render(stack, o, pg, instance.runsCrons())))
                    .file(FileSpec.plain(START_FILE, START_SCRIPT))
                    // without the files (Coolify), the start script reads the passwords from its own variables
                    .secret(SecretFileSpec.of(DB_PASSWORD_FILE, pg.password()).readFrom(DB_PASSWORD_VARIABLE))
                    .secret(SecretFileSpec.of(ADMIN_PASSWORD_FILE, o.adminPassword()).readFrom(ADMIN_PASSWORD_VARIABLE))
                    // replicas share one filestore: attachments and sessions are seen by all of them
                    .mount(state.mount(StateLayout.Area.FILESTORE, o.flavour().dataDir))
                    .mount(state.mount(StateLayout.Area.LOGS, OdooConf.LOG_DIR))
                    .networks(Names.PROXY_NETWORK, Names.DATABASE_NETWORK)
                    .labels(instance.routed() ? labels : stack.labels())
                    .platformLabels(instance.routed() ? platformLabels : stack.labels())
                    .healthcheck(healthcheck(stack.swarm()))
                    // `up` ends when Odoo answers, or fails naming it: never a success over a broken start
                    .waitHealthy()
                    .swarm(instance.swarm())
                    .logs(stack.logs())
                    .memoryMb(o.memoryMb())
                    .cpuShares(o.cpuShares())
                    .dependsOn(dependsOn.toArray(String[]::new));
            for (int i = 0; i < hostDirs.size(); i++) {
                // read-only: addons are code, and code is changed in its repository, not in a running container
                odoo.mount(new MountSpec(MountSpec.Kind.BIND, hostDirs.get(i), mountPoints.get(i), true));
            }
            if (!commands.isEmpty()) {
                odoo.restartOn(FETCH_ADDONS);
            }
            containers.add(odoo.build());
        }
        return new ServiceSpec(TYPE, NAME, containers, state.volumes(StateLayout.Area.FILESTORE, StateLayout.Area.LOGS),
                commands, build.stream().toList());
    }

    /** A container of the service, on the image it builds or else on the published one. */
    private static ContainerSpec.Builder container(StackIdentity stack, Settings.Odoo o, java.util.Optional<ImageBuildSpec> build,
                                                   String name) {
        return build.map(b -> ContainerSpec.builder(name, stack.name(name), b))
                .orElseGet(() -> ContainerSpec.builder(name, stack.name(name), o.image()));
    }

    /**
     * The checkout of the addon repositories, on the machine running Pulumi with the operator's own SSH agent and
     * known_hosts: the code never enters an image layer, a build argument or the Pulumi state (only the commits
     * it resolved to, its output, do).
     */
    static dev.odoostack.model.CommandSpec fetchAddons(StackIdentity stack, Settings.Odoo o) {
        String lines = o.addonRepositories().stream()
                .map(r -> r.url() + "\t" + r.ref() + "\t" + r.dir()).collect(java.util.stream.Collectors.joining("\n"));
        var env = new java.util.TreeMap<String, String>();
        env.put("ADDONS_DIR", addonsDir(stack.state().stateDir()));
        env.put("ADDON_REPOSITORIES", lines);
        int rebuild = o.build().map(Settings.Build::rebuild).orElse(0);
        return new dev.odoostack.model.CommandSpec(FETCH_ADDONS, FETCH_ADDONS_SCRIPT, FETCH_ADDONS_SCRIPT, env,
                List.of(lines, "rebuild " + rebuild), List.of(), dev.odoostack.model.CommandSpec.Phase.BEFORE);
    }
}
