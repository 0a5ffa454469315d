package dev.odoostack.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cause of a failed {@code pulumi up} in one line per failed resource whose own output says why, read from
 * the engine's diagnostic events (engine.PulumiEngine hands them over); Pulumi shows it amid its own prefixes and
 * diagnostics, the compose engine as the last line, and so does bin/odoo-stack on Pulumi:
 * <ul>
 *   <li>a {@code command:local:Command}: the last line it printed about itself ({@code restore: connect failed:
 *       ...}, {@code fetch-addons: ...}), from its error;</li>
 *   <li>a {@code docker:index/image:Image}: odoo-stack's line naming the step that failed and the build's own last
 *       line before the failure ({@code install-python-deps: uv.lock cannot be installed: ...}), from the build
 *       output the docker provider streams as passing status lines, which its error does not repeat.</li>
 * </ul>
 */
public final class UpFailures {
    static final String COMMAND_TYPE = "command:local:Command";
    static final String IMAGE_TYPE = "docker:index/image:Image";
    /** A BuildKit step as the provider prints it: {@code [stage 4/4] RUN ...}. */
    private static final Pattern STEP = Pattern.compile("^\\[[^\\]]+ \\d+/\\d+\\] \\S.*");
    private static final Pattern EXIT = Pattern.compile("exit code: (\\d+)\\s*$");
    /** The provider's and the builder's own words in a build's output, not the build's. */
    private static final Pattern NOISE = Pattern.compile("^(digest: |error: |sha256:|Building your image |To ensure you are "
            + "building |Starting Docker build|Built image |Image built successfully|Successfully (built|tagged) |writing image ).*");

    private UpFailures() {
    }

    /** A diagnostic event of the engine: what a resource said, and how loud. */
    public record Diagnostic(String urn, String message, String severity) {
    }

    /**
     * One line per failed resource that explains itself, in the order they failed; none when none did.
     *
     * @param diagnostics the engine's diagnostic events, as the Automation API hands them over
     */
    public static List<String> of(List<Diagnostic> diagnostics) {
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, String> lastStep = new HashMap<>();
        Map<String, String> lastOutput = new HashMap<>();
        for (Diagnostic diagnostic : diagnostics) {
            String urn = diagnostic.urn() == null ? "" : diagnostic.urn();
            if (!urn.startsWith("urn:pulumi:")) {
                continue; // the engine's own lines ("update failed")
            }
            String name = urn.substring(urn.lastIndexOf("::") + 2);
            String message = plain(diagnostic.message() == null ? "" : diagnostic.message());
            boolean error = "error".equals(diagnostic.severity());
            if (isType(urn, COMMAND_TYPE) && error) {
                // the command's name is the resource's: its script prefixes each of its own lines with it
                for (String said : message.lines().toList()) {
                    if (said.strip().startsWith(name + ": ")) {
                        failures.put(urn, said.strip());
                    }
                }
            } else if (isType(urn, IMAGE_TYPE) && !error) {
                for (String said : message.lines().map(String::strip).toList()) {
                    if (STEP.matcher(said).matches()) {
                        lastStep.put(urn, said);
                    } else if (!said.isEmpty() && !NOISE.matcher(said).matches()) {
                        lastOutput.put(urn, said);
                    }
                }
            } else if (isType(urn, IMAGE_TYPE)) {
                String stack = urn.split("::")[0].substring("urn:pulumi:".length());
                failures.put(urn, "odoo-stack: up " + stack + ": " + imageLine(name, message, lastStep.get(urn), lastOutput.get(urn)));
            }
        }
        return new ArrayList<>(failures.values());
    }

    /** As the compose engine words a failed build: the step, its exit code, the build's own last line. */
    private static String imageLine(String name, String error, String step, String output) {
        String first = error.lines().findFirst().orElse(error).replaceFirst("^error reading build output: ", "").strip();
        Matcher exit = EXIT.matcher(error.strip());
        if (step == null || output == null) {
            return "the image build " + name + " failed: " + abbreviate(first, 300);
        }
        return "the image build " + name + " failed at " + abbreviate(step, 60)
                + (exit.find() ? " with exit code " + exit.group(1) : "") + ": " + abbreviate(output, 300);
    }

    private static boolean isType(String urn, String type) {
        return urn.contains("::" + type + "::") || urn.contains("$" + type + "::");
    }

    /** Pulumi's colour markup ({@code <{%reset%}>}) and carriage returns removed. */
    private static String plain(String message) {
        return message.replaceAll("<\\{%[^%]*%}>", "").replace("\r", "");
    }

    private static String abbreviate(String s, int max) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
