package dev.odoostack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cause of a failed {@code pulumi up} as the failed command said it, out of Pulumi's event log. The events are
 * written here in the shape of Pulumi's {@code apitype.EngineEvent}; RestoreIntoStackTest reads a real log.
 */
class CommandFailuresTest {
    static final String RESTORE = "urn:pulumi:opw::odoo-stack::odoo-stack:restore:Restore$command:local:Command::restore";
    static final String FETCH = "urn:pulumi:opw::odoo-stack::odoo-stack:odoo:Odoo$command:local:Command::fetch-addons";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static String diagnostic(String urn, String severity, String message) {
        ObjectNode event = JSON.createObjectNode().put("sequence", 1).put("timestamp", 1700000000);
        event.putObject("diagnosticEvent").put("urn", urn).put("prefix", severity + ": ").put("message", message)
                .put("color", "never").put("severity", severity);
        return event.toString();
    }

    List<String> failures(String... events) throws IOException {
        Path log = tmp.resolve("events.json");
        Files.writeString(log, String.join("\n", events) + "\n");
        return CommandFailures.of(log);
    }

    @Test
    void theRestoresOwnFailureLineIsTheCauseNotItsProgressNorPulumisWrapping() throws IOException {
        assertEquals(List.of("restore: connect failed: cannot reach odoo@10.203.9.3 port 22: Network is unreachable"), failures(
                diagnostic(RESTORE, "info", "restore: connect odoo@10.203.9.2 port 22 in 0.2 s\n"),
                diagnostic(RESTORE, "info#err", "restore: connect failed: cannot reach odoo@10.203.9.3 port 22: Network is unreachable\n"),
                diagnostic(RESTORE, "error", "exit status 1: running \"docker/scripts/restore.sh\":\n"
                        + "restore: connect failed: cannot reach odoo@10.203.9.3 port 22: Network is unreachable\n"),
                diagnostic("urn:pulumi:opw::odoo-stack::pulumi:pulumi:Stack::odoo-stack-opw", "error", "update failed\n")));
    }

    @Test
    void eachFailedCommandGivesItsLastOwnLineInTheOrderTheyFailed() throws IOException {
        assertEquals(List.of("fetch-addons: enterprise: branch 19.0 not found", "restore: load failed: out of memory"), failures(
                diagnostic(FETCH, "error", "exit status 2: running \"docker/scripts/fetch-addons.sh\":\n"
                        + "fetch-addons: enterprise: fetching 19.0\nfetch-addons: enterprise: branch 19.0 not found"),
                diagnostic(RESTORE, "error", "<{%reset%}>exit status 1: running \"docker/scripts/restore.sh\":\n"
                        + "restore: load failed: out of memory<{%reset%}>\n")));
    }

    @Test
    void aFailureOfAnythingButACommandGivesNoLine() throws IOException {
        assertEquals(List.of(), failures(
                diagnostic("urn:pulumi:opw::odoo-stack::docker:index/container:Container::odoo", "error",
                        "container exited: restore: not a command's line\n"),
                diagnostic("urn:pulumi:opw::odoo-stack::pulumi:pulumi:Stack::odoo-stack-opw", "error", "update failed\n")));
    }

    @Test
    void theCliPrintsOneLinePerFailedCommandAndNamesAnUnreadableLog() throws IOException {
        Path log = tmp.resolve("events.json");
        Files.writeString(log, diagnostic(RESTORE, "error", "exit status 1: running \"x\":\nrestore: swap failed: no\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Cli.run(new String[] {"command-failures", log.toString()}, java.util.Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("restore: swap failed: no\n", out.toString(StandardCharsets.UTF_8));
        List<String> args = new ArrayList<>(List.of("command-failures", tmp.resolve("missing.json").toString()));
        assertEquals(1, Cli.run(args.toArray(String[]::new), java.util.Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count(), err.toString(StandardCharsets.UTF_8));
    }
}
