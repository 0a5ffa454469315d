package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.List;

/** {@code move-engine}: hand a running stack to the other engine. */
@Command(name = "move-engine",
        customSynopsis = "bin/odoo-stack move-engine <stack> --to pulumi|compose",
        description = {
                "Hand a running stack from one engine to the other on the same data: the",
                "passwords it runs with are carried over (Pulumi secrets <-> the compose",
                "password files, never on a command line), then the old engine's containers",
                "go (data kept); then `up` on the new engine. `up` refuses a stack that the",
                "other engine runs, naming this command."})
final class MoveEngine extends ScriptCommand {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = "--to", required = true, paramLabel = "pulumi|compose", description = "the engine to hand the stack to")
    EngineOption.Engine to;

    MoveEngine(Env env) {
        super(env);
    }

    @Override
    boolean needsDocker() {
        return true;
    }

    @Override
    boolean needsPulumi() {
        return true;
    }
}
