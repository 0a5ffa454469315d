package dev.odoostack.plan;

import com.pulumi.core.Output;
import com.pulumi.docker.Network;
import com.pulumi.docker.NetworkArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.StackReference;
import dev.odoostack.config.PulumiConfig;
import dev.odoostack.config.RawValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the offline plan relies on from Pulumi's internal test API ({@code com.pulumi.test.internal}), which
 * {@link PlanRunner} alone uses: one small program per promise, so that an SDK upgrade that changes that API
 * breaks a test named after the promise, not a golden plan nobody can read.
 */
class MockEngineContractTest {

    private static PlanRunner.Run run(Map<String, String> config, Set<String> secretKeys, Map<String, Object> previous,
                                      java.util.function.Consumer<com.pulumi.Context> program) {
        return PlanRunner.run("s", config, secretKeys, previous, program);
    }

    @Test
    void aResourceIsRecordedWithItsTypeNameParentAndInputs() {
        var r = run(Map.of(), Set.of(), Map.of(), ctx -> new Network("db", NetworkArgs.builder()
                .name("opw-db").internal(true).build()));
        assertEquals(List.of(), r.errors());
        PlannedResource net = r.plan().resource("docker:index/network:Network", "db");
        assertEquals("pulumi:pulumi:Stack::odoo-stack-s", net.parent());
        assertEquals("opw-db", net.input("name").asText());
        assertTrue(net.input("internal").asBoolean());
    }

    @Test
    void aSecretInputIsRecordedAsSecretNeverAsItsValue() {
        var r = run(Map.of(), Set.of(), Map.of(), ctx -> new Network("db", NetworkArgs.builder()
                .name(Output.ofSecret("hunter2-network")).build()));
        String json = PlanPrinter.json(r.plan());
        assertFalse(json.contains("hunter2"), json);
        assertEquals("[secret]", r.plan().resource("docker:index/network:Network", "db").input("name").asText());
    }

    @Test
    void configKeysPassedAsSecretAreSeenAsSecretByTheProgram() {
        var seen = new AtomicReference<Map<String, RawValue>>();
        var r = run(Map.of("odoo-stack:postgresPassword", "pw", "odoo-stack:odooWorkers", "3"),
                Set.of("odoo-stack:postgresPassword"), Map.of(), ctx -> seen.set(PulumiConfig.read(ctx)));
        assertEquals(List.of(), r.errors());
        assertEquals(RawValue.secret("pw"), seen.get().get("odoo-stack:postgresPassword"));
        assertEquals(RawValue.plain("3"), seen.get().get("odoo-stack:odooWorkers"));
    }

    @Test
    void resourceOptionsThatProtectDataAreRecorded() {
        var r = run(Map.of(), Set.of(), Map.of(), ctx -> {
            var a = new Network("a", NetworkArgs.builder().name("a").build());
            new Network("b", NetworkArgs.builder().name("b").build(), CustomResourceOptions.builder()
                    .dependsOn(a).protect(true).retainOnDelete(true).build());
        });
        var options = r.plan().resource("docker:index/network:Network", "b").options();
        assertEquals("docker:index/network:Network::a", options.path("dependsOn").path(0).asText());
        assertTrue(options.path("protect").asBoolean());
        assertTrue(options.path("retainOnDelete").asBoolean());
        assertTrue(r.plan().resource("docker:index/network:Network", "a").options().isEmpty());
    }

    @Test
    void stackOutputsAreRecorded() {
        var r = run(Map.of(), Set.of(), Map.of(), ctx -> ctx.export("url", Output.of("http://opw.localhost")));
        assertEquals("http://opw.localhost", r.plan().outputs().path("url").asText());
    }

