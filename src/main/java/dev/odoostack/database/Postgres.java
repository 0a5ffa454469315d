package dev.odoostack.database;

import dev.odoostack.config.Settings;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.ContainerSpec.Healthcheck;
import dev.odoostack.model.Names;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.StackIdentity;
import dev.odoostack.model.StateLayout;

import java.util.List;

/** The PostgreSQL service: the official image, data on the stack's state, reachable only on the database network. */
public final class Postgres {
    public static final String TYPE = "odoo-stack:database:Postgres";
    public static final String NAME = "postgres";
    public static final int PORT = 5432;
    /** Where the password file lands; the official image reads it through POSTGRES_PASSWORD_FILE. */
    public static final String PASSWORD_FILE = "/run/secrets/postgres_password";
    /** The official image's variable naming the password file; without a file it reads POSTGRES_PASSWORD itself. */
    static final String PASSWORD_FILE_VARIABLE = "POSTGRES_PASSWORD_FILE";
    /** What the official image's entrypoint needs before it drops to the postgres user (docs/security.md). */
    public static final List<String> CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID");

    /** The node label that marks the swarm node holding the database (docs/scale-out.md). */
    public static final String DATABASE_NODE_LABEL = "odoo-stack.db";
    static final String DATABASE_NODE = "node.labels." + DATABASE_NODE_LABEL + " == true";

    private Postgres() {
    }

    /** On a swarm: PostgreSQL's service, as the swarm names it. */
    public static String swarmService(StackIdentity stack) {
        return Names.swarmService(stack.stack(), NAME);
    }

    /** The health check, a file run by the shell (uploads are not executable by every user: docs/security.md). */
    public static final String HEALTH_FILE = "/etc/odoo-stack/postgres-health";
    /** Inside the container: the role has been given the password of this container's file. */
    static final String PASSWORD_SET_MARK = "/tmp/odoo-stack-password-set";

    /**
     * Healthy once the server answers over TCP and the role has the password of the file this container was given.
     * The image sets the password only when it initialises an empty data directory; a changed postgresPassword
     * replaces the container, and its first check sets the new one over the socket (trusted inside the container),
     * before Odoo, which waits for this check, starts with the new file. The password goes from the file to psql
     * by psql's own backquote: never on a command line.
     */
    public static String healthScript(String user) {
        return """
                #!/bin/sh
                # odoo-stack: PostgreSQL's health check (database/Postgres.java)
                set -eu
                %1$s
                [ -e %2$s ] && exit 0
                psql -X -q -v ON_ERROR_STOP=1 -U %3$s -d postgres <<'SQL'
                \\set password `if [ -n "${%4$s:-}" ]; then cat "$%4$s"; else printenv POSTGRES_PASSWORD; fi`
                ALTER ROLE CURRENT_USER PASSWORD :'password';
                SQL
                touch %2$s
                """.formatted(String.join(" ", healthcheck(user)), PASSWORD_SET_MARK, user, PASSWORD_FILE_VARIABLE);
    }

    public static ServiceSpec service(StackIdentity stack, Settings.Postgres pg) {
        StateLayout state = stack.state();
        ContainerSpec container = ContainerSpec.builder(NAME, stack.name(NAME), pg.image())
                .env("POSTGRES_USER", pg.user())
                .env("POSTGRES_DB", "postgres")
                .secret(SecretFileSpec.of(PASSWORD_FILE, pg.password()).locatedBy(PASSWORD_FILE_VARIABLE))
                .mount(state.mount(StateLayout.Area.POSTGRES, dataMountPoint(pg.version())))
                // the internal network only, and no published port: nothing outside the stack reaches the database
                .networks(Names.DATABASE_NETWORK)
                .labels(stack.labels())
                // over TCP, not the socket: on first start the image initialises the cluster on a temporary server
                // that listens on the socket only, and a socket check passes then, while Odoo cannot connect yet
                .file(ContainerSpec.FileSpec.plain(HEALTH_FILE, healthScript(pg.user())))
                .healthcheck(new Healthcheck(List.of("CMD", "sh", HEALTH_FILE), "10s", "5s", 6, "30s"))
                .waitHealthy()
                // the image's entrypoint starts as root: it owns the data directory (CHOWN, FOWNER), reads it
                // whatever its owner (DAC_OVERRIDE), then drops to the postgres user (SETUID, SETGID)
                .capabilities(CAPABILITIES.toArray(String[]::new))
                .memoryMb(pg.memoryMb())
                .cpuShares(pg.cpuShares())
                .shmSizeMb(pg.shmSizeMb())
                .logs(stack.logs())
                // it holds the data: a production stack's database is never deleted or replaced by accident
                .protect(stack.production())
                // on a swarm: pinned to the node that holds its data directory, and stopped before it starts again
                .swarm(stack.swarm() ? ContainerSpec.SwarmService.stopFirst(1, false, List.of(DATABASE_NODE),
                        List.of(stack.name(NAME))) : null)
                .build();
        return new ServiceSpec(TYPE, NAME, List.of(container), state.volumes(StateLayout.Area.POSTGRES));
    }

    /** The readiness check: the server answers on the address Odoo uses (TCP), not only on its socket. */
    public static List<String> healthcheck(String user) {
        return List.of("pg_isready", "-q", "-h", "127.0.0.1", "-p", String.valueOf(PORT), "-U", user, "-d", "postgres");
    }

    /** PostgreSQL 18's image moved its data below a versioned directory and expects the parent mounted. */
    static String dataMountPoint(int major) {
        return major >= 18 ? "/var/lib/postgresql" : "/var/lib/postgresql/data";
    }
}
