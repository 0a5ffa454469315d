package dev.odoostack.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.pulumi.Log;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import dev.odoostack.config.Secret;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.RegisterResourceOutputsRequest;
import pulumirpc.Resource.RegisterResourceRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Pulumi's mock monitor, recording each registration as the engine receives it. The mocks only see inputs with
 * their secret marks stripped; the register request still carries them, so the plan can tell a secret from plain
 * text without ever needing to decrypt anything.
 */
final class RecordingMonitor extends MockMonitor {
    // wire signatures of Pulumi's property values (sdk/proto: secret, unknown, resource reference)
    private static final String SIG_KEY = "4dabf18193072939515e22adb298388d";
    private static final String SIG_SECRET = "1b47061264138c4ac30d75fd1eb44270";
    private static final String SIG_RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
    private static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, RegisterResourceRequest> registered = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RegisterResourceOutputsRequest> outputs = new ConcurrentLinkedQueue<>();
    /** Resources read, not created (a stack reference): by URN. */
    private final Map<String, ReadResourceRequest> read = new java.util.concurrent.ConcurrentHashMap<>();

    RecordingMonitor(Mocks mocks, Log log) {
        super(mocks, log);
    }

    @Override
    public CompletableFuture<pulumirpc.Resource.RegisterResourceResponse> registerResourceAsync(
            Resource resource, RegisterResourceRequest request) {
        return super.registerResourceAsync(resource, request).thenApply(response -> {
            registered.put(response.getUrn(), request);
            return response;
        });
    }

    @Override
    public CompletableFuture<pulumirpc.Resource.ReadResourceResponse> readResourceAsync(
            Resource resource, ReadResourceRequest request) {
        return super.readResourceAsync(resource, request).thenApply(response -> {
            read.put(response.getUrn(), request);
            return response;
        });
    }

    @Override
    public CompletableFuture<Void> registerResourceOutputsAsync(RegisterResourceOutputsRequest request) {
        outputs.add(request);
        return super.registerResourceOutputsAsync(request);
    }

    Plan plan(String stack) {
        Map<String, RegisterResourceRequest> byUrn = new TreeMap<>(registered);
        Map<String, List<String>> children = new TreeMap<>();
        String root = null;
        for (var e : byUrn.entrySet()) {
            String urn = e.getKey();
            RegisterResourceRequest r = e.getValue();
            if (r.getParent().isEmpty()) {
                root = urn;
            } else {
                children.computeIfAbsent(r.getParent(), k -> new ArrayList<>()).add(urn);
            }
        }
        List<PlannedResource> resources = new ArrayList<>();
        if (root != null) {
            walk(root, byUrn, children, resources);
        }
        JsonNode stackOutputs = NODES.objectNode();
        for (RegisterResourceOutputsRequest o : outputs) {
            if (o.getUrn().equals(root)) {
                stackOutputs = struct(o.getOutputs());
            }
        }
        List<PlannedResource> reads = new ArrayList<>();
        new TreeMap<>(read).forEach((urn, r) -> reads.add(new PlannedResource(r.getType(), r.getName(),
                r.getParent().isEmpty() ? "" : address(r.getParent()), struct(r.getProperties()),
                dependencies(r.getDependenciesList()), engineUrn(urn))));
        return new Plan(stack, resources, stackOutputs, reads);
    }

    // depth first, children ordered by name then type: the order never depends on registration timing
    private void walk(String urn, Map<String, RegisterResourceRequest> byUrn, Map<String, List<String>> children,
                      List<PlannedResource> out) {
        RegisterResourceRequest r = byUrn.get(urn);
        out.add(new PlannedResource(r.getType(), r.getName(), r.getParent().isEmpty() ? "" : address(r.getParent()),
                struct(r.getObject()), options(r), engineUrn(urn)));
        children.getOrDefault(urn, List.of()).stream()
                .sorted(Comparator.comparing((String u) -> byUrn.get(u).getName()).thenComparing(u -> byUrn.get(u).getType()))
                .forEach(child -> walk(child, byUrn, children, out));
    }

    private static ObjectNode options(RegisterResourceRequest r) {
        ObjectNode o = dependencies(r.getDependenciesList());
        if (r.getProtect()) {
            o.put("protect", true);
        }
        if (r.getRetainOnDelete()) {
            o.put("retainOnDelete", true);
        }
        return o;
    }

    private static ObjectNode dependencies(List<String> urns) {
        ObjectNode o = NODES.objectNode();
        TreeSet<String> dependsOn = new TreeSet<>();
        urns.forEach(u -> dependsOn.add(address(u)));
        if (!dependsOn.isEmpty()) {
            ArrayNode a = o.putArray("dependsOn");
            dependsOn.forEach(a::add);
        }
        return o;
    }

    /** {@code type::name} of a URN. */
    /**
     * A URN as the engine forms it: Pulumi's mock monitor puts the stack's own type at the head of the type chain of
     * every resource below it, the engine leaves it out ({@code pulumi up --target-replace} needs the engine's).
     */
    static String engineUrn(String mockUrn) {
        return mockUrn.replace("::pulumi:pulumi:Stack$", "::");
    }

    static String address(String urn) {
        String[] parts = urn.split("::");
        String qualified = parts[parts.length - 2];
        return qualified.substring(qualified.lastIndexOf('$') + 1) + "::" + parts[parts.length - 1];
    }

    private static ObjectNode struct(Struct s) {
        ObjectNode o = NODES.objectNode();
        new TreeMap<>(s.getFieldsMap()).forEach((k, v) -> o.set(k, value(v)));
        return o;
    }

    private static JsonNode value(Value v) {
        switch (v.getKindCase()) {
            case NULL_VALUE:
                return NODES.nullNode();
            case BOOL_VALUE:
                return NODES.booleanNode(v.getBoolValue());
            case NUMBER_VALUE: {
                double d = v.getNumberValue();
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? NODES.numberNode((long) d) : NODES.numberNode(d);
            }
            case STRING_VALUE:
                return NODES.textNode(v.getStringValue().equals(UNKNOWN) ? "[unknown]" : v.getStringValue());
            case LIST_VALUE: {
                ArrayNode a = NODES.arrayNode();
                v.getListValue().getValuesList().forEach(item -> a.add(value(item)));
                return a;
            }
            case STRUCT_VALUE: {
                Map<String, Value> f = v.getStructValue().getFieldsMap();
                Value sig = f.get(SIG_KEY);
                if (sig != null && SIG_SECRET.equals(sig.getStringValue())) {
                    Value inner = f.get("value");
                    boolean notSet = inner != null && Secret.NOT_SET_MARK.equals(inner.getStringValue());
                    return NODES.textNode(notSet ? Secret.NOT_SET_MARK : Secret.ENCRYPTED_MARK);
                }
                if (sig != null && SIG_RESOURCE.equals(sig.getStringValue())) {
                    return NODES.textNode("[resource " + address(f.get("urn").getStringValue()) + "]");
                }
                return struct(v.getStructValue());
            }
            default:
                return NODES.nullNode();
        }
    }
}
