package dev.odoostack.commands;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

import java.util.List;

/**
 * up, preview and destroy: on the Pulumi engine through the Automation API (PulumiCommands), with Pulumi's own
 * options handed on; on the compose engine, or without a Pulumi CLI (the engine script offers to install it),
 * through the engine script.
 */
abstract class PulumiOperation extends ScriptCommand {
    @Unmatched
    List<String> passThrough;

    @Mixin
    EngineOption engine;

    PulumiOperation(Env env) {
        super(env);
    }

    @Override
    EngineOption engine() {
        return engine;
    }

    /** The operation on the Pulumi engine. */
    abstract int onPulumi(List<String> options);

    @Override
    public Integer call() {
        Stacks.check(env, stack, spec.name());
        if (!compose() && PulumiCommands.cliFound(env)) {
            return onPulumi(passThrough == null ? List.of() : passThrough);
        }
        return super.call();
    }
}
