package dev.odoostack.config;

import dev.odoostack.testing.PastedFix;
import dev.odoostack.testing.StackConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.odoostack.testing.StackConfig.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What dockerMode swarm refuses of the other settings (docs/scale-out.md): each refusal is one line naming the key,
 * and its fix, pasted, gives a stack file the parser accepts.
 */
class DockerModeRulesTest {
    static Map<String, String> swarm() {
        Map<String, String> c = StackConfig.withPasswords();
        c.put(NS + "dockerMode", "swarm");
        return c;
    }

    static List<Problem> problems(Map<String, String> c) {
        return StackConfig.problems("opw", c);
    }

    /** The configuration after the fix's commands (PastedFix: what the operator pastes, for stack opw). */
    static Map<String, String> pasted(Map<String, String> config, Problem p) {
        return PastedFix.pasted("opw", config, p).config();
    }

    /** The configuration after the fixes of every problem, pasted one after the other. */
    static Map<String, String> pastedAll(Map<String, String> config, List<Problem> problems) {
        Map<String, String> fixed = config;
        for (Problem p : problems) {
            fixed = pasted(fixed, p);
        }
        return fixed;
    }

    /** The one refusal of the configuration: it names the key, and its fix, pasted, is accepted. */
    static Problem refusedThenFixed(Map<String, String> config, String key, String why) {
        List<Problem> problems = problems(config);
        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertEquals(NS + key, p.key(), p.message());
        assertTrue(p.why().contains(why), p.message());
        assertFalse(p.message().contains("\n"), "one line: " + p.message());
        Map<String, String> fixed = pasted(config, p);
        assertEquals(Settings.DockerMode.SWARM, StackConfig.settings("opw", fixed).dockerMode(),
                "the fix keeps the swarm: " + p.fix());
        return p;
    }

    /** Where the fix gives up a part of the stack, the other way out is named: staying on one host. */
    static void orOneHost(Problem p) {
        assertTrue(p.fix().contains("(or pulumi config set dockerMode host --stack opw)")
                        || p.fix().contains("; or pulumi config set dockerMode host --stack opw)"),
                "the other way out, staying on one host, is named: " + p.fix());
    }

    @Test
    void aDefaultStackOnOneHostIsUnaffectedAndASwarmOfDefaultsIsAccepted() {
        assertEquals(Settings.DockerMode.HOST, StackConfig.settings("opw", StackConfig.withPasswords()).dockerMode());
        Settings swarm = StackConfig.settings("opw", swarm());
        assertTrue(swarm.swarm());
        assertEquals(Settings.VolumeMode.BIND, swarm.volumes());
    }

    @Test
    void whatASwarmRefusesIsAcceptedOnOneHost() {
        Map<String, String> c = StackConfig.production(StackConfig.withPasswords());
        c.put(NS + "odooAddonsPaths", "[\"/srv/addons/opw\"]");
        c.put(NS + "odooBuild", "image");
        assertEquals(Settings.DockerMode.HOST, StackConfig.settings("opw", c).dockerMode());
        c.put(NS + "dockerMode", "host");
        assertTrue(StackConfig.settings("opw", c).backup().isPresent(), "written out, host is the default it is");
        c.put(NS + "dockerMode", "swarm");
        assertEquals(List.of(NS + "backup", NS + "odooAddonsPaths", NS + "odooBuild"),
                problems(c).stream().map(Problem::key).sorted().toList());
    }

    @Test
    void namedVolumesAreRefusedForTheSharedFilestore() {
        Map<String, String> c = swarm();
        c.put(NS + "volumes", "named");
        Problem p = refusedThenFixed(c, "volumes", "every Odoo replica");
        assertTrue(p.fix().startsWith("pulumi config set volumes bind --stack opw"), p.fix());
    }

