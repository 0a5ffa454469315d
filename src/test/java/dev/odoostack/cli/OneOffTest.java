package dev.odoostack.cli;

import dev.odoostack.plan.Plan;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoostack.testing.StackConfig;
import dev.odoostack.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.odoostack.testing.StackConfig.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restore and rebuild under the Pulumi engine: only the asked-for resources, and never over pending changes. */
class OneOffTest {
    static final String ODOO = "urn:pulumi:opw::odoo-stack::odoo-stack:odoo:Odoo$";

    static Map<String, String> withRestoreAndAddons(String build) {
        Map<String, String> c = StackConfig.withRestore(StackConfig.withPasswords());
        c.put(NS + "odooAddonRepositories", "[\"https://github.com/OCA/web.git 18.0 oca-web\"]");
        if (build != null) {
            c.put(NS + "odooBuild", build);
        }
        return c;
    }

    @Test
    void aRestoreReplacesTheRestoreCommandAloneByItsPulumiUrn() {
        Plan plan = Stacks.up("opw", withRestoreAndAddons(null));
        List<String> urns = OneOff.urns(plan, "odoo-stack", OneOff.Action.RESTORE);
        assertEquals(List.of("urn:pulumi:opw::odoo-stack::odoo-stack:restore:Restore$command:local:Command::restore"), urns);
        assertEquals(List.of("--target-replace", urns.get(0)), OneOff.upArguments(urns, OneOff.Action.RESTORE),
                "no --target-dependents: nothing but the restore runs");
    }

    @Test
    void theUrnsAreThePlansOwnInTheProjectPulumiRuns() {
        Plan plan = Stacks.up("opw", withRestoreAndAddons(null));
        // the engine's form: no stack type at the head of the chain, whatever the mock engine writes
        assertEquals("urn:pulumi:opw::odoo-stack::odoo-stack:restore:Restore$command:local:Command::restore",
                plan.resource("command:local:Command", "restore").urn());
        assertEquals(List.of("urn:pulumi:opw::acme-odoo::odoo-stack:restore:Restore$command:local:Command::restore"),
                OneOff.urns(plan, "acme-odoo", OneOff.Action.RESTORE));
    }

    @Test
    void aRebuildReplacesTheCheckoutTheBuildAndItsLookupThenWhatRunsOnThem() {
        Plan plan = Stacks.up("opw", withRestoreAndAddons("image"));
        List<String> urns = OneOff.urns(plan, "odoo-stack", OneOff.Action.REBUILD);
        assertEquals(List.of(ODOO + "command:local:Command::fetch-addons", ODOO + "docker:index/image:Image::odoo-build",
                ODOO + "docker:index/remoteImage:RemoteImage::odoo-image").stream().sorted().toList(),
                urns.stream().sorted().toList());
        List<String> args = OneOff.upArguments(urns, OneOff.Action.REBUILD);
        assertEquals("--target-dependents", args.get(args.size() - 1), "the Odoo containers follow their new image");
    }

    @Test
    void aRebuildOfAPublishedImageFetchesTheAddonsAgainOnly() {
        Plan plan = Stacks.up("opw", withRestoreAndAddons(null));
        assertEquals(List.of(ODOO + "command:local:Command::fetch-addons"),
                OneOff.urns(plan, "odoo-stack", OneOff.Action.REBUILD));
    }

    @Test
    void aRebuildOfAnImageCurrentWithItsBaseFetchesTheAddonsAgainOnly() {
        // built again from the same context, the image would differ by the provider's build label alone
        Plan plan = Stacks.up("opw", withRestoreAndAddons("image"));
        assertEquals(List.of(ODOO + "command:local:Command::fetch-addons"),
                OneOff.urns(plan, "odoo-stack", OneOff.Action.REBUILD, true));
    }

    @Test
    void aRebuildOfAnImageCurrentWithItsBaseAndNoAddonsIsNothingToDoInOneLine() {
        Map<String, String> c = StackConfig.withPasswords();
        c.put(NS + "odooBuild", "image");
        Plan plan = Stacks.up("opw", c);
        var nothing = assertThrows(OneOff.NothingToDo.class, () -> OneOff.urns(plan, "odoo-stack", OneOff.Action.REBUILD, true));
        assertTrue(nothing.getMessage().startsWith("rebuild: the Odoo image of stack opw is built on its base image"), nothing.getMessage());
        assertEquals(2, OneOff.urns(plan, "odoo-stack", OneOff.Action.REBUILD, false).size(), "not current: built again");
    }

