package dev.odoostack.commands;

import dev.odoostack.engine.Docker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code shell}: odoo shell in the running Odoo container, on the stack's database. */
@Command(name = "shell",
        customSynopsis = "bin/odoo-stack shell <stack> [-- odoo shell options]",
        description = {
                "`odoo shell --no-http` in the running Odoo container, on the stack's",
                "database: a console on a terminal, else the Python read from stdin."})
final class Shell implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    @Parameters(index = "1..*", paramLabel = "[odoo shell options]", description = "after --: handed to odoo shell")
    List<String> options = new ArrayList<>();

    private final Env env;

    Shell(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        StackFacts facts = StackFacts.load(env, Stacks.check(env, stack, "shell"));
        Docker docker = facts.docker();
        String odoo = DayTwo.need(facts, docker, facts.containerName("odoo"));
        List<String> c = new ArrayList<>(List.of("exec"));
        c.addAll(DayTwo.execFlags());
        // ODOO_RC in the container names its assembled configuration: database, user and password
        c.addAll(List.of(odoo, "odoo", "shell", "-d", facts.outputs().database(), "--no-http"));
        c.addAll(options);
        env.out().flush();
        return docker.attached(c);
    }
}
