package dev.odoostack.commands;

import dev.odoostack.assembly.ChangeGuard;
import dev.odoostack.cli.GeneratedSecrets;
import dev.odoostack.cli.LocalAccess;
import dev.odoostack.cli.OneOff;
import dev.odoostack.config.DockerEndpoint;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.engine.HostFacts;
import dev.odoostack.engine.PulumiEngine;
import dev.odoostack.engine.PulumiSetup;
import dev.odoostack.engine.RunningStack;
import dev.odoostack.engine.Swarm;
import dev.odoostack.engine.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * up, preview, destroy and refresh on the Pulumi engine, through the Automation API (engine.PulumiEngine): the
 * checks Pulumi cannot make first (the machine's own writes, the Docker host, the change guard, the other engine),
 * then the operation with Pulumi's output streamed, then one line saying what it did.
 */
final class PulumiCommands {
    private PulumiCommands() {
    }

    static int up(Env env, String stack, List<String> passThrough) {
        var o = PulumiEngine.Options.parse("up", stack, passThrough);
        StackFacts facts = StackFacts.load(env, stack);
        checksBefore(env, facts);
        try (PulumiEngine engine = open(env, stack)) {
            generateSecrets(env, stack, engine.setup());
            guard(env, facts, engine);
            Docker docker = facts.docker();
            RunningStack.refuseOther(docker, stack, "pulumi");
            Swarm swarm = facts.swarm() ? swarmPrepared(env, facts, docker) : null;
            confirm(env, engine, o, "up");
            Instant t0 = Instant.now();
            String changes;
            try {
                changes = PulumiEngine.summary(engine.up(o).resourceChanges());
            } catch (Failure f) {
                RunningStack.whyUnhealthy(docker, stack, env.err());
                if (swarm != null) {
                    // an update the swarm rolls back by itself ends in the same line as on compose, whatever Pulumi
                    // reported, once every update has ended
                    swarm.updatesSettled(stack, t0);
                }
                throw f;
            }
            if (swarm != null) {
                // a service's convergeConfig waits for that service alone, and a one-shot one has none
                swarm.settle(stack, Path.of(facts.outputs().stateDir()), facts.outputs().url(), t0, "bin/odoo-stack up " + stack);
            }
            env.err().println("odoo-stack: stack " + stack + " is up (" + changes + "): " + facts.outputs().url());
            return 0;
        } catch (Failure f) {
            throw f;
        } catch (Exception e) {
            throw new Failure("up " + stack + ": " + e.getMessage());
        }
    }

    /**
     * Before pulumi up on a swarm, as docker stack deploy has it: the swarm's checks, and the images the stack builds
     * on this engine (Pulumi declares no build there: the nodes run the image as named).
     */
    private static Swarm swarmPrepared(Env env, StackFacts facts, Docker docker) {
        var vars = dockerVars(env, facts);
        Swarm swarm = new Swarm(docker, vars, env.err());
        swarm.prepare(env.project(), facts.stack(), Path.of(facts.outputs().stateDir()),
                env.home().resolve("logs").resolve(facts.stack() + "-build.log"));
        return swarm;
    }

    static int preview(Env env, String stack, List<String> passThrough) {
        var o = PulumiEngine.Options.parse("preview", stack, passThrough);
        StackFacts facts = StackFacts.load(env, stack);
        checksBefore(env, facts);
        try (PulumiEngine engine = open(env, stack)) {
            generateSecrets(env, stack, engine.setup());
            guard(env, facts, engine);
            var result = engine.preview(o);
            if (!o.json()) {
                env.err().println("odoo-stack: preview " + stack + ": what up would do: " + PulumiEngine.summary(result.changeSummary())
                        .replace("created", "create").replace("updated", "update").replace("replaced", "replace")
                        .replace("deleted", "delete").replace("unchanged", "leave unchanged"));
            }
            return 0;
        } catch (Failure f) {
            throw f;
        } catch (Exception e) {
            throw new Failure("preview " + stack + ": " + e.getMessage());
        }
    }

    static int destroy(Env env, String stack, List<String> passThrough) {
        var o = PulumiEngine.Options.parse("destroy", stack, passThrough);
        ProductionGuard.refuseDestroy(env, stack);
        try (PulumiEngine engine = open(env, stack)) {
            confirm(env, engine, o, "destroy");
            try {
                engine.destroy(o);
            } catch (Failure first) {
                // a destroy that failed part way can leave the state out of step with the engine: a service Docker
                // has removed is still in the state, and deleting it again fails on "not found" (seen on a swarm).
                // Read what is left from the engine, then once more
                env.err().println("odoo-stack: destroy " + stack + ": pulumi destroy failed; reading what is left from the"
                        + " engine (pulumi refresh), then destroying once more");
                engine.refresh(PulumiEngine.Options.parse("refresh", stack, List.of()));
                try {
                    engine.destroy(o);
                } catch (Failure second) {
                    throw new Failure("destroy: pulumi destroy --stack " + stack + " failed twice (its output is above);"
                            + " nothing holding data was deleted; what is left: pulumi stack --stack " + stack);
                }
            }
            env.err().println(DataKept.line(env, stack, "bin/odoo-stack up " + stack));
            return 0;
        } catch (Failure f) {
            throw f;
        } catch (Exception e) {
            throw new Failure("destroy " + stack + ": " + e.getMessage());
        }
    }

    static int refresh(Env env, String stack, List<String> passThrough) {
        var o = PulumiEngine.Options.parse("refresh", stack, passThrough);
        try (PulumiEngine engine = open(env, stack)) {
            var result = engine.refresh(o);
            env.err().println("odoo-stack: refresh " + stack + ": Pulumi's state now holds what the engine has ("
                    + PulumiEngine.summary(result.summary().resourceChanges()) + "); bin/odoo-stack preview " + stack
                    + " shows what up would change");
            return 0;
        } catch (Failure f) {
            throw f;
        } catch (Exception e) {
            throw new Failure("refresh " + stack + ": " + e.getMessage());
        }
    }

    /**
     * A restore or a rebuild alone (`up --target-replace` of its own resources, which cli.OneOff finds in the plan),
     * refused when the stack has other pending changes, which a targeted up would leave half-applied or skip. The
     * restore's command is told it was asked for (PulumiSetup.withAction).
     */
    static int oneOff(Env env, String stack, String action, boolean yes) {
        StackFacts facts = StackFacts.load(env, stack);
        PulumiSetup setup = PulumiSetup.of(env.project(), env.home(), env.vars(), env.err()::println).withAction(action);
        try (PulumiEngine engine = PulumiEngine.open(stack, setup, env.out(), env.err())) {
            generateSecrets(env, stack, setup);
            // what the action replaces first, from the plan alone: a stack with nothing to act on needs no preview
            if (oneOffArguments(env, facts, action, null).isEmpty()) {
                return 0; // nothing to do: the line above said why
            }
            env.err().println("odoo-stack: " + action + " " + stack + ": looking for other pending changes (pulumi preview)");
            List<PulumiEngine.Step> steps;
            try {
                steps = engine.pendingSteps();
            } catch (Failure f) {
                throw new Failure(action + ": pulumi preview --stack " + stack + " failed (its output is above); nothing was changed");
            }
            List<String> args = oneOffArguments(env, facts, action, steps);
            List<String> options = new ArrayList<>(args);
            if (yes) {
                options.add("--yes");
            }
            var o = PulumiEngine.Options.parse(action, stack, options);
            confirm(env, engine, o, action);
            try {
                var summary = engine.up(o);
                env.err().println("odoo-stack: " + action + " " + stack + " done (" + PulumiEngine.summary(summary.resourceChanges()) + ")");
                return 0;
            } catch (Failure f) {
                try {
                    RunningStack.whyUnhealthy(facts.docker(), stack, env.err());
                } catch (Failure noEngine) {
                    // no engine to ask: Pulumi's own lines above are the report
                }
                throw f;
            }
        } catch (Failure f) {
            throw f;
        } catch (Exception e) {
            throw new Failure(action + " " + stack + ": " + e.getMessage());
        }
    }

    /**
     * The options of up that run the action alone (cli.OneOff), given the preview's steps (null: none yet); empty when
     * there is nothing to do. A refusal ends the command in its one line, as the compose engine's does.
     */
    private static List<String> oneOffArguments(Env env, StackFacts facts, String action, List<PulumiEngine.Step> steps) {
        OneOff.Action act = OneOff.Action.valueOf(action.toUpperCase(java.util.Locale.ROOT));
        com.fasterxml.jackson.databind.node.ObjectNode preview = null;
        if (steps != null) {
            // as `pulumi preview --json` writes them
            preview = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            var array = preview.putArray("steps");
            steps.forEach(st -> array.addObject().put("op", st.op()).put("urn", st.urn()));
        }
        try {
            return OneOff.upArguments(env.project(), facts.stack(), act, act == OneOff.Action.REBUILD && imageCurrent(facts),
                    preview, env.vars(), env.err());
        } catch (OneOff.Refused r) {
            throw new Failure(r.getMessage());
        }
    }

    /**
     * The Odoo image the stack builds is on the engine and built on its base image as the engine holds it now (the
     * base's layers are its first layers). Built again from the same context, it would differ only by the docker
     * provider's build label (pulumi.com/build-id): a new image id, and Odoo restarted for nothing.
     */
    private static boolean imageCurrent(StackFacts facts) {
        var images = OneOff.odooImages(facts.env().project(), facts.stack(), facts.env().vars()).orElse(null);
        if (images == null) {
            return false;
        }
        try {
            // an engine that does not answer holds no current image: the rebuild builds
            Docker docker = new Docker(dockerVars(facts.env(), facts));
            String layers = "{{range .RootFS.Layers}}{{.}} {{end}}";
            var base = docker.run("image", "inspect", "--format", layers, images.base());
            var built = docker.run("image", "inspect", "--format", layers, images.built());
            return base.ok() && built.ok() && !base.text().isEmpty() && built.text().startsWith(base.text());
        } catch (Failure noDocker) {
            return false;
        }
    }

    private static PulumiEngine open(Env env, String stack) {
        PulumiSetup setup = PulumiSetup.of(env.project(), env.home(), env.vars(), env.err()::println);
        return PulumiEngine.open(stack, setup, env.out(), env.err());
    }

    /**
     * What the program alone cannot see, before Pulumi runs: the addon checkouts this machine writes under the state
     * root, and the Docker host (its memory against the stack's limits, the shared proxy network).
     */
    private static void checksBefore(Env env, StackFacts facts) {
        LocalAccess.problem(facts.settings()).ifPresent(p -> {
            throw new Failure(p.replaceFirst("^odoo-stack: ", ""));
        });
        if (!HostFacts.check(env.project(), facts.stack(), env.vars(), env.err())) {
            throw new Failure("up " + facts.stack() + ": the Docker host cannot take the stack as it is (the lines above"
                    + " say why); nothing was changed");
        }
    }

    /** The program's guard against the stack's outputs of its last up: a damaging change is one line each. */
    private static void guard(Env env, StackFacts facts, PulumiEngine engine) {
        List<String> refusals = ChangeGuard.refusals(engine.outputs(), facts.settings());
        if (!refusals.isEmpty()) {
            refusals.forEach(env.err()::println);
            throw Failure.said(1);
        }
    }

    /**
     * The passwords the stack needs that may be generated (the program's own parser names them), each set as a
     * Pulumi secret where it is missing, through stdin: never on a command line.
     */
    private static void generateSecrets(Env env, String stack, PulumiSetup setup) throws IOException {
        for (String key : GeneratedSecrets.needed(env.project(), stack)) {
            if (pulumi(setup, null, "config", "get", key, "--stack", stack) == 0) {
                continue;
            }
            if (pulumi(setup, PulumiSetup.randomSecret(), "config", "set", "--secret", key, "--stack", stack) != 0) {
                throw new Failure("up " + stack + ": pulumi config set --secret " + key + " --stack " + stack + " failed");
            }
            env.err().println("odoo-stack: generated " + key + " for stack " + stack + " (stored as a Pulumi secret; read it"
                    + " with: pulumi config get " + key + " --stack " + stack + ")");
        }
    }

    /** A secret of the stack's config, generated first where missing (as up would); read through the CLI. */
    static String secret(PulumiSetup setup, String stack, String key, Env env) {
        if (pulumi(setup, null, "config", "get", key, "--stack", stack) != 0) {
            if (pulumi(setup, PulumiSetup.randomSecret(), "config", "set", "--secret", key, "--stack", stack) != 0) {
                throw new Failure("pulumi config set --secret " + key + " --stack " + stack + " failed (is the stack up? bin/odoo-stack up " + stack + ")");
            }
            env.err().println("odoo-stack: generated " + key + " for stack " + stack + " (stored as a Pulumi secret; read it"
                    + " with: pulumi config get " + key + " --stack " + stack + ")");
        }
        return configGet(setup, stack, key).orElseThrow(() -> new Failure("pulumi config get " + key + " --stack " + stack + " failed"));
    }

    /** A value of the stack's config (a secret decrypted), when it has one; read through the CLI. */
    static java.util.Optional<String> configGet(PulumiSetup setup, String stack, String key) {
        List<String> c = List.of("pulumi", "config", "get", key, "--stack", stack);
        ProcessBuilder pb = new ProcessBuilder(c).directory(setup.project().toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(setup.environment());
        try {
            Process p = pb.start();
            String value = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? java.util.Optional.of(value) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /** A secret of the stack's config set through stdin: never on a command line. */
    static void setSecret(PulumiSetup setup, String stack, String key, String value) {
        if (pulumi(setup, value, "config", "set", "--secret", key, "--stack", stack) != 0) {
            throw new Failure("pulumi config set --secret " + key + " --stack " + stack + " failed: pulumi config --stack "
                    + stack + " shows the stack's config");
        }
    }

    /** The CLI in the project, quiet, with stdin given; its exit code. */
    private static int pulumi(PulumiSetup setup, String stdin, String... args) {
        List<String> c = new ArrayList<>(List.of("pulumi"));
        c.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(c).directory(setup.project().toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(setup.environment());
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /**
     * As pulumi up asks: without --yes (or --skip-preview), the preview first and a question on the terminal; with
     * no terminal to ask on, one line and nothing applied.
     */
    private static void confirm(Env env, PulumiEngine engine, PulumiEngine.Options o, String what) {
        if (o.yes() || o.skipPreview()) {
            return;
        }
        var console = System.console();
        if (console == null) {
            throw new Failure(what + " " + engine.stackName() + ": nothing done: no terminal to confirm on; add --yes"
                    + " (bin/odoo-stack " + what + " " + engine.stackName() + " --yes)", 2);
        }
        if (!what.equals("destroy")) {
            engine.preview(o);
        }
        String answer = console.readLine("odoo-stack: " + what + " " + engine.stackName() + " now? [y/N] ");
        if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).matches("y|yes")) {
            throw new Failure(what + " " + engine.stackName() + ": not confirmed; nothing done", 1);
        }
    }

    static Map<String, String> dockerVars(Env env, StackFacts facts) {
        var vars = new java.util.HashMap<>(env.vars());
        vars.put("DOCKER_HOST", DockerEndpoint.of(facts.settings(), env.vars()).url());
        return vars;
    }
}
