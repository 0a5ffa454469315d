package dev.odoostack.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/** Prints a plan as JSON (for tools) or YAML (for people); both byte-identical for the same plan. */
public final class PlanPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            // "20" stays a string: a label value must not read as a number
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private PlanPrinter() {
    }

    /** The JSON form: the resources as registered, in the recorded order; unchanged for the tools that read it. */
    static ObjectNode tree(Plan plan) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("stack", plan.stack());
        ArrayNode resources = root.putArray("resources");
        for (PlannedResource r : plan.resources()) {
            resources.add(resource(r));
        }
        root.set("outputs", plan.outputs());
        return root;
    }

    private static ObjectNode resource(PlannedResource r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", r.type());
        o.put("name", r.name());
        o.put("parent", r.parent());
        o.set("inputs", r.inputs());
        if (!r.options().isEmpty()) {
            o.set("options", r.options());
        }
        return o;
    }

    /**
     * The text form, for people: every resource the containers depend on, including what {@code pulumi up} reads
     * rather than creates (marked {@code read}), in the order it starts them ({@link StartOrder}).
     */
    static ObjectNode textTree(Plan plan) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("stack", plan.stack());
        ArrayNode resources = root.putArray("resources");
        java.util.Set<PlannedResource> reads = new java.util.HashSet<>(plan.reads());
        for (PlannedResource r : StartOrder.of(plan)) {
            ObjectNode o = resources.addObject();
            o.put("type", r.type());
            o.put("name", r.name());
            if (reads.contains(r)) {
                o.put("read", READ_NOTE);
            }
            if (!r.parent().isEmpty()) {
                o.put("parent", r.parent());
            }
            // a component, the stack itself: nothing to set, so nothing printed
            if (!r.inputs().isEmpty()) {
                o.set("inputs", r.inputs());
            }
            if (!r.options().isEmpty()) {
                o.set("options", r.options());
            }
        }
        root.set("outputs", plan.outputs());
        return root;
    }

    static final String READ_NOTE = "pulumi up reads it, and never creates, changes or deletes it";

    public static String json(Plan plan) {
        try {
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            return JSON.writer(pretty).writeValueAsString(tree(plan)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(Plan plan) {
        try {
            return "# odoo-stack plan of stack " + plan.stack() + ": what `pulumi up` would register, in the order it starts them; secrets show as [secret]\n"
                    + YAML.writeValueAsString(textTree(plan));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
