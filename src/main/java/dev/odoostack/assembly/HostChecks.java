package dev.odoostack.assembly;

import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.Problem;
import dev.odoostack.config.Settings;
import dev.odoostack.model.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that need the Docker host: its memory against what the stack's limits let it take, and the shared
 * proxy network it joins. A pure function of the settings and the host's facts; {@code bin/odoo-stack} gathers the
 * facts (docker info, docker network inspect) before preview and up, and {@code plan}, offline, names the checks it
 * could not make ({@link #notMadeOffline}).
 */
public final class HostChecks {
    private HostChecks() {
    }

    /**
     * What the Docker host said.
     *
     * @param engine      the engine asked, for the lines (DOCKER_HOST or docker:host)
     * @param memTotalMb  its total memory in MiB (docker info's MemTotal), or -1 when it did not say
     * @param networks    the networks it has, of those asked about
     */
    public record Facts(String engine, long memTotalMb, Set<String> networks) {
    }

    /** The networks to ask the host about: the one joined, and the proxies of the stacks that could host this one. */
    public static Set<String> networksToAsk(Settings self, Map<String, Settings> others) {
        Set<String> out = new java.util.TreeSet<>();
        if (!self.traefik().own()) {
            out.add(self.traefik().externalNetwork());
            owners(self, others).forEach(o -> out.add(Names.proxyNetwork(o.stack(), o.traefik())));
        }
        return out;
    }

    /** @param others the project's other stacks that parse, by name */
    public static List<Problem> problems(Settings self, Facts facts, Map<String, Settings> others) {
        List<Problem> out = new ArrayList<>();
        memory(self, facts).ifPresent(out::add);
        network(self, facts, others).ifPresent(out::add);
        return out;
    }

    /** The one line {@code plan} prints: the checks it leaves to preview and up. */
    public static String notMadeOffline(Settings self) {
        List<String> checks = new ArrayList<>();
        if (!self.swarm()) {
            checks.add("the host's memory against the " + odooNeedMb(self) + " MiB Odoo may take"
                    + (self.postgres().memoryMb() > 0 ? " and PostgreSQL's " + self.postgres().memoryMb() + " MiB" : ""));
        }
        if (!self.traefik().own()) {
            checks.add("that network " + self.traefik().externalNetwork() + " exists");
        }
        if (checks.isEmpty()) {
            checks.add("nothing on a swarm, whose nodes each have their own memory");
        }
        return "odoo-stack plan " + self.stack() + ": offline, so not checked against the Docker host ("
                + "bin/odoo-stack preview and up check it): " + String.join("; ", checks);
    }

    /** odooMemoryMb unset (the parser puts workers x hard limit in its place) or 0: no limit that acts first. */
    private static boolean derived(Settings s) {
        var o = s.odoo();
        return o.memoryMb() == 0 || o.memoryMb() == processes(s) * o.limitMemoryHardMb();
    }

    private static int processes(Settings s) {
        return s.odoo().workers() + s.odoo().maxCronThreads() + 1;
    }

    /**
     * What Odoo may take before a limit acts: odooMemoryMb when set, else what its workers may use before Odoo
     * recycles them (the derived container limit, workers x hard limit, stops only a runaway).
     */
    static long odooNeedMb(Settings s) {
        return derived(s) ? (long) processes(s) * s.odoo().limitMemorySoftMb() : s.odoo().memoryMb();
    }

    private static Optional<Problem> memory(Settings s, Facts facts) {
        long host = facts.memTotalMb();
        if (host < 0 || s.swarm()) {
            return Optional.empty();
        }
        int pg = s.postgres().memoryMb();
        long odoo = odooNeedMb(s);
        String on = " the Docker host has (" + host + " MiB, docker info at " + facts.engine() + ")";
        if (pg >= host) {
            long rest = (host - odoo) / 256 * 256;
            return Optional.of(new Problem(ConfigKeys.POSTGRES_MEMORY_MB.fullName(), String.valueOf(pg),
                    "is at least all the memory" + on + ": the limit limits nothing, and Odoo needs memory too",
                    rest >= 256 ? ConfigKeys.POSTGRES_MEMORY_MB.setCommand(s.stack(), String.valueOf(rest))
                            + " (what the host has beside Odoo's " + odoo + " MiB)"
                            : "pulumi config rm postgresMemoryMb --stack " + s.stack() + " (no limit of its own)"));
        }
        if (odoo + pg <= host) {
            return Optional.empty();
        }
        long budget = host - pg;
        String beside = pg > 0 ? " beside postgresMemoryMb " + pg : "";
        int c = s.odoo().maxCronThreads();
        int soft = s.odoo().limitMemorySoftMb();
        int hard = s.odoo().limitMemoryHardMb();
        if (derived(s)) {
            long workers = budget / soft - c - 1;
            String fix;
            if (workers >= 1) {
                fix = ConfigKeys.ODOO_WORKERS.setCommand(s.stack(), String.valueOf(workers))
                        + " (or a lower odooLimitMemorySoftMb, or a Docker host with more memory)";
            } else if (budget / processes(s) / 64 * 64 >= 64) {
                fix = ConfigKeys.ODOO_LIMIT_MEMORY_SOFT.setCommand(s.stack(), String.valueOf(budget / processes(s) / 64 * 64))
                        + " (or a Docker host with more memory)";
            } else {
                fix = "a Docker host with more memory: this stack's Odoo needs at least " + (processes(s) * 64L + pg) + " MiB";
            }
            return Optional.of(new Problem(ConfigKeys.ODOO_WORKERS.fullName(), String.valueOf(s.odoo().workers()),
                    "Odoo's processes may use (odooWorkers " + s.odoo().workers() + " + odooMaxCronThreads " + c
                            + " + 1) x odooLimitMemorySoftMb " + soft + " = " + odoo + " MiB" + beside
                            + " before Odoo recycles them, more than" + on + ": the host runs out of memory first", fix));
        }
        long limit = budget / 256 * 256;
        long needed = Math.max(hard, (long) processes(s) * soft);
        long workers = limit / soft - c - 1;
        String fix;
        if (limit >= needed) {
            fix = ConfigKeys.ODOO_MEMORY_MB.setCommand(s.stack(), String.valueOf(limit)) + " (what the host has"
                    + (pg > 0 ? " beside PostgreSQL's limit" : "") + ")";
        } else if (workers >= 1 && limit >= hard) {
            fix = ConfigKeys.ODOO_WORKERS.setCommand(s.stack(), String.valueOf(workers)) + " && "
                    + ConfigKeys.ODOO_MEMORY_MB.setCommand(s.stack(), String.valueOf(limit))
                    + " (what the host has; or a Docker host with more memory)";
        } else {
            fix = "a Docker host with more memory: this stack's Odoo needs at least " + (needed + pg) + " MiB";
        }
        return Optional.of(new Problem(ConfigKeys.ODOO_MEMORY_MB.fullName(), String.valueOf(s.odoo().memoryMb()),
                "is more memory" + beside + " than" + on + ": Docker's limit never acts, the host runs out of memory first", fix));
    }

    private static Optional<Problem> network(Settings s, Facts facts, Map<String, Settings> others) {
        String network = s.traefik().externalNetwork();
        if (s.traefik().own() || facts.networks().contains(network)) {
            return Optional.empty();
        }
        String why = "does not exist on the Docker host (docker network inspect at " + facts.engine()
                + "); the stack's Odoo cannot join it";
        Optional<Settings> creator = others.values().stream()
                .filter(o -> network.equals(o.stack() + "-proxy") && o.traefik().own()
                        && o.dockerHost().equals(s.dockerHost()))
                .findFirst();
        String rm = "pulumi config rm traefikExternalNetwork --stack " + s.stack();
        if (creator.isPresent()) {
            return Optional.of(new Problem(ConfigKeys.TRAEFIK_EXTERNAL_NETWORK.fullName(), network, why,
                    "bin/odoo-stack up " + creator.get().stack() + " (stack " + creator.get().stack()
                            + " creates it: bring the owner up first, docs/edge.md, 'One proxy per Docker host')"));
        }
        List<Settings> owners = owners(s, others);
        Optional<Settings> running = owners.stream()
                .filter(o -> facts.networks().contains(Names.proxyNetwork(o.stack(), o.traefik()))).findFirst();
        // a stack of the project that runs Traefik here, up already or brought up first; else a Traefik of its own
        Optional<String> join = running.or(() -> owners.stream().findFirst()).map(o ->
                (running.isPresent() ? "" : "bin/odoo-stack up " + o.stack() + " && ")
                        + ConfigKeys.TRAEFIK_EXTERNAL_NETWORK.setCommand(s.stack(), Names.proxyNetwork(o.stack(), o.traefik()))
                        + " (the proxy of stack " + o.stack() + ", which runs Traefik on this Docker host; or " + rm
                        + " for a Traefik of its own)");
        return Optional.of(new Problem(ConfigKeys.TRAEFIK_EXTERNAL_NETWORK.fullName(), network, why,
                join.orElse(rm + " (the stack then runs a Traefik of its own; or start the Traefik whose network "
                        + network + " is first)")));
    }

    /** The project's stacks that run Traefik on this stack's Docker host and serve a guest on the default port. */
    private static List<Settings> owners(Settings self, Map<String, Settings> others) {
        int standard = self.tls() ? 443 : 80;
        return others.values().stream()
                .filter(o -> !o.stack().equals(self.stack()) && o.traefik().own() && o.dockerHost().equals(self.dockerHost()))
                .filter(o -> (self.tls() ? o.traefik().httpsPort() : o.traefik().httpPort()) == standard)
                .sorted(java.util.Comparator.comparing(Settings::stack))
                .toList();
    }
}
