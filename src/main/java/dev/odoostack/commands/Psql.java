package dev.odoostack.commands;

import dev.odoostack.engine.Docker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code psql}: psql in the stack's PostgreSQL, on its database. */
@Command(name = "psql",
        customSynopsis = "bin/odoo-stack psql <stack> [psql options]",
        description = {
                "psql in the stack's PostgreSQL container, on the stack's database (on a swarm:",
                "in its task, through ODOO_STACK_DB_DOCKER_HOST when it runs on another node)."})
final class Psql implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    @Parameters(index = "1..*", paramLabel = "[psql options]", description = "handed to psql as they are")
    List<String> options = new ArrayList<>();

    private final Env env;

    Psql(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        StackFacts facts = StackFacts.load(env, Stacks.check(env, stack, "psql"));
        Docker docker = facts.docker();
        String pg;
        if (facts.swarm()) {
            pg = DayTwo.swarmPostgres(facts, docker, "psql");
            docker = DayTwo.dbEngine(facts, docker);
        } else {
            pg = DayTwo.need(facts, docker, facts.containerName("postgres"));
        }
        List<String> c = new ArrayList<>(List.of("exec"));
        c.addAll(DayTwo.execFlags());
        c.addAll(List.of(pg, "psql", "-U", docker.envOf(pg, "POSTGRES_USER"), "-d", facts.outputs().database()));
        c.addAll(options);
        env.out().flush();
        return docker.attached(c);
    }
}
