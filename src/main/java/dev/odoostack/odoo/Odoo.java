package dev.odoostack.odoo;

import dev.odoostack.config.Settings;
import dev.odoostack.database.Postgres;
import dev.odoostack.edge.Routes;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.ContainerSpec.FileSpec;
import dev.odoostack.model.ContainerSpec.Healthcheck;
import dev.odoostack.model.ContainerSpec.MountSpec;
import dev.odoostack.model.Names;
import dev.odoostack.model.ServiceSpec;
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
    public static final String START_SCRIPT = """
            #!/bin/sh
            # odoo-stack: assemble odoo.conf from the declared settings and the secret files, then start Odoo.
            set -eu
            umask 077
            mkdir -p "$(dirname "$ODOO_RC")"
            {
              cat %s
              printf 'db_password = %%s\\n' "$(cat %s)"
              printf 'admin_passwd = %%s\\n' "$(cat %s)"
            } > "$ODOO_RC"
            exec odoo "$@"
            """.formatted(CONF_FILE, DB_PASSWORD_FILE, ADMIN_PASSWORD_FILE);

    private Odoo() {
    }

    public static String containerName(Settings s) {
        return Names.of(s, NAME);
    }

    /** {@code odoo} for the first replica (the one that runs crons), {@code odoo-2}, {@code odoo-3}... after it. */
    public static String replicaName(int replica) {
        return replica == 1 ? NAME : NAME + "-" + replica;
    }

    public static List<String> containerNames(Settings s) {
        return java.util.stream.IntStream.rangeClosed(1, s.odoo().replicas())
                .mapToObj(i -> Names.of(s, replicaName(i))).toList();
    }

    /** Container paths of the configured addon directories; the image's default when there are none. */
    public static List<String> addonsMountPoints(Settings s) {
        if (s.odoo().addonsPaths().isEmpty()) {
            return List.of("/mnt/extra-addons");
        }
        return s.odoo().addonsPaths().stream().map(p -> ADDONS_ROOT + "/" + Path.of(p).getFileName()).toList();
    }

    public static ServiceSpec service(Settings s) {
        StateLayout state = new StateLayout(s);
        Settings.Odoo o = s.odoo();
        Map<String, String> labels = new TreeMap<>(Routes.odooLabels(s));
        labels.put(Names.STACK_LABEL, s.stack());

        List<ContainerSpec> containers = new ArrayList<>();
        List<String> dependsOn = new ArrayList<>(List.of(Postgres.NAME));
        if (state.bind()) {
            // Docker creates missing bind directories owned by root; Odoo runs as 'odoo' and must own its own.
            containers.add(ContainerSpec.builder("odoo-init", Names.of(s, "odoo-init"), o.image())
                    .user("root")
                    .entrypoint("/bin/sh", "-c")
                    .command(List.of("chown odoo: " + OdooConf.DATA_DIR + " " + OdooConf.LOG_DIR))
                    .mount(state.mount(StateLayout.Area.FILESTORE, OdooConf.DATA_DIR))
                    .mount(state.mount(StateLayout.Area.LOGS, OdooConf.LOG_DIR))
                    .labels(Map.of(Names.STACK_LABEL, s.stack()))
                    .runOnce()
                    .build());
            dependsOn.add("odoo-init");
        }

        List<String> mountPoints = addonsMountPoints(s);
        for (int replica = 1; replica <= o.replicas(); replica++) {
            String name = replicaName(replica);
            ContainerSpec.Builder odoo = ContainerSpec.builder(name, Names.of(s, name), o.image())
                    .entrypoint(START_FILE)
                    .env("ODOO_RC", RUNTIME_CONF)
                    .file(FileSpec.plain(CONF_FILE, OdooConf.render(s, replica == 1)))
                    .file(FileSpec.executable(START_FILE, START_SCRIPT))
                    .file(FileSpec.secret(DB_PASSWORD_FILE, s.postgres().password()))
                    .file(FileSpec.secret(ADMIN_PASSWORD_FILE, o.adminPassword()))
                    // replicas share one filestore: attachments and sessions are seen by all of them
                    .mount(state.mount(StateLayout.Area.FILESTORE, OdooConf.DATA_DIR))
                    .mount(state.mount(StateLayout.Area.LOGS, OdooConf.LOG_DIR))
                    .networks(Names.PROXY_NETWORK, Names.DATABASE_NETWORK)
                    .labels(labels)
                    .healthcheck(new Healthcheck(
                            List.of("CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:" + OdooConf.HTTP_PORT + "/web/health"),
                            "30s", "10s", 5, "120s"))
                    .memoryMb(o.memoryMb())
                    .cpuShares(o.cpuShares())
                    .dependsOn(dependsOn.toArray(String[]::new));
            for (int i = 0; i < o.addonsPaths().size(); i++) {
                odoo.mount(new MountSpec(MountSpec.Kind.BIND, o.addonsPaths().get(i), mountPoints.get(i), true));
            }
            containers.add(odoo.build());
        }
        return new ServiceSpec(TYPE, NAME, containers, state.volumes(StateLayout.Area.FILESTORE, StateLayout.Area.LOGS));
    }
}
