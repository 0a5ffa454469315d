package dev.odoostack.commands;

import dev.odoostack.cli.GeneratedSecrets;
import dev.odoostack.engine.ComposeEngine;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.engine.PulumiEngine;
import dev.odoostack.engine.PulumiSetup;
import dev.odoostack.engine.RunningStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.nio.file.Files;
import java.nio.file.Path;
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
final class MoveEngine extends StackCommand {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = "--to", required = true, paramLabel = "pulumi|compose", description = "the engine to hand the stack to")
    EngineOption.Engine to;

    MoveEngine(Env env) {
        super(env);
    }

    /**
     * The passwords the stack runs with, from the engine running it to the other one; then that engine's containers
     * go (data kept), so the next up on the target starts on the same data with the same passwords. Everything that
     * can refuse does so before anything is carried or removed.
     */
    @Override
    public Integer call() {
        Stacks.check(env, stack, spec.name());
        String target = to.name();
        String running = RunningStack.engine(new Docker(env.vars()).mustAnswer(), stack);
        if (running.isEmpty()) {
            throw new Failure("move-engine: stack " + stack + " has no containers on " + env.engineForMessages()
                    + "; bring it up on the engine you want: bin/odoo-stack up " + stack + " --engine " + target);
        }
        if (running.equals(target)) {
            throw new Failure("move-engine: stack " + stack + " already runs on the " + target + " engine; nothing to move");
        }
        ProductionGuard.refuseDestroy(env, stack);
        // the stack's Pulumi passwords are read and written with the Pulumi CLI: offered where there is none
        Env env = withPulumi();
        ComposeEngine compose = composeEngine();
        PulumiSetup setup = PulumiSetup.of(env.project(), env.home(), env.vars(), env.err()::println);
        try (PulumiEngine pulumi = PulumiEngine.open(stack, setup, env.out(), env.err())) {
            for (String key : GeneratedSecrets.needed(env.project(), stack)) {
                Path file = compose.password(key);
                if (target.equals("pulumi")) {
                    if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                        continue;
                    }
                    PulumiCommands.setSecret(setup, stack, key, Files.readString(file).replaceAll("\\R$", ""));
                } else {
                    var value = PulumiCommands.configGet(setup, stack, key);
                    if (value.isEmpty()) {
                        continue;
                    }
                    compose.writePassword(key, value.get());
                }
                env.err().println("odoo-stack: move-engine " + stack + ": " + key + " carried over to the " + target + " engine");
            }
            if (running.equals("compose")) {
                compose.destroy();
            } else {
                pulumi.destroy(PulumiEngine.Options.parse("destroy", stack, List.of("--yes", "--skip-preview")));
            }
            env.err().println(DataKept.line(env, stack, "bin/odoo-stack up " + stack + " --engine " + target));
        } catch (Failure f) {
            throw f;
        } catch (Exception e) {
            throw new Failure("move-engine " + stack + ": " + e.getMessage());
        }
        env.err().println("odoo-stack: move-engine " + stack + ": the " + running + " engine's containers are gone, the data and"
                + " passwords stay; next: bin/odoo-stack up " + stack + " --engine " + target);
        return 0;
    }

}
