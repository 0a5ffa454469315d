package dev.odoostack.commands;

import dev.odoostack.cutover.GoLive;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the day-2 commands share: the running containers they reach, PostgreSQL's facts, and a swarm's database
 * task, which runs on the database node's engine (ODOO_STACK_DB_DOCKER_HOST when that is another one).
 */
final class DayTwo {
    static final String DB_ENGINE = "ODOO_STACK_DB_DOCKER_HOST";

    private DayTwo() {
    }

    /** The container, which must exist; else the line that says the stack seems down. */
    static String need(StackFacts facts, Docker docker, String container) {
        if (!docker.exists(container)) {
            throw new Failure("no container " + container + " on " + facts.env().engineForMessages()
                    + ": is the stack up? (bin/odoo-stack status " + facts.stack() + ")");
        }
        return container;
    }

    /** docker exec's flags: stdin always, a terminal when this command has one on both ends. */
    static List<String> execFlags() {
        List<String> f = new ArrayList<>(List.of("-i"));
        if (System.console() != null) {
            f.add("-t");
        }
        return f;
    }

    /** The engine of a swarm's database node: ODOO_STACK_DB_DOCKER_HOST, else the stack's own. */
    static Docker dbEngine(StackFacts facts, Docker docker) {
        return docker.on(facts.env().get(DB_ENGINE));
    }

    /** The container of PostgreSQL's task on the database node's engine, or empty when that engine does not run it. */
    static String swarmPostgresTask(StackFacts facts, Docker docker) {
        var r = dbEngine(facts, docker).run("ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + service(facts, "postgres"),
                "--filter", "status=running");
        return r.ok() ? r.text().lines().findFirst().orElse("") : "";
    }

    /** {@link #swarmPostgresTask}, or one line naming the node that runs it and the setting that reaches it. */
    static String swarmPostgres(StackFacts facts, Docker docker, String what) {
        String pg = swarmPostgresTask(facts, docker);
        if (!pg.isEmpty()) {
            return pg;
        }
        String service = service(facts, "postgres");
        String node = docker.run("service", "ps", "--filter", "desired-state=running", "--format", "{{.Node}}", service)
                .text().lines().findFirst().orElse("");
        if (node.isEmpty()) {
            throw new Failure(what + ": no running task of " + service + " on the swarm at " + docker.engine()
                    + ": is the stack up? (bin/odoo-stack status " + facts.stack() + ")");
        }
        var addr = docker.run("node", "inspect", "--format", "{{.Status.Addr}}", node);
        throw new Failure(what + ": PostgreSQL of " + facts.stack() + " runs on node " + node + ", not on the engine at "
                + dbEngine(facts, docker).engine() + ": set " + DB_ENGINE + " to that node's engine, e.g. " + DB_ENGINE
                + "=ssh://root@" + (addr.ok() ? addr.text() : node) + " bin/odoo-stack " + what + " " + facts.stack());
    }

    /** A service of the stack on a swarm: docker stack deploy names it <stack>_<name>. */
    static String service(StackFacts facts, String name) {
        return facts.stack() + "_" + name;
    }

    /** The database's size and where its copy came from, asked in PostgreSQL's container. */
    static void databaseStatus(StackFacts facts, Docker docker, String container, PrintStream out) {
        String db = facts.outputs().database();
        String user = docker.envOf(container, "POSTGRES_USER");
        var size = docker.run("exec", container, "psql", "-U", user, "-d", "postgres", "-Atc",
                "SELECT coalesce((SELECT pg_size_pretty(pg_database_size(datname)) FROM pg_database WHERE datname = '"
                        + db + "'), 'not created yet')");
        if (!size.ok()) {
            out.println("database: " + db + " (PostgreSQL does not answer)");
            return;
        }
        out.println("database: " + db + " (" + size.text() + ")");
        // restore.sh notes the origin of each copy on the database itself, so this follows swaps and rollbacks
        var restored = docker.run("exec", container, "psql", "-U", user, "-d", "postgres", "-Atc",
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '" + db + "'");
        String origin = restored.ok() ? restored.text() : "";
        if (GoLive.wentLive(origin).isPresent()) {
            out.println("cutover:  live from " + GoLive.wentLive(origin).get());
            return;
        }
        out.println(origin.startsWith("odoo-stack restore: ")
                ? "restore:  " + origin.substring("odoo-stack restore: ".length())
                : "restore:  none: this database was not restored by odoo-stack");
    }
}