    @Test
    void aStackReferenceToItselfReadsThePreviousOutputs() {
        var r = run(Map.of(), Set.of(), Map.of("database", "opw"), ctx -> {
            var self = new StackReference("organization/odoo-stack/s");
            new Network("n", NetworkArgs.builder().name(self.outputs()
                    .applyValue(previous -> "was-" + previous.get("database"))).build());
        });
        assertEquals(List.of(), r.errors());
        assertEquals("was-opw", r.plan().resource("docker:index/network:Network", "n").input("name").asText());
    }

    @Test
    void whatACommandPrintsIsUnknownUntilItRunsAndLeavesTheOtherValuesKnown() {
        // a made-up answer (an empty output) would reach the inputs derived from it as a value that looks real
        var r = run(Map.of(), Set.of(), Map.of(), ctx -> {
            var c = new com.pulumi.command.local.Command("c", com.pulumi.command.local.CommandArgs.builder().create("x").build());
            new Network("n", NetworkArgs.builder().name("n").labels(List.of(
                    com.pulumi.docker.inputs.NetworkLabelArgs.builder().label("printed").value(c.stdout()).build(),
                    com.pulumi.docker.inputs.NetworkLabelArgs.builder().label("fixed").value("1").build())).build());
        });
        assertEquals(List.of(), r.errors());
        var labels = r.plan().resource("docker:index/network:Network", "n").input("labels");
        assertEquals("[{\"label\":\"printed\",\"value\":\"[unknown]\"},{\"label\":\"fixed\",\"value\":\"1\"}]",
                labels.toString());
    }

    @Test
    void aStackReferenceIsRecordedAsReadNotAsCreated() {
        var r = run(Map.of(), Set.of(), Map.of("database", "opw"), ctx -> {
            var self = new StackReference("organization/odoo-stack/s");
            new Network("n", NetworkArgs.builder().name(self.outputs().applyValue(previous -> "n")).build());
        });
        assertEquals(List.of(), r.errors());
        assertEquals(List.of("pulumi:pulumi:StackReference::organization/odoo-stack/s"),
                r.plan().reads().stream().map(x -> x.type() + "::" + x.name()).toList());
        PlannedResource self = r.plan().reads().get(0);
        assertEquals("pulumi:pulumi:Stack::odoo-stack-s", self.parent());
        assertEquals("organization/odoo-stack/s", self.input("name").asText());
        assertTrue(r.plan().ofType("pulumi:pulumi:StackReference").isEmpty(), "read, not among what is registered");
        assertEquals("pulumi:pulumi:StackReference::organization/odoo-stack/s",
                r.plan().resource("docker:index/network:Network", "n").options().path("dependsOn").path(0).asText());
    }

    @Test
    void loggedErrorsAndThrownExceptionsComeBackAsErrors() {
        // the mock engine exits 0 after a logged error (the real engine fails the update): errors() is what counts
        var logged = run(Map.of(), Set.of(), Map.of(), ctx -> ctx.log().error("odoo-stack:odooWorkers: must be a number"));
        assertEquals(List.of("odoo-stack:odooWorkers: must be a number"), logged.errors());

        var thrown = run(Map.of(), Set.of(), Map.of(), ctx -> {
            throw new IllegalStateException("the state root moved");
        });
        assertTrue(thrown.errors().contains("the state root moved"), thrown.errors().toString());
        assertNotEquals(0, thrown.exitCode());
    }

    @Test
    void runsDoNotLeakIntoEachOther() {
        run(Map.of("odoo-stack:odooWorkers", "3"), Set.of(), Map.of(), ctx -> new Network("first", NetworkArgs.builder().build()));
        var seen = new AtomicReference<Map<String, RawValue>>();
        var second = run(Map.of(), Set.of(), Map.of(), ctx -> {
            seen.set(PulumiConfig.read(ctx));
            new Network("second", NetworkArgs.builder().build());
        });
        assertEquals(List.of("second"), second.plan().ofType("docker:index/network:Network").stream()
                .map(PlannedResource::name).toList());
        assertEquals(Map.of(), seen.get());
    }
}
