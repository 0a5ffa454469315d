package dev.odoostack.commands;

import dev.odoostack.engine.ComposeEngine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

import java.util.List;

/**
 * up, preview and destroy: on the Pulumi engine through the Automation API (PulumiCommands), with Pulumi's own
 * options handed on (where no Pulumi CLI is found, it is offered first: engine.PulumiInstall); on the compose engine
 * through engine.ComposeEngine; a swarm's up through the engine script.
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

    /** The operation on the Pulumi engine, in an environment that has the Pulumi CLI on PATH. */
    abstract int onPulumi(Env env, List<String> options);

    /** The operation on the compose engine. */
    abstract int onCompose(ComposeEngine compose);

    /** Whether this stack's operation is still the engine script's on the Pulumi engine as well. */
    boolean scriptOnPulumi() {
        return false;
    }

    @Override
    public Integer call() {
        Stacks.check(env, stack, spec.name());
        if (compose()) {
            return onCompose(composeEngine());
        }
        if (!scriptOnPulumi()) {
            return onPulumi(withPulumi(), passThrough == null ? List.of() : passThrough);
        }
        return super.call();
    }

    @Override
    boolean needsPulumi() {
        return !compose();
    }
}
