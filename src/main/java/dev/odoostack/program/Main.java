package dev.odoostack.program;

import com.pulumi.Pulumi;

/** What the Pulumi CLI runs ({@code runtime.options.binary} in Pulumi.yaml). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Pulumi.run ends the JVM; everything else (tests, the offline plan) calls StackProgram.stack directly.
        Pulumi.run(StackProgram::stack);
    }
}
