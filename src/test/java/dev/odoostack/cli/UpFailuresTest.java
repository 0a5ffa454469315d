package dev.odoostack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cause of a failed {@code pulumi up} as the failed resource said it, out of Pulumi's event log. The command
 * events are written here in the shape of Pulumi's {@code apitype.EngineEvent} (RestoreIntoStackTest reads a real
 * log); the image build's are a real log, cut to its last events (src/test/resources/cli).
 */
class UpFailuresTest {
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
        return failures(log);
    }

    /** The failures in an event log ({@code pulumi up --event-log FILE}): its diagnostic events, as the engine streams them. */
    static List<String> failures(Path eventLog) throws IOException {
        List<UpFailures.Diagnostic> diagnostics = new ArrayList<>();
        for (String line : Files.readAllLines(eventLog)) {
            if (!line.isBlank()) {
                JsonNode d = JSON.readTree(line).path("diagnosticEvent");
                diagnostics.add(new UpFailures.Diagnostic(d.path("urn").asText(), d.path("message").asText(), d.path("severity").asText()));
            }
        }
        return UpFailures.of(diagnostics);
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

    /**
     * A real event log of `bin/odoo-stack up` on the Pulumi engine (CLI 3.253.0, pulumi-docker 4.5.1), cut to its last
     * events: a stack built FROM the odoo:17.0 stand-in with a uv.lock, whose uv could not reach PyPI.
     */
    @Test
    void aFailedImageBuildGivesTheStepItsExitCodeAndTheBuildsOwnLastLine() throws IOException {
        Path log = Path.of("src/test/resources/cli/pulumi-up-events-image-build-failed.jsonl");
        List<String> lines = failures(log);
        assertEquals(1, lines.size(), lines::toString);
        String line = lines.get(0);
        assertTrue(line.startsWith("odoo-stack: up exb: the image build odoo-build failed at [python-deps 4/4] RUN set -eu; "), line);
        assertTrue(line.contains(" with exit code 1: install-python-deps: uv.lock cannot be installed: invalid peer "
                + "certificate: UnknownIssuer (the build needs https://pypi.org and files.pythonhosted.org)"), line);
    }

    @Test
    void aFailedImageBuildWithoutAStepOfItsOwnGivesTheProvidersError() throws IOException {
        String image = "urn:pulumi:opw::odoo-stack::odoo-stack:odoo:Odoo$docker:index/image:Image::odoo-build";
        assertEquals(List.of("odoo-stack: up opw: the image build odoo-build failed: pull access denied for no-such-base, repository does not exist"),
                failures(diagnostic(image, "info", "Starting Docker build\n"),
                        diagnostic(image, "error", "error reading build output: pull access denied for no-such-base, repository does not exist\n")));
    }

    @Test
    void aFailureOfAnythingButACommandGivesNoLine() throws IOException {
        assertEquals(List.of(), failures(
                diagnostic("urn:pulumi:opw::odoo-stack::docker:index/container:Container::odoo", "error",
                        "container exited: restore: not a command's line\n"),
                diagnostic("urn:pulumi:opw::odoo-stack::pulumi:pulumi:Stack::odoo-stack-opw", "error", "update failed\n")));
    }
}
