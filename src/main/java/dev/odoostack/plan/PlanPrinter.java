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
                o.set("inputs", withUnits(r.type(), "", r.inputs()));
            }
            if (!r.options().isEmpty()) {
                o.set("options", r.options());
            }
        }
        root.set("outputs", plan.outputs());
        return root;
    }

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;
    /** The docker provider's container inputs given in MB (MiB: Docker multiplies them by 1024 * 1024). */
    private static final java.util.Set<String> CONTAINER_MIB = java.util.Set.of("memory", "memorySwap", "shmSize");
    private static final java.util.regex.Pattern DOCKER_SIZE = java.util.regex.Pattern.compile("(\\d+)([bkmg]?)");

    /**
     * A copy of the inputs with each size and mode written as people read it: {@code memory: 10 GiB} for
     * {@code 10240} (MB), {@code max-size: 20 MiB} for a log option {@code 20m}, {@code memoryBytes: 10 GiB},
     * {@code fileMode: "0444"} for {@code 292}, {@code waitTimeout: 300s}. The JSON form keeps the raw values.
     */
    static com.fasterxml.jackson.databind.JsonNode withUnits(String type, String key, com.fasterxml.jackson.databind.JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            n.fields().forEachRemaining(e -> o.set(e.getKey(), withUnits(type, e.getKey(), e.getValue())));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            n.forEach(item -> a.add(withUnits(type, key, item)));
            return a;
        }
        if (n.isIntegralNumber()) {
            long v = n.asLong();
            if (type.equals("docker:index/container:Container") && CONTAINER_MIB.contains(key)) {
                return JsonNodeFactory.instance.textNode(size(v * MIB));
            }
            if (key.endsWith("Bytes")) {
                return JsonNodeFactory.instance.textNode(size(v));
            }
            if (key.equals("fileMode")) {
                return JsonNodeFactory.instance.textNode(String.format("0%o", v));
            }
            if (key.equals("waitTimeout")) {
                return JsonNodeFactory.instance.textNode(v + "s");
            }
        }
        if (n.isTextual() && key.equals("max-size")) {
            // Docker's json-file option: k, m, g are powers of 1024
            java.util.regex.Matcher m = DOCKER_SIZE.matcher(n.asText().toLowerCase(java.util.Locale.ROOT));
            if (m.matches()) {
                long unit = switch (m.group(2)) {
                    case "k" -> KIB;
                    case "m" -> MIB;
                    case "g" -> GIB;
                    default -> 1;
                };
                return JsonNodeFactory.instance.textNode(size(Long.parseLong(m.group(1)) * unit));
            }
        }
        return n;
    }

    /** Bytes in the largest binary unit that writes them exactly with at most two decimals: 17.5 GiB, 256 MiB. */
    static String size(long bytes) {
        for (var u : java.util.List.of(java.util.Map.entry("GiB", GIB), java.util.Map.entry("MiB", MIB), java.util.Map.entry("KiB", KIB))) {
            if (bytes >= u.getValue() && (bytes * 100) % u.getValue() == 0) {
                return java.math.BigDecimal.valueOf(bytes).divide(java.math.BigDecimal.valueOf(u.getValue()))
                        .stripTrailingZeros().toPlainString() + " " + u.getKey();
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
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
