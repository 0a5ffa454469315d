package dev.odoostack.commands;

import dev.odoostack.engine.ComposeEngine;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.PulumiInstall;
import dev.odoostack.engine.Tools;
import picocli.CommandLine;

import java.util.concurrent.Callable;

/** A command of one stack: its argument, its engine (where it has a choice) and the tools it runs. */
abstract class StackCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    final Env env;

    StackCommand(Env env) {
        this.env = env;
    }

    /** The engine the command works with, when it has a choice; null when it has none. */
    EngineOption engine() {
        return null;
    }

    /** The environment with a Pulumi CLI on PATH (engine.PulumiInstall.need), or the lines that say what to do. */
    Env withPulumi() {
        var vars = PulumiInstall.of(env.repo(), env.home()).need(env.vars(), stack, env.err());
        return vars == env.vars() ? env : new Env(env.repo(), vars, env.out(), env.err(), env.args());
    }

    boolean compose() {
        EngineOption engine = engine();
        return engine != null && engine.name(env).equals("compose");
    }

    /** The stack on the compose engine (docker-compose installed, the Docker engine answering). */
    ComposeEngine composeEngine() {
        return ComposeEngine.open(stack, env.project(), env.home(), env.vars(), env.out(), env.err());
    }
}
