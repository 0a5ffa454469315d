package dev.odoostack.program;

import com.pulumi.Pulumi;

/** What the Pulumi CLI runs ({@code runtime.options.binary} in Pulumi.yaml). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // pulumi-java also prints every error it sends to the engine through java.util.logging ("SEVERE: ..."),
        // so each problem showed a third time in `pulumi up`; the engine's own report is the one kept
        java.util.logging.LogManager.getLogManager().reset();
        // Pulumi.run ends the JVM; everything else (tests, the offline plan) calls StackProgram.stack directly.
        Pulumi.run(StackProgram::stack);
    }
}
