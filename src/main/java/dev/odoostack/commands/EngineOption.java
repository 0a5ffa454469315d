package dev.odoostack.commands;

import picocli.CommandLine;

/** {@code --engine pulumi|compose}, defaulting to ODOO_STACK_ENGINE, else pulumi. */
final class EngineOption {
    enum Engine { pulumi, compose }

    @CommandLine.Option(names = "--engine", paramLabel = "pulumi|compose",
            description = "the engine: pulumi (default, or ODOO_STACK_ENGINE) or compose")
    Engine engine;

    String name(Env env) {
        if (engine != null) {
            return engine.name();
        }
        String fromEnv = env.get("ODOO_STACK_ENGINE");
        return fromEnv.isEmpty() ? Engine.pulumi.name() : fromEnv;
    }
}
