package dev.odoostack.plan;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One resource as {@code pulumi up} would register it.
 *
 * @param parent  the parent as {@code type::name}, empty for the stack itself
 * @param inputs  the inputs, secrets replaced by {@code [secret]}
 * @param options the resource options that differ from the defaults (dependsOn, protect, retainOnDelete)
 * @param urn     its URN as the engine formed it, {@code urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>},
 *                with the project the plan ran in
 */
public record PlannedResource(String type, String name, String parent, JsonNode inputs, JsonNode options, String urn) {

    /** An input by dotted path, e.g. {@code healthcheck.tests}; a missing node when absent. */
    public JsonNode input(String path) {
        JsonNode n = inputs;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }
}
