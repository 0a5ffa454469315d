package dev.odoostack.assembly;

import dev.odoostack.config.FixesPasteCleanTest;
import dev.odoostack.config.Problem;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.testing.PastedFix;
import dev.odoostack.testing.StackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 27's rule for the checks that need the Docker host (class 3: limits past what the host has, a network that
 * nothing creates): one line naming the key, the fix computed from the stack and the host's facts, and the fix,
 * pasted, plans clean offline and passes the host checks with the same facts. A fix that brings another stack up
 * first ({@code bin/odoo-stack up opw}) creates that stack's proxy network, as it does on the host.
 */
class HostChecksTest {
    private static final String ENGINE = "unix:///var/run/docker.sock";

    /**
     * @param memMb    the host's memory (docker info), -1 when it did not say
     * @param networks the networks the host has
     * @param siblings whether the project's committed stacks (opw, cm) are on the same Docker host
     */
    record Row(String stack, String lines, long memMb, Set<String> networks, boolean siblings, String key, String fix, String why) {
        @Override
        public String toString() {
            return stack + ": " + lines.strip().replace("\n", " | ") + " on " + memMb + " MiB, networks " + networks;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                // Odoo's workers may take more than the host has before Odoo recycles them (odooMemoryMb unset)
                new Row("t01", "odoo-stack:odooWorkers: 16", 24105, Set.of(), false, "odooWorkers",
                        "pulumi config set odooWorkers 9 --stack t01 (or a lower odooLimitMemorySoftMb, or a Docker host with more memory)",
                        "(odooWorkers 16 + odooMaxCronThreads 1 + 1) x odooLimitMemorySoftMb 2048 = 36864 MiB"),
                new Row("t01", "odoo-stack:odooWorkers: 4\nodoo-stack:odooMaxCronThreads: 2", 8000, Set.of(), false, "odooWorkers",
                        "pulumi config set odooLimitMemorySoftMb 1088 --stack t01 (or a Docker host with more memory)",
                        "more than the Docker host has (8000 MiB, docker info at " + ENGINE + ")"),
                new Row("t01", "odoo-stack:postgresMemoryMb: 1024", 7168, Set.of(), false, "odooWorkers",
                        "pulumi config set odooWorkers 1 --stack t01 (or a lower odooLimitMemorySoftMb, or a Docker host with more memory)",
                        "= 8192 MiB beside postgresMemoryMb 1024"),
                // odooMemoryMb past the host's memory: Docker's limit never acts
                new Row("t01", "odoo-stack:odooMemoryMb: 32768", 24105, Set.of(), false, "odooMemoryMb",
                        "pulumi config set odooMemoryMb 24064 --stack t01 (what the host has)", "Docker's limit never acts"),
                new Row("t01", "odoo-stack:odooWorkers: 12\nodoo-stack:odooMemoryMb: 32768", 24105, Set.of(), false, "odooMemoryMb",
                        "pulumi config set odooWorkers 9 --stack t01 && pulumi config set odooMemoryMb 24064 --stack t01 (what the host has; or a Docker host with more memory)",
                        "is more memory than the Docker host has (24105 MiB"),
                new Row("t01", "odoo-stack:odooMemoryMb: 16384\nodoo-stack:postgresMemoryMb: 8192", 16000, Set.of(), false, "odooMemoryMb",
                        "pulumi config set odooWorkers 1 --stack t01 && pulumi config set odooMemoryMb 7680 --stack t01 (what the host has; or a Docker host with more memory)",
                        "is more memory beside postgresMemoryMb 8192 than the Docker host has"),
                // PostgreSQL's limit at or past all the host has
                new Row("t01", "odoo-stack:postgresMemoryMb: 32768", 24105, Set.of(), false, "postgresMemoryMb",
                        "pulumi config set postgresMemoryMb 15872 --stack t01 (what the host has beside Odoo's 8192 MiB)",
                        "is at least all the memory the Docker host has (24105 MiB"),
                new Row("t01", "odoo-stack:postgresMemoryMb: 8192\nodoo-stack:odooWorkers: 1", 8000, Set.of(), false, "postgresMemoryMb",
                        "pulumi config set postgresMemoryMb 1792 --stack t01 (what the host has beside Odoo's 6144 MiB)", "the limit limits nothing"),
                new Row("t01", "odoo-stack:postgresMemoryMb: 65536\nodoo-stack:odooWorkers: 0\nodoo-stack:odooMaxCronThreads: 0\nodoo-stack:odooMemoryMb: 4096",
                        16384, Set.of(), false, "postgresMemoryMb",
                        "pulumi config set postgresMemoryMb 12288 --stack t01 (what the host has beside Odoo's 4096 MiB)", "Odoo needs memory too"),
                // the shared proxy network the stack joins does not exist on the host
                new Row("t01", "odoo-stack:traefikExternalNetwork: opw-proxy", 24105, Set.of(), true, "traefikExternalNetwork",
                        "bin/odoo-stack up opw (stack opw creates it: bring the owner up first, docs/edge.md, 'One proxy per Docker host')",
                        "does not exist on the Docker host (docker network inspect at " + ENGINE + ")"),
                new Row("t01", "odoo-stack:traefikExternalNetwork: shared-web", 24105, Set.of("opw-proxy"), true, "traefikExternalNetwork",
                        "pulumi config set traefikExternalNetwork opw-proxy --stack t01 (the proxy of stack opw, which runs Traefik on this Docker host; or pulumi config rm traefikExternalNetwork --stack t01 for a Traefik of its own)",
                        "the stack's Odoo cannot join it"),
                new Row("t01", "odoo-stack:traefikExternalNetwork: shared-web", 24105, Set.of(), true, "traefikExternalNetwork",
                        "bin/odoo-stack up opw && pulumi config set traefikExternalNetwork opw-proxy --stack t01 (the proxy of stack opw, which runs Traefik on this Docker host; or pulumi config rm traefikExternalNetwork --stack t01 for a Traefik of its own)",
                        "does not exist"),
                new Row("t01", "odoo-stack:traefikExternalNetwork: shared-web", 24105, Set.of("bridge"), false, "traefikExternalNetwork",
                        "pulumi config rm traefikExternalNetwork --stack t01 (the stack then runs a Traefik of its own; or start the Traefik whose network shared-web is first)",
                        "does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void oneLineNamingTheKeyWhoseFixPastedPassesTheHostChecks(Row row) throws Exception {
        Map<String, String> config = FixesPasteCleanTest.stackFile(row.lines());
        assertEquals(List.of(), FixesPasteCleanTest.plan(row.stack(), config, row.siblings()), "offline, the stack plans clean");
        HostChecks.Facts facts = new HostChecks.Facts(ENGINE, row.memMb(), row.networks());
        List<Problem> problems = check(row.stack(), config, facts, row.siblings());
        assertEquals(1, problems.size(), "one mistake, one line: " + problems);
        Problem p = problems.get(0);
        assertEquals(StackConfig.NS + row.key(), p.key(), p.message());
        assertFalse(p.message().contains("\n"), "one line: " + p.message());
        assertTrue(p.why().contains(row.why()), p.message());
        assertEquals(row.fix(), p.fix(), p.message());

        // `bin/odoo-stack up S` brings up the stack that creates S-proxy; the rest is pasted as any fix
        Set<String> networks = new TreeSet<>(row.networks());
        String rest = p.fix();
        while (rest.startsWith("bin/odoo-stack up ")) {
            String[] words = rest.split(" ", 4);
            networks.add(words[2] + "-proxy");
            rest = rest.substring(rest.indexOf(words[2]) + words[2].length()).replaceFirst("^ && ", "").replaceFirst("^ \\(.*", "");
        }
        Map<String, String> fixedConfig = config;
        String fixedStack = row.stack();
        if (!rest.isEmpty()) {
            PastedFix.Result fixed = PastedFix.pasted(row.stack(), config, new Problem(p.key(), p.value(), p.why(), rest));
            fixedConfig = fixed.config();
            fixedStack = fixed.stack();
        }
        assertEquals(List.of(), FixesPasteCleanTest.plan(fixedStack, fixedConfig, row.siblings()), "the fix, pasted, plans clean: " + p.fix());
        assertEquals(List.of(), check(fixedStack, fixedConfig, new HostChecks.Facts(ENGINE, row.memMb(), networks), row.siblings()),
                "the fix, pasted, passes the host checks: " + p.fix());
    }

    @Test
    void aHostThatDoesNotSayChecksNoMemoryAndASwarmNone() throws Exception {
        Map<String, String> config = FixesPasteCleanTest.stackFile("odoo-stack:odooWorkers: 16");
        assertEquals(List.of(), check("t01", config, new HostChecks.Facts(ENGINE, -1, Set.of()), false));
        assertEquals(List.of(), check("t01", config, new HostChecks.Facts(ENGINE, 1 << 20, Set.of()), false));
        Map<String, String> swarm = FixesPasteCleanTest.stackFile("odoo-stack:dockerMode: swarm\nodoo-stack:odooWorkers: 16");
        assertEquals(List.of(), check("t01", swarm, new HostChecks.Facts(ENGINE, 4096, Set.of()), false));
        assertEquals("odoo-stack plan t01: offline, so not checked against the Docker host (bin/odoo-stack preview and up"
                + " check it): nothing on a swarm, whose nodes each have their own memory", HostChecks.notMadeOffline(settings("t01", swarm)));
    }

    @Test
    void planNamesTheChecksItCouldNotMake() throws Exception {
        assertEquals("odoo-stack plan t01: offline, so not checked against the Docker host (bin/odoo-stack preview and up"
                        + " check it): the host's memory against the 8192 MiB Odoo may take",
                HostChecks.notMadeOffline(settings("t01", FixesPasteCleanTest.stackFile(""))));
        assertEquals("odoo-stack plan t01: offline, so not checked against the Docker host (bin/odoo-stack preview and up"
                        + " check it): the host's memory against the 12288 MiB Odoo may take and PostgreSQL's 1024 MiB",
                HostChecks.notMadeOffline(settings("t01", FixesPasteCleanTest.stackFile(
                        "odoo-stack:odooMemoryMb: 12288\nodoo-stack:postgresMemoryMb: 1024"))));
        assertEquals("odoo-stack plan t01: offline, so not checked against the Docker host (bin/odoo-stack preview and up"
                        + " check it): the host's memory against the 8192 MiB Odoo may take; that network opw-proxy exists",
                HostChecks.notMadeOffline(settings("t01", FixesPasteCleanTest.stackFile("odoo-stack:traefikExternalNetwork: opw-proxy"))));
    }

    private static Settings settings(String stack, Map<String, String> config) {
        return SettingsParser.parse(stack, StackConfig.raw(config), SecretPolicy.ALLOW_MISSING);
    }

    private static List<Problem> check(String stack, Map<String, String> config, HostChecks.Facts facts, boolean siblings) {
        Map<String, Settings> others = new TreeMap<>();
        for (String other : siblings ? List.of("opw", "cm") : List.<String>of()) {
            others.put(other, SettingsParser.parse(other, StackFile.read(Path.of("Pulumi." + other + ".yaml")), SecretPolicy.ALLOW_MISSING));
        }
        return new ArrayList<>(HostChecks.problems(settings(stack, config), facts, others));
    }
}
