package com.pulumi.command.local;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pulumi.command.Utilities;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.core.annotations.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holds the hand-written binding against the schema the provider release publishes, so a typo in a wire name,
 * a wrong Java type or a stale plugin version fails here rather than at {@code pulumi up}. Each test lists every
 * mismatch it finds at once. The schema lives in the shared reference folder, never in the project.
 */
class CommandSchemaTest {

    private static final String RELEASE = "1.2.1";
    private static final String TOKEN = "command:local:Command";
    private static final Path SCHEMA_FILE = Path.of("..", "shared", "reference", "pulumi-command-v" + RELEASE + "-schema.json");
    private static final String MISSING = "no provider schema at " + SCHEMA_FILE.toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schema;
    private static JsonNode resource;

    @BeforeAll
    static void readSchema() throws IOException {
        if (!Files.isRegularFile(SCHEMA_FILE)) {
            System.err.println("CommandSchemaTest skipped: " + MISSING);
            return;
        }
        schema = JSON.readTree(SCHEMA_FILE.toFile());
        resource = schema.path("resources").path(TOKEN);
    }

    // assumed per test, not in @BeforeAll, so that surefire counts each test as skipped
    @BeforeEach
    void requireSchema() {
        assumeTrue(schema != null, MISSING);
    }

    @Test
    void typeTokenIsAResourceOfTheSchema() {
        var problems = new ArrayList<String>();
        var annotation = Command.class.getAnnotation(ResourceType.class);
        if (annotation == null) {
            problems.add("Command: no @ResourceType");
        } else if (!TOKEN.equals(annotation.type())) {
            problems.add("Command: @ResourceType is '" + annotation.type() + "', expected '" + TOKEN + "'");
        }
        if (!resource.isObject()) {
            problems.add("schema: has no resource '" + TOKEN + "'");
        }
        assertNoProblems(problems);
    }

