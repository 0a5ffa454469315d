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
    /** The images that replace a published one, by name, and the stand-in label each carries. */
    private static final java.util.Map<String, String> STAND_INS = java.util.Map.of(
            "postgres:", "postgres", "odoo:", "odoo", "ghcr.io/adomi-io/odoo:", "adomi-odoo");

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
        if (stack.equals("opw")) {
            assertTrue(images.contains("ghcr.io/adomi-io/odoo:19.0"), "opw builds FROM adomi's image: " + images);
        }
        for (String image : images) {
            String standIn = RealEngine.dockerOk("image", "inspect", "--format",
                    "{{index .Config.Labels \"dev.odoostack.stand-in\"}}|{{index .Config.Labels \"dev.odoostack.built-from\"}}"
                            + "|{{index .Config.Labels \"org.opencontainers.image.description\"}}", image);
            String label = STAND_INS.entrySet().stream().filter(e -> image.startsWith(e.getKey())).map(java.util.Map.Entry::getValue)
                    .findFirst().orElse(null);
            if (label != null) {
                assertTrue(standIn.startsWith(label + "|"), image + " must be labelled a stand-in: " + standIn);
                assertTrue(standIn.contains("stand-in"), image + "'s description must say it is a stand-in: " + standIn);
            } else {
                assertTrue(standIn.split("\\|", -1)[1].length() > 0, image + " must say what it was built from: " + standIn);
            }
        }
    }
}
