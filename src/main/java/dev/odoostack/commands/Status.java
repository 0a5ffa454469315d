package dev.odoostack.commands;

import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.model.ContainerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code status}: the running stack as the engine has it, with the facts of its model. One JVM, the docker CLI. */
@Command(name = "status",
        customSynopsis = "bin/odoo-stack status <stack>",
        description = {
                "Each container's state, health and image; the URL; the database's size; where",
                "the live database was restored from, and when; the last backup (when the stack",
                "is backed up); egress."})
final class Status implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    private final Env env;

    Status(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        StackFacts facts = StackFacts.load(env, Stacks.check(env, stack, "status"));
        Docker docker = facts.docker();
        PrintStream out = env.out();
        if (facts.swarm()) {
            swarm(facts, docker, out);
            return 0;
        }
        out.printf("%-22s %-10s %-10s %s%n", "container", "state", "health", "image");
        for (ContainerSpec c : facts.containers()) {
            var state = docker.inspect(c.dockerName(),
                    "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}} {{.Config.Image}}");
            if (state.isPresent()) {
                String[] f = state.get().split(" ", 3);
                out.printf("%-22s %-10s %-10s %s%n", c.dockerName(), f[0], f[1], f.length > 2 ? f[2] : "");
            } else if (!c.runOnce()) {
                out.printf("%-22s %-10s%n", c.dockerName(), "absent");
            }
        }
        out.println("url:      " + facts.outputs().url());
        DayTwo.databaseStatus(facts, docker, facts.containerName("postgres"), out);
        facts.container("backup").map(ContainerSpec::dockerName).filter(docker::exists).ifPresent(backup -> {
            var health = docker.run("exec", backup, "odoo-backup", "health");
            out.println("backup:   " + String.join(";", (health.out() + health.err()).lines().limit(2).toList()));
        });
        out.println(facts.outputs().egress() ? "egress:   Odoo may reach beyond the stack"
                : "egress:   none: Odoo reaches nothing beyond the stack (odooEgress opens it)");
        return 0;
    }

    /** A swarm stack's services (tasks running / wanted, image) and where each task runs. */
    private void swarm(StackFacts facts, Docker docker, PrintStream out) {
        out.flush();
        if (docker.attached(List.of("stack", "services", stack, "--format",
                "table {{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}")) != 0) {
            throw new Failure("no stack " + stack + " on the swarm at " + env.engineForMessages()
                    + ": is it up? (bin/odoo-stack up " + stack + " --engine compose)");
        }
        out.println();
        out.flush();
        docker.attached(List.of("stack", "ps", stack, "--filter", "desired-state=running", "--format",
                "table {{.Name}}\t{{.Node}}\t{{.CurrentState}}\t{{.Error}}"));
        out.println("url:      " + facts.outputs().url());
        // PostgreSQL's task runs on the database node: docker exec reaches it through that node's engine only
        String pg = DayTwo.swarmPostgresTask(facts, docker);
        if (!pg.isEmpty()) {
            DayTwo.databaseStatus(facts, DayTwo.dbEngine(facts, docker), pg, out);
        } else {
            out.println("database: not running on the engine at " + DayTwo.dbEngine(facts, docker).engine() + "; "
                    + DayTwo.DB_ENGINE + "=<the database node's engine> shows it here (docs/scale-out.md)");
        }
    }
}
