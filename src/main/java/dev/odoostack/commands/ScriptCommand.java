package dev.odoostack.commands;

import dev.odoostack.engine.ComposeEngine;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.PulumiInstall;
import dev.odoostack.engine.Tools;
import picocli.CommandLine;

import java.util.concurrent.Callable;

/** A command of a stack whose work the engine script does (see {@link EngineScript}). */
abstract class ScriptCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    final Env env;

    ScriptCommand(Env env) {
        this.env = env;
    }

    /** The engine the command works with, when it has a choice; null when it has none. */
    EngineOption engine() {
        return null;
    }

    /** Whether the command's work goes through the docker CLI: it must be there and its engine must answer. */
    boolean needsDocker() {
        return compose();
    }

    /** Whether the command's work goes through the Pulumi CLI: where none is on PATH, it is offered (need_pulumi). */
    boolean needsPulumi() {
        return false;
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

    @Override
    public Integer call() {
        Stacks.check(env, stack, spec.name());
        return script(env.args());
    }

    /** The engine script with {@code args} for a command line, once the tools it runs are there. */
    int script(java.util.List<String> args) {
        if (needsDocker()) {
            new Docker(env.vars()).mustAnswer();
        }
        if (compose()) {
            Tools.dockerCompose(env.vars());
        }
        return EngineScript.run(needsPulumi() ? withPulumi() : env, args);
    }
}