    @Test
    void nothingToActOnIsOneLineWithTheWayToGetThere() {
        Plan plan = Stacks.up("opw", StackConfig.withPasswords());
        var restore = assertThrows(IllegalArgumentException.class, () -> OneOff.urns(plan, "odoo-stack", OneOff.Action.RESTORE));
        assertTrue(restore.getMessage().contains("odoo-stack:restoreUpstream"), restore.getMessage());
        var rebuild = assertThrows(IllegalArgumentException.class, () -> OneOff.urns(plan, "odoo-stack", OneOff.Action.REBUILD));
        assertTrue(rebuild.getMessage().contains("odoo-stack:odooImage"), rebuild.getMessage());
    }

    @Test
    void otherPendingChangesStopTheActionAndItsOwnDoNot() throws Exception {
        String restore = "urn:pulumi:opw::odoo-stack::odoo-stack:restore:Restore$command:local:Command::restore";
        // pulumi preview --json, as display.PreviewDigest writes it
        var preview = new ObjectMapper().readTree("""
                {"steps": [
                  {"op": "same", "urn": "urn:pulumi:opw::odoo-stack::pulumi:pulumi:Stack::odoo-stack-opw"},
                  {"op": "same", "urn": "urn:pulumi:opw::odoo-stack::odoo-stack:database:Postgres$docker:index/container:Container::postgres"},
                  {"op": "update", "urn": "%s"},
                  {"op": "replace", "urn": "urn:pulumi:opw::odoo-stack::odoo-stack:odoo:Odoo$docker:index/container:Container::odoo"}
                ], "changeSummary": {"same": 2, "update": 1, "replace": 1}}""".formatted(restore));
        List<String> pending = OneOff.otherPendingChanges(preview, List.of(restore));
        assertEquals(List.of("replace odoo"), pending);
        String line = OneOff.refusal("opw", OneOff.Action.RESTORE, pending);
        assertTrue(line.contains("bin/odoo-stack up opw") && line.contains("then bin/odoo-stack restore opw"), line);
        assertEquals(List.of(), OneOff.otherPendingChanges(new ObjectMapper().readTree(
                "{\"steps\": [{\"op\": \"update\", \"urn\": \"" + restore + "\"}]}"), List.of(restore)));
    }

    @Test
    void aReplacementIsOnePendingChangeAsTheEnginesEventsListIt() throws Exception {
        // the Automation API's preview events: a replacement's own steps come beside its replace
        String odoo = "urn:pulumi:opw::odoo-stack::odoo-stack:odoo:Odoo$docker:index/container:Container::odoo";
        var events = new ObjectMapper().createObjectNode();
        for (String op : List.of("create-replacement", "replace", "delete-replaced")) {
            events.withArray("steps").addObject().put("op", op).put("urn", odoo);
        }
        List<String> pending = OneOff.otherPendingChanges(events, List.of());
        assertEquals(List.of("replace odoo"), pending);
        assertTrue(OneOff.refusal("opw", OneOff.Action.REBUILD, pending).startsWith(
                "rebuild: stack opw has 1 pending change(s) besides the rebuild (replace odoo); "), pending.toString());
    }

    @Test
    void theArgumentsForTheRepositorysOwnStackFile() throws Exception {
        var err = new ByteArrayOutputStream();
        List<String> lines = OneOff.upArguments(Path.of("."), "opw", OneOff.Action.REBUILD, false,
                new ObjectMapper().readTree("{\"steps\": []}"), Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertTrue(lines.contains(ODOO + "docker:index/image:Image::odoo-build"), lines.toString());
        assertEquals("--target-dependents", lines.get(lines.size() - 1));
    }

    @Test
    void anotherPendingChangeIsRefusedInOneLine() throws Exception {
        var preview = new ObjectMapper().readTree("""
                {"steps": [{"op": "replace", "urn": "urn:pulumi:opw::odoo-stack::odoo-stack:database:Postgres$docker:index/container:Container::postgres"}]}""");
        var refused = assertThrows(OneOff.Refused.class, () -> OneOff.upArguments(Path.of("."), "opw", OneOff.Action.REBUILD,
                false, preview, Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().startsWith("rebuild: stack opw has 1 pending change(s) besides the rebuild (replace postgres)"),
                refused.getMessage());
    }

    @Test
    void theFlagsExistInTheRealPulumiCli() {
        String cli = System.getenv("ODOO_STACK_TEST_PULUMI");
        org.junit.jupiter.api.Assumptions.assumeTrue(cli != null && !cli.isBlank(),
                "no real Pulumi CLI given (bin/test passes ODOO_STACK_TEST_PULUMI)");
        var help = dev.odoostack.testing.Cmd.run(List.of(cli, "up", "--help"), Map.of("HOME", System.getProperty("java.io.tmpdir")),
                null, java.time.Duration.ofMinutes(1)).orThrow().out();
        for (String flag : List.of("--target-replace", "--target-dependents", "--yes")) {
            assertTrue(help.contains(flag + " "), "pulumi up has " + flag + ": " + help);
        }
    }
}
