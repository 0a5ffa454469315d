package dev.odoostack.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.NoSuchElementException;

/** What {@code pulumi up} would register for a stack, and the stack outputs, in a stable order. */
public record Plan(String stack, List<PlannedResource> resources, JsonNode outputs) {
    public Plan {
        resources = List.copyOf(resources);
    }

    public PlannedResource resource(String type, String name) {
        return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + type + "::" + name + " in the plan of " + stack));
    }

    public List<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }
}
