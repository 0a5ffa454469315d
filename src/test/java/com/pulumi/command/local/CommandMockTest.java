package com.pulumi.command.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pulumi.core.Output;
import com.pulumi.resources.Resource;
import com.pulumi.serialization.internal.Deserializer;
import com.pulumi.test.Mocks;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

/**
 * Registers the hand-written binding under Pulumi's mock engine, to see what the provider would receive:
 * the type token, the wire names of the inputs, the plugin version, and secrets still marked as secrets.
 */
class CommandMockTest {

    private static final String TYPE = "command:local:Command";

    /** What the engine was sent for each Command: its request and which top-level inputs were secret. */
    private record Registration(RegisterResourceRequest request, Set<String> secretInputs) {}

    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final List<Mocks.ResourceArgs> mockCalls = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanup() {
        PulumiTestInternal.cleanup();
    }

    @Test
    void registersEveryInputUnderTheProviderName() {
        var command = new AtomicReference<Command>();
        var result = run(ctx -> command.set(new Command("migrate", CommandArgs.builder()
            .create("odoo -i base --stop-after-init")
            .update("odoo -u all --stop-after-init")
            .delete("true")
            .dir("/srv/odoo")
            .environment(Map.of("PGHOST", "db"))
            .interpreter("/bin/bash", "-c")
            .stdin("yes")
            .triggers("odoo:17.0", "addons-v2")
            .logging("stderr")
            .addPreviousOutputInEnv(false)
            .build())));

        assertTrue(result.errors().isEmpty() && result.exceptions().isEmpty(), () -> "errors: " + result.errors() + " " + result.exceptions());
        assertEquals(1, mockCalls.size(), "one resource registered");
        var seen = mockCalls.get(0);
        assertEquals(TYPE, seen.type);
        assertEquals("migrate", seen.name);
        assertEquals(Map.of(
            "create", "odoo -i base --stop-after-init",
            "update", "odoo -u all --stop-after-init",
            "delete", "true",
            "dir", "/srv/odoo",
            "environment", Map.of("PGHOST", "db"),
            "interpreter", List.of("/bin/bash", "-c"),
            "stdin", "yes",
            "triggers", List.of("odoo:17.0", "addons-v2"),
            "logging", "stderr",
            "addPreviousOutputInEnv", false), seen.inputs);

        // pins the provider plugin the engine installs to the release the binding was checked against
        assertEquals("1.2.1", registrations.get("migrate").request().getVersion());
        assertEquals(Optional.of("/srv/odoo"), PulumiTestInternal.extractOutputData(command.get().dir()).getValueNullable());
        assertEquals("ran migrate", PulumiTestInternal.extractOutputData(command.get().stdout()).getValueNullable());
        assertEquals("", PulumiTestInternal.extractOutputData(command.get().stderr()).getValueNullable());
    }

    @Test
    void aCommandWithoutArgsSendsNoInputs() {
        var result = run(ctx -> new Command("noop"));

        assertTrue(result.errors().isEmpty() && result.exceptions().isEmpty(), () -> "errors: " + result.errors() + " " + result.exceptions());
        assertEquals(TYPE, mockCalls.get(0).type);
        assertEquals(Map.of(), mockCalls.get(0).inputs);
    }

    @Test
    void secretEnvironmentStaysSecret() {
        var command = new AtomicReference<Command>();
        var result = run(ctx -> command.set(new Command("dump", CommandArgs.builder()
            .create("pg_dump odoo")
            .environment(Output.ofSecret(Map.of("PGPASSWORD", "hunter2")))
            .build())));

        assertTrue(result.errors().isEmpty() && result.exceptions().isEmpty(), () -> "errors: " + result.errors() + " " + result.exceptions());
        assertEquals(Set.of("environment"), registrations.get("dump").secretInputs(), "inputs sent as secrets");

        var environment = PulumiTestInternal.extractOutputData(command.get().environment());
        assertTrue(environment.isSecret(), "environment() must stay secret");
        assertEquals(Optional.of(Map.of("PGPASSWORD", "hunter2")), environment.getValueNullable());
        assertFalse(PulumiTestInternal.extractOutputData(command.get().create()).isSecret(), "create() was not secret");
    }

    private TestResult run(Consumer<com.pulumi.Context> program) {
        return PulumiTestInternal.builder()
            .mocks(this::echoInputs)
            // Mocks.ResourceArgs carries inputs without their secret flags, so the monitor records them from the wire
            .monitorDecorator(original -> new MockMonitor(this::echoInputs, PulumiTestInternal.mockLog()) {
                @Override
                public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource, RegisterResourceRequest request) {
                    if (TYPE.equals(request.getType())) {
                        var deserializer = new Deserializer(PulumiTestInternal.mockLog());
                        var secrets = new HashSet<String>();
                        request.getObject().getFieldsMap().forEach((name, value) -> {
                            if (deserializer.deserialize(value).isSecret()) {
                                secrets.add(name);
                            }
                        });
                        registrations.put(request.getName(), new Registration(request, Set.copyOf(secrets)));
                    }
                    return super.registerResourceAsync(resource, request);
                }
            })
            .options(TestOptions.builder().projectName("p").stackName("s").build())
            .build()
            .runTest(program);
    }

    /** Acts as the provider does: outputs echo the inputs, secret inputs come back secret, and the command's output is captured. */
    private CompletableFuture<Mocks.ResourceResult> echoInputs(Mocks.ResourceArgs args) {
        mockCalls.add(args);
        var secretInputs = registrations.get(args.name).secretInputs();
        var state = new HashMap<String, Object>();
        args.inputs.forEach((name, value) -> state.put(name, secretInputs.contains(name) ? Output.ofSecret(value) : value));
        state.put("stdout", "ran " + args.name);
        state.put("stderr", "");
        return CompletableFuture.completedFuture(Mocks.ResourceResult.of(Optional.of(args.name + "-id"), state));
    }
}
