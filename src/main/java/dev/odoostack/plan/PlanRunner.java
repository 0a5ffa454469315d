package dev.odoostack.plan;

import com.pulumi.Context;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import dev.odoostack.config.ConfigKey;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs a Pulumi program under Pulumi's own mock engine and returns what it registered. */
public final class PlanRunner {
    private PlanRunner() {
    }

    /** The outcome: the plan, and the errors the program logged (configuration problems, failures). */
    public record Run(Plan plan, java.util.List<String> errors, int exitCode) {
    }

    /**
     * @param config     values by full key, as the engine would pass them
     * @param secretKeys the keys among them that the stack stores as secrets
     */
    public static Run run(String stack, Map<String, String> config, Set<String> secretKeys, Consumer<Context> program) {
        return run(stack, config, secretKeys, Map.of(), program);
    }

    /** @param previousOutputs the outputs of the stack's last deployment; empty for a new stack */
    public static Run run(String stack, Map<String, String> config, Set<String> secretKeys,
                          Map<String, Object> previousOutputs, Consumer<Context> program) {
        Logger quiet = Logger.getLogger("odoo-stack.plan");
        quiet.setUseParentHandlers(false);
        quiet.setLevel(Level.OFF);
        PlanMocks mocks = new PlanMocks(previousOutputs);
        RecordingMonitor[] monitor = new RecordingMonitor[1];
        PulumiTestInternal engine = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName(ConfigKey.NAMESPACE).stackName(stack).preview(true).build())
                .mocks(mocks)
                .standardLogger(quiet)
                .config(config, secretKeys)
                .monitorDecorator(m -> monitor[0] = new RecordingMonitor(mocks, PulumiTestInternal.mockLog(quiet)))
                .build();
        try {
            TestResult result = engine.runTest(program);
            java.util.List<String> errors = new java.util.ArrayList<>(result.errors());
            result.exceptions().forEach(e -> errors.add(String.valueOf(rootCause(e).getMessage())));
            return new Run(monitor[0].plan(stack), errors, result.exitCode());
        } finally {
            PulumiTest.cleanup();
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
