package dev.odoostack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.odoostack.testing.Cmd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The real-engine suite's stack files: the repository's own, with the keys of {@code src/test/resources/e2e/stacks}
 * replaced (only those that need access the test machine does not have: docs/testing.md), then the test's own
 * state root and lines. No engine needed, so {@code TestStacksTest} runs with the unit tests.
 */
final class TestStacks {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path OVERRIDES = REPO.resolve("src/test/resources/e2e/stacks");
    static final String FIXTURES = "@FIXTURES@";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestStacks() {
    }

    /** The {@code config} map of a stack file. */
    static ObjectNode config(Path stackFile) {
        try {
            JsonNode root = YAML.readTree(stackFile.toFile());
            JsonNode config = root == null ? null : root.get("config");
            return config instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The suite's replacements for a stack, with the fixtures directory filled in. */
    static ObjectNode overrides(String stack, Path fixtures) {
        try {
            String text = Files.readString(OVERRIDES.resolve("Pulumi." + stack + ".yaml")).replace(FIXTURES, fixtures.toString());
            JsonNode config = YAML.readTree(text).get("config");
            return config instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The suite's stack file: the repository's, the suite's replacements, the state root, then the test's lines
     * (YAML under {@code config:}, e.g. {@code odoo-stack:odooWorkers: 6}); a later value of a key replaces an earlier.
     * Written one key a line, the value as JSON (which YAML reads), so a test can still find a line by its text.
     */
    static String stackFile(String stack, Path fixtures, Path stateRoot, List<String> lines) {
        ObjectNode config = config(REPO.resolve("Pulumi." + stack + ".yaml"));
        config.setAll(overrides(stack, fixtures));
        config.put("odoo-stack:stateRoot", stateRoot.toString());
        if (!lines.isEmpty()) {
            StringBuilder yaml = new StringBuilder("config:\n");
            lines.forEach(l -> yaml.append("  ").append(l).append('\n'));
            try {
                JsonNode extra = YAML.readTree(yaml.toString()).get("config");
                if (extra instanceof ObjectNode o) {
                    config.setAll(o);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        StringBuilder out = new StringBuilder("# the real-engine suite's Pulumi." + stack + ".yaml (TestStacks)\nconfig:\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.append("  ").append(e.getKey()).append(": ").append(e.getValue().toString()).append('\n');
        }
        return out.toString();
    }

    /**
     * The repositories the suite's replacements name: {@code enterprise.git}, a local stand-in for the private
     * Enterprise addons (not Odoo's code): one module on branch 19.0, the branch the real stack file asks for.
     */
    static void makeFixtures(Path fixtures) throws IOException {
        Path repo = fixtures.resolve("enterprise.git");
        if (Files.isDirectory(repo)) {
            return;
        }
        Path module = Files.createDirectories(repo.resolve("enterprise_stand_in"));
        Files.writeString(module.resolve("__manifest__.py"), "{'name': 'Enterprise stand-in (not Odoo Enterprise)', 'version': '19.0.1.0.0'}\n");
        git(repo, "init", "--quiet", "--initial-branch=19.0");
        git(repo, "add", "--all");
        git(repo, "commit", "--quiet", "--message", "enterprise stand-in");
    }

    private static void git(Path dir, String... args) {
        List<String> c = new java.util.ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"));
        c.addAll(List.of(args));
        Cmd.run(c, Map.of(), null, Duration.ofMinutes(1)).orThrow();
    }
}
