package dev.odoostack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cause of a failed {@code pulumi up} in the words of the command that failed: the last line each failed
 * {@code command:local:Command} printed about itself ({@code restore: connect failed: ...}, {@code fetch-addons:
 * ...}), read from Pulumi's event log ({@code pulumi up --event-log FILE}). Pulumi shows that line amid its own
 * prefixes and diagnostics; the compose engine shows it as the last line, and so does bin/odoo-stack on Pulumi.
 */
final class CommandFailures {
    static final String COMMAND_TYPE = "command:local:Command";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandFailures() {
    }

    /** One line per failed command, in the order they failed; none when no command failed. */
    static List<String> of(Path eventLog) throws IOException {
        Map<String, String> lastLine = new LinkedHashMap<>();
        for (String line : Files.readAllLines(eventLog)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode diagnostic = JSON.readTree(line).path("diagnosticEvent");
            String urn = diagnostic.path("urn").asText();
            if (!diagnostic.path("severity").asText().equals("error") || !urn.contains("::" + COMMAND_TYPE + "::")
                    && !urn.contains("$" + COMMAND_TYPE + "::")) {
                continue;
            }
            // the command's name is the resource's: its script prefixes each of its own lines with it
            String name = urn.substring(urn.lastIndexOf("::") + 2);
            for (String said : plain(diagnostic.path("message").asText()).lines().toList()) {
                if (said.strip().startsWith(name + ": ")) {
                    lastLine.put(urn, said.strip());
                }
            }
        }
        return new ArrayList<>(lastLine.values());
    }

    /** Pulumi's colour markup ({@code <{%reset%}>}) removed. */
    private static String plain(String message) {
        return message.replaceAll("<\\{%[^%]*%}>", "");
    }
}
