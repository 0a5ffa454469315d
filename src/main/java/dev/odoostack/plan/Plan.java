package dev.odoostack.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * What {@code pulumi up} would register for a stack, and the stack outputs, in a stable order.
 *
 * @param reads what the program reads from the engine instead of creating (the stack reference the change guard
 *              reads its own last outputs through); the text form lists them, the JSON form leaves them out
 */
public record Plan(String stack, List<PlannedResource> resources, JsonNode outputs, List<PlannedResource> reads) {
    public Plan {
        resources = List.copyOf(resources);
        reads = List.copyOf(reads);
    }

    public Plan(String stack, List<PlannedResource> resources, JsonNode outputs) {
        this(stack, resources, outputs, List.of());
    }

    public PlannedResource resource(String type, String name) {
        return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + type + "::" + name + " in the plan of " + stack));
    }

    public List<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }
}