    @Test
    void everyInputIsASchemaInputOfTheSameType() {
        var problems = new ArrayList<String>();
        var inputs = resource.path("inputProperties");
        var requiredInputs = names(resource.path("requiredInputs"));
        var exported = exportedFields().stream().map(f -> f.getAnnotation(Export.class).name()).collect(Collectors.toSet());

        for (var field : importedFields()) {
            var name = field.getAnnotation(Import.class).name();
            var where = "input '" + name + "' (CommandArgs." + field.getName() + ")";
            if (!inputs.has(name)) {
                problems.add(where + ": not an input property of " + TOKEN + " in the schema");
                continue;
            }
            var expected = javaType(inputs.get(name));
            var actual = outputValueType(field);
            if (!expected.equals(actual)) {
                problems.add(where + ": Java type " + actual + ", schema type " + shape(inputs.get(name)) + " needs " + expected);
            }
            var required = requiredInputs.contains(name);
            if (field.getAnnotation(Import.class).required() != required) {
                problems.add(where + ": @Import(required=" + !required + ") but the schema says " + (required ? "required" : "optional"));
            }
            expectMethod(problems, where, CommandArgs.class, name, "Optional<Output<" + expected + ">>");
            expectBuilderSetter(problems, where, name, "Output<" + expected + ">");
            expectBuilderSetter(problems, where, name, expected);
            if (resource.path("properties").has(name) && !exported.contains(name)) {
                problems.add(where + ": the schema also outputs it, but Command has no @Export(name=\"" + name + "\")");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void everyOutputIsASchemaOutputOfTheSameType() {
        var problems = new ArrayList<String>();
        var outputs = resource.path("properties");
        var required = names(resource.path("required"));
        var exported = new HashSet<String>();

        for (var field : exportedFields()) {
            var export = field.getAnnotation(Export.class);
            var name = export.name();
            var where = "output '" + name + "' (Command." + field.getName() + ")";
            exported.add(name);
            if (!outputs.has(name)) {
                problems.add(where + ": not an output property of " + TOKEN + " in the schema");
                continue;
            }
            var expected = javaType(outputs.get(name));
            var actual = outputValueType(field);
            if (!expected.equals(actual)) {
                problems.add(where + ": Java type " + actual + ", schema type " + shape(outputs.get(name)) + " needs " + expected);
            }
            // the SDK deserializes provider values by refs and tree, not by the field's generic type
            var annotated = annotatedType(export);
            if (!expected.equals(annotated)) {
                problems.add(where + ": @Export refs/tree describe " + annotated + ", schema needs " + expected);
            }
            var getter = required.contains(name) ? "Output<" + expected + ">" : "Output<Optional<" + expected + ">>";
            expectMethod(problems, where, Command.class, name, getter);
        }
        for (var name : required) {
            if (!exported.contains(name)) {
                problems.add("output '" + name + "': required by the schema, but Command has no @Export(name=\"" + name + "\")");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void pluginVersionIsTheSchemaRelease() throws IOException {
        var problems = new ArrayList<String>();
        var versionTxt = resourceText("com/pulumi/command/version.txt");
        if (versionTxt == null) {
            problems.add("com/pulumi/command/version.txt: not on the classpath");
        } else if (!RELEASE.equals(versionTxt.trim())) {
            problems.add("com/pulumi/command/version.txt: says '" + versionTxt.trim() + "', the schema is release " + RELEASE);
        }
        if (!RELEASE.equals(Utilities.getVersion())) {
            problems.add("Utilities.getVersion(): '" + Utilities.getVersion() + "', expected " + RELEASE);
        }
        var pluginText = resourceText("com/pulumi/command/plugin.json");
        if (pluginText == null) {
            problems.add("com/pulumi/command/plugin.json: not on the classpath");
        } else {
            var plugin = JSON.readTree(pluginText);
            if (!plugin.path("resource").asBoolean(false)) {
                problems.add("plugin.json: \"resource\" is " + plugin.get("resource") + ", expected true");
            }
            if (!schema.path("name").asText().equals(plugin.path("name").asText())) {
                problems.add("plugin.json: \"name\" is " + plugin.get("name") + ", the schema's package is \"" + schema.path("name").asText() + "\"");
            }
            if (!RELEASE.equals(plugin.path("version").asText())) {
                problems.add("plugin.json: \"version\" is " + plugin.get("version") + ", expected \"" + RELEASE + "\"");
            }
        }
        assertNoProblems(problems);
    }

    /** The Java type the generated SDK uses for a schema type; enums are bound as String here. */
    private static String javaType(JsonNode type) {
        var ref = type.path("$ref").asText("");
        if (ref.equals("pulumi.json#/Any")) {
            return "Object";
        }
        if (ref.startsWith("#/types/")) {
            var target = schema.path("types").path(ref.substring("#/types/".length()));
            return target.has("enum") && "string".equals(target.path("type").asText()) ? "String" : "<unbound " + ref + ">";
        }
        if (!ref.isEmpty()) {
            return "<unbound " + ref + ">";
        }
        return switch (type.path("type").asText()) {
            case "string" -> "String";
            case "boolean" -> "Boolean";
            case "integer" -> "Integer";
            case "number" -> "Double";
            case "array" -> "List<" + javaType(type.path("items")) + ">";
            case "object" -> type.has("additionalProperties")
                ? "Map<String," + javaType(type.get("additionalProperties")) + ">"
                : "<unbound object>";
            default -> "<unbound " + type + ">";
        };
    }

    /** The schema type without its description, to keep failure messages readable. */
    private static String shape(JsonNode property) {
        var copy = property.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove("description");
        }
        return copy.toString();
    }

    private static String outputValueType(Field field) {
        var type = field.getGenericType();
        if (type instanceof ParameterizedType p && p.getRawType() == com.pulumi.core.Output.class) {
            return render(p.getActualTypeArguments()[0]);
        }
        return "<not an Output: " + render(type) + ">";
    }

    /** Reads @Export's tree: a class index, or a list of the raw class index followed by its type arguments. */
    private static String annotatedType(Export export) {
        try {
            return renderTree(JSON.readTree(export.tree()), export.refs());
        } catch (IOException | RuntimeException e) {
            return "<unreadable tree '" + export.tree() + "': " + e.getMessage() + ">";
        }
    }

    private static String renderTree(JsonNode node, Class<?>[] refs) {
        if (node.isInt()) {
            return refs[node.asInt()].getSimpleName();
        }
        var raw = refs[node.get(0).asInt()].getSimpleName();
        if (node.size() == 1) {
            return raw;
        }
        var args = new ArrayList<String>();
        for (int i = 1; i < node.size(); i++) {
            args.add(renderTree(node.get(i), refs));
        }
        return raw + "<" + String.join(",", args) + ">";
    }

    private static String render(Type type) {
        if (type instanceof Class<?> c) {
            return c.getSimpleName();
        }
        if (type instanceof ParameterizedType p) {
            return render(p.getRawType()) + "<"
                + Arrays.stream(p.getActualTypeArguments()).map(CommandSchemaTest::render).collect(Collectors.joining(",")) + ">";
        }
        return type.getTypeName();
    }

    private static void expectMethod(List<String> problems, String where, Class<?> owner, String name, String returnType) {
        try {
            Method getter = owner.getMethod(name);
            var actual = render(getter.getGenericReturnType());
            if (!actual.equals(returnType)) {
                problems.add(where + ": " + owner.getSimpleName() + "." + name + "() returns " + actual + ", expected " + returnType);
            }
        } catch (NoSuchMethodException e) {
            problems.add(where + ": no public " + owner.getSimpleName() + "." + name + "()");
        }
    }

    private static void expectBuilderSetter(List<String> problems, String where, String name, String parameterType) {
        var found = Arrays.stream(CommandArgs.Builder.class.getMethods())
            .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1 && m.getReturnType() == CommandArgs.Builder.class)
            .anyMatch(m -> render(m.getGenericParameterTypes()[0]).equals(parameterType));
        if (!found) {
            problems.add(where + ": no CommandArgs.Builder." + name + "(" + parameterType + ")");
        }
    }

    private static List<Field> importedFields() {
        return Arrays.stream(CommandArgs.class.getDeclaredFields()).filter(f -> f.isAnnotationPresent(Import.class)).toList();
    }

    private static List<Field> exportedFields() {
        return Arrays.stream(Command.class.getDeclaredFields()).filter(f -> f.isAnnotationPresent(Export.class)).toList();
    }

    private static Set<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
    }

    private static String resourceText(String name) throws IOException {
        try (InputStream in = CommandSchemaTest.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertNoProblems(List<String> problems) {
        assertTrue(problems.isEmpty(), () -> problems.size() + " mismatch(es) with " + SCHEMA_FILE + ":\n  " + String.join("\n  ", problems));
    }
}
