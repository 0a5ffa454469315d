package dev.odoostack.program;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.docker.Container;
import com.pulumi.docker.ContainerArgs;
import com.pulumi.docker.Network;
import com.pulumi.docker.Provider;
import com.pulumi.docker.ProviderArgs;
import com.pulumi.docker.NetworkArgs;
import com.pulumi.docker.RemoteImage;
import com.pulumi.docker.RemoteImageArgs;
import com.pulumi.docker.Volume;
import com.pulumi.docker.VolumeArgs;
import com.pulumi.docker.inputs.ContainerCapabilitiesArgs;
import com.pulumi.docker.inputs.ContainerHealthcheckArgs;
import com.pulumi.docker.inputs.ContainerLabelArgs;
import com.pulumi.docker.inputs.ContainerNetworksAdvancedArgs;
import com.pulumi.docker.inputs.ContainerPortArgs;
import com.pulumi.docker.inputs.ContainerUploadArgs;
import com.pulumi.docker.inputs.ContainerVolumeArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.command.local.Command;
import com.pulumi.command.local.CommandArgs;
import dev.odoostack.config.DockerEndpoint;
import dev.odoostack.model.CommandSpec;
import com.pulumi.docker.Image;
import com.pulumi.docker.ImageArgs;
import com.pulumi.docker.enums.BuilderVersion;
import com.pulumi.docker.inputs.DockerBuildArgs;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.ImageBuildSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.NetworkSpec;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.VolumeSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the plain deployment model onto pulumi-docker resources, one to one; no decisions are taken here: what to
 * keep on destroy, what to protect, how logs are kept and how secrets arrive are declared on the specs.
 */
final class DockerResources {
    /** How long creating a container may wait for its healthcheck to pass, in seconds. */
    static final int HEALTHY_TIMEOUT = 300;

    private DockerResources() {
    }

    /** @param engine the Docker engine (or swarm manager) every resource goes to */
    static void declare(Context ctx, Deployment d, Output<String> guard, DockerEndpoint engine) {
        if (d.swarm()) {
            SwarmResources.declare(ctx, d, guard, engine);
            return;
        }
        Provider docker = provider(engine);
        Map<String, Output<String>> networks = new HashMap<>();
        for (NetworkSpec n : d.networks()) {
            // a shared proxy network belongs to the stack running that Traefik: joined by name only
            networks.put(n.name(), n.external() ? Output.of(n.dockerName()) : new Network(n.name(), NetworkArgs.builder()
                    .name(n.dockerName())
                    .driver("bridge")
                    .internal(n.internal())
                    .options(java.util.Map.<String, Object>copyOf(n.driverOptions()))
                    .build(), CustomResourceOptions.builder().provider(docker).build()).name());
        }
        // containers and commands by logical name, for dependsOn and restartOn across services
        Map<String, Resource> declared = new HashMap<>();
        Map<String, Command> commands = new HashMap<>();
        // volumes by logical name across services: the backup container reads the filestore Odoo owns
        Map<String, Volume> volumes = new HashMap<>();
        // the model lists services in dependency order: PostgreSQL, Odoo, Traefik, the restore, the backup
        for (ServiceSpec svc : d.services()) {
            ServiceComponent component = new ServiceComponent(svc.type(), svc.name());
            CustomResourceOptions inComponent = CustomResourceOptions.builder().parent(component).provider(docker).build();
            svc.volumes().forEach(v -> volumes.put(v.name(), volume(v, component, docker)));
            Map<String, Resource> builds = new HashMap<>();
            svc.builds().forEach(b -> builds.put(b.name(), build(b, inComponent)));
            for (CommandSpec cmd : svc.commands()) {
                Command command = command(cmd, d, component, declared);
                commands.put(cmd.name(), command);
                declared.put(cmd.name(), command);
            }
            Map<String, RemoteImage> images = new HashMap<>();
            for (ContainerSpec c : svc.containers()) {
                // a built image is looked up by its content tag once its build is done: its id changes exactly when
                // the image does
                List<Resource> madeBy = c.build() == null ? List.of() : List.of(builds.get(c.build()));
                RemoteImage image = images.computeIfAbsent(c.image(), ref -> new RemoteImage(
                        svc.name() + "-image" + (images.isEmpty() ? "" : "-" + images.size()),
                        // images may be shared with the other stacks on the host: never removed on destroy
                        RemoteImageArgs.builder().name(ref).keepLocally(true).build(),
                        CustomResourceOptions.builder().parent(component).provider(docker).dependsOn(madeBy).build()));
                declared.put(c.name(), new Container(c.name(),
                        containerArgs(c, image, networks, volumes, guard, commands),
                        CustomResourceOptions.builder().parent(component).provider(docker)
                                .dependsOn(resolve(c.dependsOn(), declared))
                                .protect(c.protect()).build()));
            }
            component.done();
        }
        d.outputs().asMap().forEach((name, value) -> ctx.export(name, Output.of(value)));
    }

