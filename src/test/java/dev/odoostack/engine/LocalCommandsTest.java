package dev.odoostack.engine;

import dev.odoostack.model.CommandSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compose engine runs a stack's commands by the rules Pulumi applies to command:local:Command. */
class LocalCommandsTest {
    @TempDir
    Path tmp;
    Path rendered;
    Path state;
    Path ran;
    Path restarts;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        rendered = Files.createDirectories(tmp.resolve("project"));
        state = tmp.resolve("state");
        ran = tmp.resolve("ran");
        restarts = tmp.resolve("restarts");
    }

    private void declare(String env, String trigger, String echo, String phase) throws IOException {
        Files.writeString(rendered.resolve(LocalCommands.FILE), """
                [{"name": "fetch", "create": "echo create >> %1$s; echo %3$s", "update": "echo update >> %1$s; echo %3$s",
                  "environment": {"SETTING": "%2$s"}, "triggers": ["%4$s"], "phase": "%5$s", "restarts": ["opw-odoo"]}]
                """.formatted(ran, env, echo, trigger, phase));
    }

    private int run(CommandSpec.Phase phase) throws IOException {
        return LocalCommands.run(rendered, state, tmp, phase, restarts, new PrintStream(out, true), new PrintStream(err, true));
    }

    private List<String> ran() throws IOException {
        return Files.exists(ran) ? Files.readAllLines(ran) : List.of();
    }

    @Test
    void createOnceThenNothingThenUpdateOnASettingThenCreateOnATrigger() throws IOException {
        declare("a", "generation 1", "v1", "before");
        assertEquals(0, run(CommandSpec.Phase.BEFORE));
        assertEquals(0, run(CommandSpec.Phase.BEFORE));
        assertEquals(List.of("create"), ran(), "an unchanged command does not run again");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("fetch: unchanged, not run"));

        declare("b", "generation 1", "v1", "before");
        run(CommandSpec.Phase.BEFORE);
        assertEquals(List.of("create", "update"), ran());

        declare("b", "generation 2", "v1", "before");
        run(CommandSpec.Phase.BEFORE);
        assertEquals(List.of("create", "update", "create"), ran());
    }

    @Test
    void onlyTheAskedPhaseRuns() throws IOException {
        declare("a", "t", "v1", "after");
        run(CommandSpec.Phase.BEFORE);
        assertEquals(List.of(), ran());
        run(CommandSpec.Phase.AFTER);
        assertEquals(List.of("create"), ran());
    }

    @Test
    void aFailedCommandIsNotRecordedSoTheNextUpRunsItAgain() throws IOException {
        Files.writeString(rendered.resolve(LocalCommands.FILE), """
                [{"name": "restore", "create": "echo create >> %s; exit 3", "update": "",
                  "environment": {}, "triggers": [], "phase": "after", "restarts": []}]
                """.formatted(ran));
        assertEquals(3, run(CommandSpec.Phase.AFTER));
        assertEquals(3, run(CommandSpec.Phase.AFTER));
        assertEquals(List.of("create", "create"), ran());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("restore failed (exit 3); nothing was recorded, so the next up runs it again"));
    }

    @Test
    void newOutputRestartsTheContainersThatLoadIt() throws IOException {
        declare("a", "t", "commit-1", "before");
        run(CommandSpec.Phase.BEFORE);
        assertEquals("", Files.readString(restarts), "a first run: the containers are created with it");
        declare("b", "t", "commit-1", "before");
        run(CommandSpec.Phase.BEFORE);
        assertEquals("", Files.readString(restarts), "same output, no restart");
        declare("c", "t", "commit-2", "before");
        run(CommandSpec.Phase.BEFORE);
        assertEquals("opw-odoo\n", Files.readString(restarts));
    }

    @Test
    void runNowAppendsArgumentsToTheCommandLineAndGivesItTheEnvironment() throws IOException {
        Path script = tmp.resolve("restore.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$SETTING\" >> " + ran + "\nprintf '%s\\n' \"$@\" >> " + ran + "\n");
        script.toFile().setExecutable(true);
        Files.writeString(rendered.resolve(LocalCommands.FILE), """
                [{"name": "restore", "create": "%s", "update": "",
                  "environment": {"SETTING": "from the stack"}, "triggers": [], "phase": "after", "restarts": ["opw-odoo"]}]
                """.formatted(script));
        Path restarts = tmp.resolve("restarts");
        assertEquals(0, LocalCommands.runNow(rendered, "restore", List.of("--rollback"), tmp, restarts, false,
                new PrintStream(out, true), new PrintStream(err, true)));
        assertEquals(List.of("from the stack", "--rollback"), ran());
        assertEquals("opw-odoo\n", Files.readString(restarts), "what runs on the command's result is restarted");
        assertEquals(2, LocalCommands.runNow(rendered, "backup", List.of(), tmp, restarts, false,
                new PrintStream(out, true), new PrintStream(err, true)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("declares no backup command"));
        assertEquals("", Files.readString(restarts));
        assertEquals(0, LocalCommands.runNow(rendered, "backup", List.of(), tmp, null, true,
                new PrintStream(out, true), new PrintStream(err, true)), "rebuild: no addon checkout is no error");
    }

    /** restoreOnFirstUp false: the restore's real command line, run as an up and as bin/odoo-stack restore run it. */
    @Test
    void aRestoreOnRequestOnlyIsRecordedByUpWithOneLineAndRunsWhenAsked() throws IOException {
        var c = dev.odoostack.testing.StackConfig.withPasswords();
        String ns = dev.odoostack.testing.StackConfig.NS;
        dev.odoostack.testing.StackConfig.withRestore(c);
        c.put(ns + "restoreOnFirstUp", "false");
        String create = dev.odoostack.testing.Stacks.up("opw", c).resource("command:local:Command", "restore").input("create").asText();
        // the project directory the command runs in, with a restore.sh that only records that it ran
        Path script = Files.createDirectories(tmp.resolve("docker/scripts")).resolve("restore.sh");
        Files.writeString(script, "#!/bin/sh\necho restored >> " + ran + "\n");
        script.toFile().setExecutable(true);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var list = json.createArrayNode();
        list.addObject().put("name", "restore").put("create", create).put("update", "").put("phase", "after")
                .putObject("environment").put("RESTORE_UPSTREAM", "odoo@opw-prod.shiny");
        ((com.fasterxml.jackson.databind.node.ObjectNode) list.get(0)).putArray("triggers").add("generation 1");
        ((com.fasterxml.jackson.databind.node.ObjectNode) list.get(0)).putArray("restarts");
        Files.writeString(rendered.resolve(LocalCommands.FILE), json.writeValueAsString(list));

        assertEquals(0, run(CommandSpec.Phase.AFTER));
        assertEquals(List.of(), ran(), "up must not restore");
        List<String> said = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("restoreOnFirstUp")).toList();
        assertEquals(List.of("odoo-stack: restore: configured, but restoreOnFirstUp is false, so up does not run it; "
                + "to restore now: bin/odoo-stack restore opw (with --engine compose for a stack the compose engine runs)"), said);
        assertEquals(0, run(CommandSpec.Phase.AFTER));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("restore: unchanged, not run"));

        assertEquals(0, LocalCommands.runNow(rendered, "restore", List.of(), tmp, restarts, false,
                new PrintStream(out, true), new PrintStream(err, true)));
        assertEquals(List.of("restored"), ran(), "asked for, it restores");
    }
}
