package dev.odoostack.commands;

import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code logs}: a service's last lines, or all of them as they come. */
@Command(name = "logs",
        customSynopsis = "bin/odoo-stack logs <stack> [service] [-f]",
        description = {
                "The last 200 log lines of a service (odoo, postgres, traefik, docker-api,",
                "backup; default odoo); -f follows them."})
final class Logs implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    static final List<String> SERVICES = List.of("odoo", "odoo-cron", "postgres", "traefik", "docker-api", "odoo-init", "backup");
    private static final Pattern LOST_NODE = Pattern.compile("node ([a-z0-9]+) is not available");

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    @Parameters(index = "1", arity = "0..1", paramLabel = "[service]", description = "odoo (default), odoo-cron on a swarm, postgres, traefik, docker-api, backup")
    String service = "odoo";

    @Option(names = {"-f", "--follow"}, description = "follow: the lines to come as well")
    boolean follow;

    private final Env env;

    Logs(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Stacks.check(env, stack, "logs");
        if (!SERVICES.contains(service)) {
            throw new Failure("logs: '" + service + "' is neither a service (odoo, odoo-cron on a swarm, postgres, traefik,"
                    + " docker-api, backup) nor -f", 2);
        }
        StackFacts facts = StackFacts.load(env, stack);
        Docker docker = facts.docker();
        List<String> args = new ArrayList<>(List.of("--tail", "200"));
        if (follow) {
            args.add("--follow");
        }
        env.out().flush();
        if (facts.swarm()) {
            return swarm(docker, DayTwo.service(facts, service), args);
        }
        String container = facts.container(service).map(c -> c.dockerName()).orElse(stack + "-" + service);
        DayTwo.need(facts, docker, container);
        List<String> c = new ArrayList<>(List.of("logs"));
        c.addAll(args);
        c.add(container);
        return docker.attached(c);
    }

    /**
     * Every task's lines, each prefixed with the task and its node. A manager that lost a node's log stream (Docker
     * can, after a network partition: docs/scale-out.md) prints the lines of the other nodes and then an error with
     * the node's id; the last line names the node and the fix.
     */
    int swarm(Docker docker, String name, List<String> args) {
        List<String> c = new ArrayList<>(List.of("service", "logs"));
        c.addAll(args);
        c.add(name);
        var r = docker.attachedKeepingErr(c, env.err());
        Set<String> nodes = new LinkedHashSet<>();
        Matcher m = LOST_NODE.matcher(r.err());
        while (m.find()) {
            var host = docker.run("node", "inspect", "--format", "{{.Description.Hostname}}", m.group(1));
            nodes.add(host.ok() ? host.text() : m.group(1));
        }
        if (!nodes.isEmpty()) {
            String all = String.join(" ", nodes);
            throw new Failure("logs: the lines of the tasks on " + all + " are missing: the swarm manager lost that node's"
                    + " log stream (Docker does after a network partition); restart Docker on " + all + " (systemctl"
                    + " restart docker, its tasks restart), then: bin/odoo-stack logs " + stack + " " + service);
        }
        return r.exit();
    }
}
