package dev.odoostack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine holds every image the stacks run, under exactly the names the stack files use, and each image that
 * replaces an official one says so in its labels.
 */
@Tag("e2e")
class ImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"opw", "cm"})
    void everyImageTheStackRunsIsThereAndStandInsSaySo(String stack) throws Exception {
        Cmd.Result plan = Cmd.run(List.of("bin/odoo-stack", "plan", stack, "--json"), RealEngine.env(), null, Duration.ofMinutes(3));
        assertEquals(0, plan.exit(), plan.err());
        TreeSet<String> images = new TreeSet<>();
        for (JsonNode r : JSON.readTree(plan.out()).path("resources")) {
            JsonNode image = r.path("inputs").path("image");
            if (r.path("type").asText().equals("docker:index/container:Container") && image.isTextual()
                    && !image.asText().startsWith("odoo-stack/")) { // built by the stack itself
                images.add(image.asText());
            }
            JsonNode base = r.path("inputs").path("build").path("args").path("BASE_IMAGE");
            if (base.isTextual()) {
                images.add(base.asText());
            }
        }
        assertTrue(images.size() >= 3, "postgres, odoo and traefik images at least: " + images);
        for (String image : images) {
            String standIn = RealEngine.dockerOk("image", "inspect", "--format",
                    "{{index .Config.Labels \"dev.odoostack.stand-in\"}}|{{index .Config.Labels \"dev.odoostack.built-from\"}}", image);
            if (image.startsWith("postgres:") || image.startsWith("odoo:")) {
                assertTrue(standIn.startsWith(image.substring(0, image.indexOf(':')) + "|"), image + " must be labelled a stand-in: " + standIn);
            } else {
                assertTrue(standIn.length() > 1, image + " must say what it was built from: " + standIn);
            }
        }
    }
}
