package dev.odoostack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanRunner;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.program.StackProgram;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the mock-engine tests share: a run of the program and readers of its plan (the configuration: StackConfig). */
public final class Stacks {
    public static final String CONTAINER = "docker:index/container:Container";

    private Stacks() {
    }

    /** The program as `pulumi up` runs it, under the mock engine; it must succeed. */
    public static Plan up(String stack, Map<String, String> config) {
        PlanRunner.Run run = PlanRunner.run(stack, config, StackConfig.SECRET_KEYS, StackProgram.program(java.util.Map.of()));
        assertEquals(List.of(), run.errors());
        return run.plan();
    }

    public static Map<String, String> labels(PlannedResource container) {
        Map<String, String> out = new TreeMap<>();
        container.input("labels").forEach(l -> out.put(l.path("label").asText(), l.path("value").asText()));
        return out;
    }

    /** The content of a file placed in a container. */
    public static String uploaded(PlannedResource container, String path) {
        for (JsonNode u : container.input("uploads")) {
            if (u.path("file").asText().equals(path)) {
                return u.path("content").asText();
            }
        }
        throw new AssertionError(container.name() + " has no file " + path);
    }
}