    /**
     * One explicit provider: every Docker resource goes to the same engine, local or remote. Its host is always
     * given: left out, the SDK would fill it in from this process's DOCKER_HOST behind the program's back.
     */
    static Provider provider(DockerEndpoint engine) {
        return new Provider("docker", ProviderArgs.builder().host(engine.url()).build());
    }

    static Volume volume(VolumeSpec v, ServiceComponent component, Provider docker) {
        return new Volume(v.name(), VolumeArgs.builder().name(v.dockerName()).build(),
                CustomResourceOptions.builder().parent(component).provider(docker).retainOnDelete(v.retain())
                        .protect(v.protect()).build());
    }

    /** An image built from the repository, and pushed where the spec says so. */
    static Image build(ImageBuildSpec b, CustomResourceOptions options) {
        return new Image(b.name(), ImageArgs.builder()
                .imageName(b.imageName())
                .build(DockerBuildArgs.builder()
                        .context(b.context())
                        .dockerfile(b.dockerfile())
                        .args(b.args())
                        .builderVersion(BuilderVersion.BuilderBuildKit)
                        .build())
                .skipPush(!b.push())
                .build(), options);
    }

    /** A command of the model, run on the machine running the deployment, after what it depends on. */
    static Command command(CommandSpec cmd, Deployment d, ServiceComponent component, Map<String, Resource> declared) {
        var env = new java.util.TreeMap<>(cmd.environment());
        // docker exec/stop/start in a command must reach the same engine as the containers
        d.dockerHost().ifPresent(h -> env.put("DOCKER_HOST", h));
        return new Command(cmd.name(), CommandArgs.builder()
                .create(cmd.create())
                .update(cmd.update())
                .environment(env)
                .triggers(new ArrayList<Object>(cmd.triggers()))
                // the operator sees a restore's progress lines during `pulumi up`, not only at the end
                .logging("stdoutAndStderr")
                .build(),
                CustomResourceOptions.builder().parent(component).dependsOn(resolve(cmd.dependsOn(), declared)).build());
    }

    static List<Resource> resolve(List<String> names, Map<String, Resource> declared) {
        return names.stream().map(declared::get).toList();
    }

