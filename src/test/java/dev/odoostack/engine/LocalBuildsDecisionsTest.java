package dev.odoostack.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentMatcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * What the compose engine's image step decides from the engine's answers, with the engine's answers played by a
 * double of {@link Processes.Lines} (the real builds are OdooImageBuildTest's, on the real engine): an image the engine
 * has is not built again unless asked, and the first failed build stops the rest with one line.
 */
class LocalBuildsDecisionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ODOO = "odoo-stack/opw-odoo:0123456789abcdef";
    static final String BACKUP = "odoo-stack/opw-backup:fedcba9876543210";

    @TempDir
    Path dir;
    final Processes.Lines processes = mock(Processes.Lines.class);
    final ByteArrayOutputStream said = new ByteArrayOutputStream();

    Path rendered() throws IOException {
        ObjectNode root = JSON.createObjectNode().put("stack", "opw").put("dockerHost", "unix:///run/engine.sock");
        var builds = root.putArray("builds");
        for (String image : List.of(ODOO, BACKUP)) {
            ObjectNode b = builds.addObject().put("image", image).put("context", dir.toString())
                    .put("dockerfile", dir.resolve("Dockerfile").toString()).put("dockerfileName", "docker/odoo/official/Dockerfile");
            b.putObject("args").put("BASE_IMAGE", "odoo:18.0");
            b.putObject("settings").put("BASE_IMAGE", "odooBaseImage");
        }
        Files.writeString(dir.resolve(LocalBuilds.FILE), JSON.writeValueAsString(root));
        return dir;
    }

    static ArgumentMatcher<List<String>> inspects(String image) {
        return argv -> argv.subList(0, 3).equals(List.of("docker", "image", "inspect")) && argv.contains(image);
    }

    static ArgumentMatcher<List<String>> builds(String image) {
        return argv -> argv.subList(0, 2).equals(List.of("docker", "build")) && argv.contains(image);
    }

    int run(boolean force) throws IOException {
        return LocalBuilds.run(rendered(), dir.resolve("build.log"), force,
                new PrintStream(said, true, StandardCharsets.UTF_8), processes);
    }

    @SuppressWarnings("unchecked")
    void answer(ArgumentMatcher<List<String>> call, int exit, String... lines) throws IOException {
        doAnswer(inv -> {
            List.of(lines).forEach(((Consumer<String>) inv.getArgument(2))::accept);
            return exit;
        }).when(processes).run(argThat(call), anyMap(), any());
    }

    @Test
    void imagesTheEngineHasAreNotBuiltAgain() throws IOException {
        answer(inspects(ODOO), 0, "sha256:1");
        answer(inspects(BACKUP), 0, "sha256:2");

        assertEquals(0, run(false));

        verify(processes, never()).run(argThat(builds(ODOO)), anyMap(), any());
        verify(processes, never()).run(argThat(builds(BACKUP)), anyMap(), any());
        assertTrue(said.toString(StandardCharsets.UTF_8).contains(ODOO + ": its inputs are unchanged and it is on the engine; nothing to build"));
    }

    @Test
    void rebuildBuildsEvenWhatTheEngineHasOnTheStacksEngine() throws IOException {
        answer(builds(ODOO), 0, "Step 1/2 : FROM odoo:18.0", "Successfully built 1");
        answer(builds(BACKUP), 0, "Successfully built 2");

        assertEquals(0, run(true));

        verify(processes, never()).run(argThat(inspects(ODOO)), anyMap(), any());
        verify(processes).run(argThat(builds(ODOO)), argThat(env -> "unix:///run/engine.sock".equals(env.get("DOCKER_HOST"))), any());
        verify(processes).run(argThat(builds(BACKUP)), anyMap(), any());
    }

    @Test
    void theFirstFailedBuildStopsTheRestWithOneLineNamingTheSetting() throws IOException {
        answer(inspects(ODOO), 1, "Error: No such image");
        answer(builds(ODOO), 1, "Step 1/12 : FROM ${BASE_IMAGE} AS python-deps",
                "pull access denied for odoo, repository does not exist");

        assertEquals(1, run(false));

        verify(processes, never()).run(argThat(inspects(BACKUP)), anyMap(), any());
        verify(processes, never()).run(argThat(builds(BACKUP)), anyMap(), any());
        List<String> last = said.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("was not built")).toList();
        assertEquals(List.of("odoo-stack: " + ODOO + " was not built, and nothing running was changed: the image odoo:18.0"
                + " it builds FROM is not on the Docker engine and cannot be pulled (pull access denied for odoo, repository"
                + " does not exist); set odoo-stack:odooBaseImage in Pulumi.opw.yaml to an image the engine has (docker"
                + " images) or can pull, or load that image into the engine (docker load)"), last);
        assertTrue(Files.readString(dir.resolve("build.log")).contains("pull access denied"), "the whole output is kept");
    }
}
