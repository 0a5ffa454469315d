package dev.odoostack.compose;

import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 27, "The Coolify header's pointers lead to pages that say what they promise": each doc the header of a
 * compose file points at exists, with the section its anchor names, and that section says what the header line
 * promises: how to run that command (its script) on the operator's machine for Coolify, that up runs it for the
 * compose engine. Read from the committed Coolify files and a fresh local rendering of both stacks.
 */
class ComposeHeaderPointersTest {
    private static final Pattern POINTER = Pattern.compile("see (docs/[A-Za-z0-9_./-]+\\.md)(?:#([a-z0-9_-]+))?");
    private static final Pattern COMMAND = Pattern.compile("^#   ([a-z0-9-]+): ");
    private static final Pattern SCRIPT = Pattern.compile("docker/scripts/[a-z0-9-]+\\.sh");

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void theCoolifyHeadersPointersSayWhatTheyPromise(String stack) throws Exception {
        String compose = Files.readString(Path.of("docker/config/coolify", stack, "docker-compose.yml"));
        assertEquals(List.of(), wrong(header(compose), "operator's machine"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"opw", "cm"})
    void theLocalHeadersPointersSayWhatTheyPromise(String stack) {
        Settings s = SettingsParser.parse(stack, StackFile.read(StackFile.path(Path.of(""), stack)), SecretPolicy.ALLOW_MISSING);
        String compose = ComposeFile.renderLocal(DeploymentModel.of(s, Path.of("")), "/project").compose();
        assertEquals(List.of(), wrong(header(compose), "`up`"));
    }

    /** A check that cannot fail proves nothing: a missing page, a missing section and a section that says nothing of the command. */
    @Test
    void aPointerThatLeadsNowhereIsNamed() {
        List<String> header = List.of(
                "#   restore: docker/scripts/restore.sh (run it on the operator's machine; see docs/no-such-page.md#by-hand)",
                "#   restore: docker/scripts/restore.sh (run it on the operator's machine; see docs/restore.md#no-such-section)",
                "#   restore: docker/scripts/restore.sh (run it on the operator's machine; see docs/restore.md#rollback)",
                "#   restore: docker/scripts/restore.sh (run it on the operator's machine; see docs/migration.md)");
        assertEquals(4, wrong(header, "operator's machine").size(), String.join("\n", wrong(header, "operator's machine")));
    }

    /** The header's comment lines, up to the first line of YAML. */
    static List<String> header(String compose) {
        return compose.lines().takeWhile(l -> l.startsWith("#")).toList();
    }

    /** One line per pointer that does not lead to what its header line promises. */
    static List<String> wrong(List<String> header, String how) {
        List<String> out = new ArrayList<>();
        int pointers = 0;
        for (String line : header) {
            Matcher m = POINTER.matcher(line);
            while (m.find()) {
                pointers++;
                Path page = Path.of(m.group(1));
                if (!Files.isRegularFile(page)) {
                    out.add(m.group(1) + ": no such page (" + line + ")");
                    continue;
                }
                if (m.group(2) == null) {
                    out.add(m.group(1) + ": a whole page promises no particular section (" + line + ")");
                    continue;
                }
                Optional<String> section = section(page, m.group(2));
                if (section.isEmpty()) {
                    out.add(m.group(0) + ": the page has no such section (" + line + ")");
                    continue;
                }
                List<String> promised = new ArrayList<>(List.of(how));
                Matcher command = COMMAND.matcher(line);
                if (command.find()) {
                    promised.add(command.group(1)); // the section speaks of that command
                }
                Matcher script = SCRIPT.matcher(line);
                if (script.find() && how.contains("operator")) {
                    promised.add(script.group()); // run by hand: the section shows the script
                }
                for (String thing : promised) {
                    if (!section.get().contains(thing)) {
                        out.add(m.group(0) + ": the section does not mention " + thing + " (" + line + ")");
                    }
                }
            }
        }
        assertTrue(pointers > 0 || header.stream().noneMatch(l -> COMMAND.matcher(l).find()),
                "a header that names commands points at their docs: " + header);
        return out;
    }

    /** The text under the heading whose GitHub anchor is {@code anchor}, up to the next heading of its level or above. */
    static Optional<String> section(Path page, String anchor) {
        try {
            List<String> lines = Files.readAllLines(page);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                fenced ^= lines.get(i).startsWith("```");
                if (fenced || !lines.get(i).matches("#{1,6} .*")) {
                    continue;
                }
                int level = lines.get(i).indexOf(' ');
                if (!slug(lines.get(i).substring(level + 1)).equals(anchor)) {
                    continue;
                }
                StringBuilder text = new StringBuilder();
                boolean inFence = false;
                for (int j = i + 1; j < lines.size(); j++) {
                    String l = lines.get(j);
                    inFence ^= l.startsWith("```");
                    if (!inFence && l.matches("#{1," + level + "} .*")) {
                        break;
                    }
                    text.append(l).append('\n');
                }
                return Optional.of(text.toString());
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