    private static ContainerArgs containerArgs(ContainerSpec c, RemoteImage image, Map<String, Output<String>> networks,
                                               Map<String, Volume> volumes, Output<String> guard,
                                               Map<String, Command> commands) {
        ContainerArgs.Builder b = ContainerArgs.builder()
                .name(c.dockerName())
                // through the guard: a refused change fails here, before any container is touched
                .image(guard.apply(ok -> image.imageId()))
                .restart(c.restart())
                .logDriver("json-file")
                .logOpts(Map.of("max-size", c.logs().maxSizeMb() + "m", "max-file", String.valueOf(c.logs().maxFiles())))
                .labels(labels(c, commands));
        if (c.networks().isEmpty()) {
            b.networkMode("none");
        } else {
            b.networksAdvanced(c.networks().stream().map(n -> ContainerNetworksAdvancedArgs.builder()
                    .name(networks.get(n)).build()).toList());
        }
        if (!c.entrypoint().isEmpty()) {
            b.entrypoints(c.entrypoint());
        }
        if (!c.command().isEmpty()) {
            b.command(c.command());
        }
        if (!c.envWithSecretFiles().isEmpty()) {
            b.envs(c.envWithSecretFiles().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
        List<ContainerUploadArgs> uploads = new ArrayList<>(c.files().stream().map(DockerResources::upload).toList());
        c.secrets().stream().map(DockerResources::upload).forEach(uploads::add);
        if (!uploads.isEmpty()) {
            b.uploads(uploads);
        }
        if (!c.mounts().isEmpty()) {
            b.volumes(c.mounts().stream().map(m -> volume(m, volumes)).toList());
        }
        if (!c.ports().isEmpty()) {
            b.ports(c.ports().stream().map(p -> ContainerPortArgs.builder()
                    .internal(p.internal()).external(p.external()).ip(ContainerSpec.PortSpec.HOST_ADDRESS).build()).toList());
        }
        if (c.healthcheck() != null) {
            ContainerSpec.Healthcheck h = c.healthcheck();
            // in the form the provider reads back from Docker (Go's Duration.String: 120s is "2m0s"), so a preview
            // right after a create shows no change
            b.healthcheck(ContainerHealthcheckArgs.builder().tests(h.test()).interval(goDuration(h.interval()))
                    .timeout(goDuration(h.timeout())).retries(h.retries()).startPeriod(goDuration(h.startPeriod())).build());
        }
        if (c.waitHealthy()) {
            b.wait_(true).waitTimeout(HEALTHY_TIMEOUT);
        }
        if (c.runOnce()) {
            // run to completion when created, and do not expect it to keep running afterwards
            b.attach(true).mustRun(false);
        }
        if (c.user() != null) {
            b.user(c.user());
        }
        b.capabilities(ContainerCapabilitiesArgs.builder().drops(c.droppedCapabilities()).adds(c.capabilities()).build());
        b.securityOpts(ContainerSpec.NO_NEW_PRIVILEGES);
        if (c.readOnlyRoot()) {
            b.readOnly(true);
            b.tmpfs(c.tmpfs().stream().collect(java.util.stream.Collectors.toMap(t -> t, t -> ContainerSpec.TMPFS_OPTIONS)));
        }
        if (c.memoryMb() > 0) {
            // the limit holds for memory and swap together (compose: memswap_limit); unset, Docker would allow as
            // much swap again, and the provider would read that back as a change on every preview
            b.memory(c.memoryMb()).memorySwap(c.memoryMb());
        }
        if (c.cpuShares() > 0) {
            b.cpuShares(c.cpuShares());
        }
        if (c.shmSizeMb() > 0) {
            b.shmSize(c.shmSizeMb());
        }
        return b.build();
    }

    /**
     * The container's labels; for each command it restarts on, a label with a digest of that command's output,
     * so new output (e.g. addons moved to new commits) replaces the container and unchanged output does not. Each
     * label on its own: before the command has run (a preview, the offline plan) only that label's value is
     * unknown, never the others.
     */
    private static List<ContainerLabelArgs> labels(ContainerSpec c, Map<String, Command> commands) {
        var all = new java.util.TreeMap<String, Output<String>>();
        c.labels().forEach((k, v) -> all.put(k, Output.of(v)));
        c.restartOn().forEach(name -> all.put("odoo-stack." + name, commands.get(name).stdout().applyValue(DockerResources::shortDigest)));
        return all.entrySet().stream().map(e -> ContainerLabelArgs.builder().label(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** A duration such as "120s", "2m" or "1h30m" written as Go's time.Duration.String writes it ("2m0s"). */
    static String goDuration(String duration) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(duration);
        if (duration.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a duration of hours, minutes and seconds: " + duration);
        }
        long seconds = 0;
        long[] unit = {3600, 60, 1};
        for (int i = 0; i < 3; i++) {
            if (m.group(i + 1) != null) {
                seconds += Long.parseLong(m.group(i + 1)) * unit[i];
            }
        }
        long h = seconds / 3600;
        long min = seconds % 3600 / 60;
        long sec = seconds % 60;
        return h > 0 ? h + "h" + min + "m" + sec + "s" : min > 0 ? min + "m" + sec + "s" : sec + "s";
    }

    private static String shortDigest(String text) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContainerUploadArgs upload(ContainerSpec.FileSpec f) {
        ContainerUploadArgs.Builder u = ContainerUploadArgs.builder().file(f.path()).content(f.content());
        if (f.executable()) {
            u.executable(true);
        }
        return u.build();
    }

    /** A secret file's content goes to Pulumi as a secret: encrypted in the state, a mark in every preview. */
    private static ContainerUploadArgs upload(SecretFileSpec f) {
        return ContainerUploadArgs.builder().file(f.path()).content(Output.ofSecret(f.content().valueOrMark())).build();
    }

    private static ContainerVolumeArgs volume(ContainerSpec.MountSpec m, Map<String, Volume> volumes) {
        ContainerVolumeArgs.Builder v = ContainerVolumeArgs.builder().containerPath(m.target());
        if (m.kind() == ContainerSpec.MountSpec.Kind.BIND) {
            v.hostPath(m.source());
        } else {
            v.volumeName(volumes.get(m.source()).name());
        }
        if (m.readOnly()) {
            v.readOnly(true);
        }
        return v.build();
    }
}
