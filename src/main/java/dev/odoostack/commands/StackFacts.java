package dev.odoostack.commands;

import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.config.ConfigException;
import dev.odoostack.config.DockerEndpoint;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.config.StackFile;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.StateLayout;

import java.util.List;
import java.util.Optional;

/**
 * What the day-2 commands know of a stack, from its stack file through the same model the engines deploy: its
 * container names, database, URL, production flag and Docker mode. No name is built by hand, no output parsed.
 */
record StackFacts(String stack, Settings settings, Deployment deployment, Env env) {

    static StackFacts load(Env env, String stack) {
        try {
            Settings s = SettingsParser.parse(stack, DockerEndpoint.withEngine(
                    StackFile.read(StackFile.path(env.project(), stack)), env.vars()), SecretPolicy.ALLOW_MISSING);
            return new StackFacts(stack, s, DeploymentModel.of(s, env.project()), env);
        } catch (ConfigException e) {
            // every problem, each with its key and fix, as plan lists them
            env.err().println("odoo-stack: " + stack + ": " + e.problems().size() + " configuration problem(s), nothing done:");
            e.problems().forEach(p -> env.err().println("  - " + p.message()));
            throw Failure.said(1);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new Failure("the stack file of " + stack + " cannot be read: " + e.getMessage());
        }
    }

    Deployment.Outputs outputs() {
        return deployment.outputs();
    }

    boolean swarm() {
        return deployment.swarm();
    }

    /** Every container the stack declares, long-running ones first within each service, in the model's order. */
    List<ContainerSpec> containers() {
        return deployment.services().stream().flatMap(s -> s.containers().stream()).toList();
    }

    /** The container of a role (the container's logical name: odoo, postgres, traefik, backup...). */
    Optional<ContainerSpec> container(String role) {
        return containers().stream().filter(c -> c.name().equals(role)).findFirst();
    }

    /** The Docker name of a role's container, or the line that says the stack has none. */
    String containerName(String role) {
        return container(role).map(ContainerSpec::dockerName).orElseThrow(() -> new Failure(
                "stack " + stack + " has no " + role + " container (bin/odoo-stack plan " + stack + " lists what it declares)"));
    }

    /**
     * With {@code volumes: named}, where this machine reaches the filestore's volume: its Mountpoint, when the engine
     * keeps it on this machine (a directory here); empty in bind mode, and when the engine runs elsewhere.
     */
    Optional<String> filestoreVolumeDir() {
        StateLayout state = StateLayout.of(settings);
        if (state.bind()) {
            return Optional.empty();
        }
        Docker.Result r = docker().run("volume", "inspect", "-f", "{{.Mountpoint}}", state.volume(StateLayout.Area.FILESTORE).dockerName());
        return Optional.of(r.text().strip()).filter(dir -> r.ok() && dir.startsWith("/") && java.nio.file.Files.isDirectory(java.nio.file.Path.of(dir)));
    }

    /** The Docker CLI against the stack's engine (docker:host, else DOCKER_HOST), which must answer. */
    Docker docker() {
        var vars = new java.util.HashMap<>(env.vars());
        vars.put("DOCKER_HOST", DockerEndpoint.of(settings, env.vars()).url());
        return new Docker(vars).mustAnswer();
    }
}
