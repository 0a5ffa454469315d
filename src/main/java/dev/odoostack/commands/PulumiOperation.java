package dev.odoostack.commands;

import dev.odoostack.engine.ComposeEngine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

import java.util.List;

/**
 * up, preview and destroy: on the Pulumi engine through the Automation API (PulumiCommands), with Pulumi's own
 * options handed on (where no Pulumi CLI is found, it is offered first: engine.PulumiInstall); on the compose engine
 * through engine.ComposeEngine.
 */
abstract class PulumiOperation extends StackCommand {
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

    /** The operation on the Pulumi engine, in an environment that has the Pulumi CLI on PATH. */
    abstract int onPulumi(Env env, List<String> options);

    /** The operation on the compose engine. */
    abstract int onCompose(ComposeEngine compose);

    @Override
    public Integer call() {
        Stacks.check(env, stack, spec.name());
        if (compose()) {
            return onCompose(composeEngine());
        }
        return onPulumi(withPulumi(), passThrough == null ? List.of() : passThrough);
    }
}