    @Test
    void aBuiltImageWithoutARegistryIsRefusedSinceEveryNodePulls() {
        Map<String, String> c = swarm();
        c.put(NS + "odooBuild", "image");
        Problem p = refusedThenFixed(c, "odooBuild", "pushed to a registry");
        orOneHost(p);
        assertTrue(p.fix().startsWith("pulumi config set odooImageRegistry "), p.fix());
        c.put(NS + "odooImageRegistry", "registry.example.com/acme");
        assertTrue(StackConfig.settings("opw", c).swarm(), "with a registry the build is pushed, and the swarm pulls it");
    }

    @Test
    void aRestoreRunsOnlyWhenAskedOnASwarm() {
        Map<String, String> c = StackConfig.withRestore(swarm());
        c.remove(NS + "restoreOnFirstUp");
        Problem p = refusedThenFixed(c, "restoreOnFirstUp", "an up never restores");
        assertTrue(p.value().startsWith("true (the default)"), p.message());
        assertTrue(p.fix().endsWith("(then, once the stack is up: bin/odoo-stack restore opw --engine compose)"), p.fix());
        Map<String, String> replicas = pasted(c, p);
        replicas.put(NS + "odooReplicas", "3");
        Settings fixed = StackConfig.settings("opw", replicas);
        assertFalse(fixed.restore().orElseThrow().onFirstUp(), "the restore stays declared, run when asked");
        assertEquals(3, fixed.odoo().replicas(), "a swarm's restore scales every replica to zero, so replicas are no bar");
    }

    @Test
    void backupsAreRefusedAsProductionTurnsThemOnByDefault() {
        Problem p = refusedThenFixed(StackConfig.production(swarm()), "backup", "does not run on a swarm");
        assertTrue(p.fix().startsWith("pulumi config set backup false --stack opw"), p.fix());
        orOneHost(p);
        refusedThenFixed(StackConfig.backedUp(swarm()), "backup", "does not run on a swarm");
    }

    @Test
    void addonDirectoriesAreRefusedEachByItsKey() {
        Map<String, String> paths = swarm();
        paths.put(NS + "odooAddonsPaths", "[\"/srv/addons/opw\"]");
        orOneHost(refusedThenFixed(paths, "odooAddonsPaths", "do not reach a swarm's other nodes"));
        Map<String, String> repositories = swarm();
        repositories.put(NS + "odooAddonRepositories", "[\"git@github.com:acme/addons.git 18.0 acme\"]");
        refusedThenFixed(repositories, "odooAddonRepositories", "do not reach a swarm's other nodes");

        Map<String, String> both = new HashMap<>(paths);
        both.putAll(repositories);
        List<Problem> problems = problems(both);
        assertEquals(List.of(NS + "odooAddonRepositories", NS + "odooAddonsPaths"),
                problems.stream().map(Problem::key).sorted().toList(), "each key its own line: " + problems);
        assertTrue(StackConfig.settings("opw", pastedAll(both, problems)).swarm());
    }

    @Test
    void everyRefusalAtOnceEachWithItsFix() {
        Map<String, String> c = StackConfig.backedUp(StackConfig.withRestore(swarm()));
        c.put(NS + "volumes", "named");
        c.put(NS + "odooBuild", "image");
        c.put(NS + "odooAddonsPaths", "[\"/srv/addons/opw\"]");
        c.put(NS + "restoreOnFirstUp", "true");
        List<Problem> problems = problems(c);
        // restoreUpstream: one host refuses a restore with named volumes too, with the same fix
        assertEquals(List.of("backup", "odooAddonsPaths", "odooBuild", "restoreOnFirstUp", "restoreUpstream", "volumes"),
                problems.stream().map(p -> p.key().substring(NS.length())).sorted().toList(), problems::toString);
        assertTrue(StackConfig.settings("opw", pastedAll(c, problems)).swarm());
    }

    @Test
    void anUnknownModeGetsTheUsualRefusal() {
        Map<String, String> c = StackConfig.withPasswords();
        c.put(NS + "dockerMode", "kubernetes");
        List<Problem> problems = problems(c);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("odoo-stack:dockerMode = \"kubernetes\": must be one of host, swarm. Fix: pulumi config set dockerMode swarm --stack opw",
                problems.get(0).message());
    }
}
