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

    static ObjectNode tree(Plan plan) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("stack", plan.stack());
        ArrayNode resources = root.putArray("resources");
        for (PlannedResource r : plan.resources()) {
            ObjectNode o = resources.addObject();
            o.put("type", r.type());
            o.put("name", r.name());
            o.put("parent", r.parent());
            o.set("inputs", r.inputs());
            if (!r.options().isEmpty()) {
                o.set("options", r.options());
            }
        }
        root.set("outputs", plan.outputs());
        return root;
    }

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
            return "# odoo-stack plan of stack " + plan.stack() + ": what `pulumi up` would register; secrets show as [secret]\n"
                    + YAML.writeValueAsString(tree(plan));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
