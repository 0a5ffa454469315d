package dev.odoostack.program;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.docker.Network;
import com.pulumi.docker.NetworkArgs;
import com.pulumi.docker.Provider;
import com.pulumi.docker.Secret;
import com.pulumi.docker.SecretArgs;
import com.pulumi.docker.Service;
import com.pulumi.docker.ServiceArgs;
import com.pulumi.docker.ServiceConfig;
import com.pulumi.docker.ServiceConfigArgs;
import com.pulumi.docker.Volume;
import com.pulumi.docker.inputs.ServiceConvergeConfigArgs;
import com.pulumi.docker.inputs.ServiceEndpointSpecArgs;
import com.pulumi.docker.inputs.ServiceEndpointSpecPortArgs;
import com.pulumi.docker.inputs.ServiceLabelArgs;
import com.pulumi.docker.inputs.ServiceModeArgs;
import com.pulumi.docker.inputs.ServiceModeReplicatedArgs;
import com.pulumi.docker.inputs.ServiceRollbackConfigArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecContainerSpecArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecContainerSpecConfigArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecContainerSpecHealthcheckArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecContainerSpecLabelArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecContainerSpecMountArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecContainerSpecSecretArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecLogDriverArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecNetworksAdvancedArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecPlacementArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecResourcesArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecResourcesLimitsArgs;
import com.pulumi.docker.inputs.ServiceTaskSpecRestartPolicyArgs;
import com.pulumi.docker.inputs.ServiceUpdateConfigArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import dev.odoostack.config.DockerEndpoint;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.Names;
import dev.odoostack.model.NetworkSpec;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.model.ServiceSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment on a Docker Swarm (dockerMode swarm), mapped onto pulumi-docker's swarm resources one to one, as
 * compose.SwarmStackFile maps it for {@code docker stack deploy}; no decisions are taken here:
 * <ul>
 *   <li>each container of the model is a {@code Service} named as docker stack deploy names it ({@code opw_odoo}),
 *       run as its {@link ContainerSpec.SwarmService} says, answering to its aliases on its networks;</li>
 *   <li>networks are overlay networks, attachable (a one-off container can join), internal as declared;</li>
 *   <li>each file is a {@code ServiceConfig} and each secret file a {@code Secret} whose data is a Pulumi secret,
 *       both named after their content ({@link Names#swarmConfig}, {@link Names#swarmSecret}): a swarm's configs
 *       and secrets cannot change, so a changed file is a new object, and the service rolls to it;</li>
 *   <li>no image is pulled or built here (every node pulls what it runs): bin/odoo-stack builds the model's
 *       images before {@code pulumi up}, only those whose content tag is missing, as before {@code docker stack
 *       deploy} (a pulumi-docker {@code Image} builds again at every create, which a manager without the build's
 *       network cannot);</li>
 *   <li>every service, network and secret carries the label docker stack deploy gives them
 *       ({@link #NAMESPACE_LABEL}), so {@code docker stack services|ps} and bin/odoo-stack's status, logs and
 *       waits see the stack whichever engine deployed it.</li>
 * </ul>
 * Left out, as on the stack file, because a swarm service has no such setting: {@code cpuShares},
 * {@code shmSizeMb}, no-new-privileges. pulumi-docker 4.5 has no capability add or drop on a service either, so
 * its tasks keep Docker's default capabilities where the stack file drops all but the declared ones.
 */
final class SwarmResources {
    /** Every published port of a swarm service is the node's own port (docs/scale-out.md). */
    static final String PUBLISH_MODE = "host";
    /** The label docker stack deploy puts on a stack's objects; its value is the stack. */
    static final String NAMESPACE_LABEL = "com.docker.stack.namespace";

    private SwarmResources() {
    }

    static void declare(Context ctx, Deployment d, Output<String> guard, DockerEndpoint engine) {
        for (ServiceSpec svc : d.services()) {
            refuseRestarts(svc);
        }
        Provider docker = DockerResources.provider(engine);
        Map<String, Output<String>> networks = new HashMap<>();
        for (NetworkSpec n : d.networks()) {
            if (n.external()) {
                networks.put(n.name(), Output.of(n.dockerName()));
                continue;
            }
            NetworkArgs.Builder net = NetworkArgs.builder()
                    .name(n.dockerName())
                    .driver("overlay")
                    .attachable(true)
                    .internal(n.internal())
                    .labels(com.pulumi.docker.inputs.NetworkLabelArgs.builder().label(NAMESPACE_LABEL).value(d.stack()).build());
            if (!n.driverOptions().isEmpty()) {
                // only when there are some: the overlay driver adds its own (the VXLAN id), which the provider reads
                // back; an empty map would differ from them at every up and replace the network in use
                net.options(Map.<String, Object>copyOf(n.driverOptions()));
            }
            // a service's task spec names its networks by id: the provider reads ids back, so a name would differ
            // at every up, and a changed network list replaces the service (all its tasks at once)
            networks.put(n.name(), new Network(n.name(), net.build(), CustomResourceOptions.builder().provider(docker).build()).id());
        }
        Map<String, Resource> declared = new HashMap<>();
        Map<String, Volume> volumes = new HashMap<>();
        // the model lists services in dependency order: PostgreSQL, Odoo, Traefik
        for (ServiceSpec svc : d.services()) {
            ServiceComponent component = new ServiceComponent(svc.type(), svc.name());
            CustomResourceOptions inComponent = CustomResourceOptions.builder().parent(component).provider(docker).build();
            svc.volumes().forEach(v -> volumes.put(v.name(), DockerResources.volume(v, component, docker)));
            // the restore: on a swarm it runs only when asked (restoreOnFirstUp false), as on one host
            svc.commands().forEach(cmd -> declared.put(cmd.name(), DockerResources.command(cmd, d, component, declared)));
            for (ContainerSpec c : svc.containers()) {
                if (c.swarm() == null) {
                    throw new IllegalArgumentException("container " + c.name() + " says nothing of how a swarm runs it");
                }
                List<ServiceTaskSpecContainerSpecConfigArgs> configs = new ArrayList<>();
                for (ContainerSpec.FileSpec f : c.files()) {
                    ServiceConfig config = new ServiceConfig(c.name() + f.path(), ServiceConfigArgs.builder()
                            .name(Names.swarmConfig(c, f))
                            .data(base64(f.content()))
                            .build(), inComponent);
                    configs.add(ServiceTaskSpecContainerSpecConfigArgs.builder()
                            .configId(config.id()).configName(config.name())
                            .fileName(f.path()).fileMode(f.executable() ? 0555 : 0444).build());
                }
                List<ServiceTaskSpecContainerSpecSecretArgs> secrets = new ArrayList<>();
                for (SecretFileSpec f : c.secrets()) {
                    Secret secret = new Secret(c.name() + f.path(), SecretArgs.builder()
                            .name(Names.swarmSecret(c, f))
                            .labels(com.pulumi.docker.inputs.SecretLabelArgs.builder().label(NAMESPACE_LABEL).value(d.stack()).build())
                            // a Pulumi secret: encrypted in the state, a mark in every preview; the offline
                            // plan's mark ("not set") goes as it is, to be shown as it is
                            .data(Output.ofSecret(f.content().hasValue() ? base64(f.content().valueOrMark())
                                    : f.content().valueOrMark()))
                            .build(), inComponent);
                    secrets.add(ServiceTaskSpecContainerSpecSecretArgs.builder()
                            .secretId(secret.id()).secretName(secret.name())
                            .fileName(f.path()).fileMode(0444).build());
                }
                List<Resource> after = DockerResources.resolve(c.dependsOn(), declared);
                declared.put(c.name(), new Service(c.name(),
                        serviceArgs(c, d, guard, networks, volumes, configs, secrets),
                        CustomResourceOptions.builder().parent(component).provider(docker)
                                .dependsOn(after).protect(c.protect()).build()));
            }
            component.done();
        }
        d.outputs().asMap().forEach((name, value) -> ctx.export(name, Output.of(value)));
    }

    /** A container that restarts on a command's output (the addon checkout's) has no place on a swarm. */
    private static void refuseRestarts(ServiceSpec svc) {
        for (ContainerSpec c : svc.containers()) {
            if (!c.restartOn().isEmpty()) {
                throw new IllegalArgumentException("dockerMode swarm: the container " + c.name()
                        + " restarts on the commands " + c.restartOn() + ", which a swarm service cannot follow");
            }
        }
    }

    private static ServiceArgs serviceArgs(ContainerSpec c, Deployment d, Output<String> guard,
                                           Map<String, Output<String>> networks, Map<String, Volume> volumes,
                                           List<ServiceTaskSpecContainerSpecConfigArgs> configs,
                                           List<ServiceTaskSpecContainerSpecSecretArgs> secrets) {
        ContainerSpec.SwarmService swarm = c.swarm();
        ServiceArgs.Builder b = ServiceArgs.builder()
                .name(Names.swarmService(d.stack(), c.name()))
                // Traefik's swarm provider reads the labels on the service
                .taskSpec(taskSpec(c, d.stack(), guard, networks, volumes, configs, secrets))
                .mode(swarm.global() ? ServiceModeArgs.builder().global(true).build()
                        : ServiceModeArgs.builder().replicated(ServiceModeReplicatedArgs.builder()
                        .replicas(swarm.replicas()).build()).build())
                .endpointSpec(endpoint(c));
        // Traefik's swarm provider reads the labels on the service
        b.labels(withNamespace(c.labels(), d.stack()).entrySet().stream().map(e -> ServiceLabelArgs.builder()
                .label(e.getKey()).value(e.getValue()).build()).toList());
        ContainerSpec.SwarmService.Update u = swarm.update();
        ServiceUpdateConfigArgs.Builder update = ServiceUpdateConfigArgs.builder().parallelism(u.parallelism())
                .failureAction(u.failureAction());
        if (u.order() != null) {
            update.order(u.order());
        }
        if (u.monitor() != null) {
            update.monitor(shortDuration(u.monitor()));
        }
        if (u.delay() != null) {
            update.delay(shortDuration(u.delay()));
        }
        b.updateConfig(update.build());
        if (swarm.rollback() != null) {
            b.rollbackConfig(ServiceRollbackConfigArgs.builder().parallelism(swarm.rollback().parallelism())
                    .order(swarm.rollback().order()).build());
        }
        if (c.waitHealthy() && !swarm.global()) {
            // creating (and updating) it waits until its tasks run healthy, as a container's creation does; the
            // provider refuses a convergeConfig on a global service, which bin/odoo-stack's wait after up covers
            b.convergeConfig(ServiceConvergeConfigArgs.builder().timeout(DockerResources.HEALTHY_TIMEOUT + "s").build());
        }
        return b.build();
    }

    /** Each task's own address, and ports on the node the task runs on: no IPVS, no routing mesh (docs/scale-out.md). */
    private static ServiceEndpointSpecArgs endpoint(ContainerSpec c) {
        ServiceEndpointSpecArgs.Builder e = ServiceEndpointSpecArgs.builder().mode("dnsrr");
        if (!c.ports().isEmpty()) {
            e.ports(c.ports().stream().map(p -> ServiceEndpointSpecPortArgs.builder()
                    .targetPort(p.internal()).publishedPort(p.external())
                    .protocol("tcp").publishMode(PUBLISH_MODE).build()).toList());
        }
        return e.build();
    }

    private static Map<String, String> withNamespace(Map<String, String> labels, String stack) {
        Map<String, String> all = new java.util.TreeMap<>(labels);
        all.put(NAMESPACE_LABEL, stack);
        return all;
    }

    private static ServiceTaskSpecArgs taskSpec(ContainerSpec c, String stack, Output<String> guard,
                                                Map<String, Output<String>> networks, Map<String, Volume> volumes,
                                                List<ServiceTaskSpecContainerSpecConfigArgs> configs,
                                                List<ServiceTaskSpecContainerSpecSecretArgs> secrets) {
        ContainerSpec.SwarmService swarm = c.swarm();
        ServiceTaskSpecContainerSpecArgs.Builder container = ServiceTaskSpecContainerSpecArgs.builder()
                // through the guard: a refused change fails here, before any service is touched
                .image(guard.applyValue(ok -> c.image()));
        container.labels(withNamespace(c.labels(), stack).entrySet().stream().map(e -> ServiceTaskSpecContainerSpecLabelArgs.builder()
                .label(e.getKey()).value(e.getValue()).build()).toList());
        if (!configs.isEmpty()) {
            container.configs(configs);
        }
        if (!secrets.isEmpty()) {
            container.secrets(secrets);
        }
        List<ServiceTaskSpecContainerSpecMountArgs> mounts = mounts(c, volumes);
        if (!mounts.isEmpty()) {
            container.mounts(mounts);
        }
        if (!c.entrypoint().isEmpty()) {
            container.commands(c.entrypoint());
        }
        if (!c.command().isEmpty()) {
            container.args(c.command());
        }
        if (!c.envWithSecretFiles().isEmpty()) {
            container.env(c.envWithSecretFiles());
        }
        if (c.healthcheck() != null) {
            ContainerSpec.Healthcheck h = c.healthcheck();
            container.healthcheck(ServiceTaskSpecContainerSpecHealthcheckArgs.builder().tests(h.test())
                    .interval(shortDuration(h.interval())).timeout(shortDuration(h.timeout())).retries(h.retries())
                    .startPeriod(shortDuration(h.startPeriod())).build());
        }
        if (c.user() != null) {
            container.user(c.user());
        }
        if (c.readOnlyRoot()) {
            container.readOnly(true);
        }
        container.stopGracePeriod(shortDuration(ContainerSpec.SwarmService.STOP_GRACE_PERIOD));
        ServiceTaskSpecArgs.Builder task = ServiceTaskSpecArgs.builder()
                .containerSpec(container.build())
                .logDriver(ServiceTaskSpecLogDriverArgs.builder().name("json-file").options(Map.of(
                        "max-size", c.logs().maxSizeMb() + "m", "max-file", String.valueOf(c.logs().maxFiles()))).build())
                // window and delay as the provider reads them back (Docker's default 0s), or every up differs
                .restartPolicy(ServiceTaskSpecRestartPolicyArgs.builder().condition(swarm.restart().condition())
                        .delay(swarm.restart().delay() == null ? "0s" : shortDuration(swarm.restart().delay()))
                        .window("0s").build());
        if (!c.networks().isEmpty()) {
            task.networksAdvanceds(c.networks().stream().map(n -> ServiceTaskSpecNetworksAdvancedArgs.builder()
                    .name(networks.get(n)).aliases(swarm.aliases()).build()).toList());
        }
        if (!swarm.constraints().isEmpty()) {
            task.placement(ServiceTaskSpecPlacementArgs.builder().constraints(swarm.constraints()).build());
        }
        if (c.memoryMb() > 0) {
            task.resources(ServiceTaskSpecResourcesArgs.builder()
                    .limits(ServiceTaskSpecResourcesLimitsArgs.builder().memoryBytes(bytes(c.memoryMb())).build()).build());
        }
        return task.build();
    }

    private static List<ServiceTaskSpecContainerSpecMountArgs> mounts(ContainerSpec c, Map<String, Volume> volumes) {
        List<ServiceTaskSpecContainerSpecMountArgs> mounts = new ArrayList<>();
        for (ContainerSpec.MountSpec m : c.mounts()) {
            boolean bind = m.kind() == ContainerSpec.MountSpec.Kind.BIND;
            mounts.add(ServiceTaskSpecContainerSpecMountArgs.builder()
                    .type(bind ? "bind" : "volume")
                    .source(bind ? Output.of(m.source()) : volumes.get(m.source()).name())
                    .target(m.target())
                    .readOnly(m.readOnly())
                    .build());
        }
        for (String t : c.tmpfs()) {
            // no size: the provider pinned here (terraform-provider-docker under pulumi-docker 4.5.1) reads
            // tmpfs_options.size_bytes as an int64 its schema never holds and crashes on any value; what a task
            // writes there counts towards its memory limit instead (docs/security.md)
            mounts.add(ServiceTaskSpecContainerSpecMountArgs.builder().type("tmpfs").target(t).build());
        }
        return mounts;
    }

    /**
     * A memory limit in bytes. pulumi-docker's Java types call it an Integer, which ends at 2 GiB, but the provider
     * takes any integer, and the engine's wire carries numbers: a larger limit (Odoo's default is several GiB)
     * goes as a whole-number Double, which the SDK serializes as the number it is. (Read back into Java, the
     * service's output would show at most 2 GiB; nothing here reads it.)
     */
    @SuppressWarnings("unchecked")
    static Output<Integer> bytes(int mb) {
        long bytes = mb * 1024L * 1024L;
        return bytes <= Integer.MAX_VALUE ? Output.of((int) bytes) : (Output<Integer>) (Output<?>) Output.of((double) bytes);
    }

    /**
     * A duration as the provider reads a service's back (its shortDur: Go's time.Duration.String without a
     * trailing "0s" or "0m", so "60s" is "1m"): written otherwise, every up would see a change.
     */
    static String shortDuration(String duration) {
        String s = DockerResources.goDuration(duration);
        if (s.endsWith("m0s")) {
            s = s.substring(0, s.length() - 2);
        }
        if (s.endsWith("h0m")) {
            s = s.substring(0, s.length() - 2);
        }
        return s;
    }

    private static String base64(String content) {
        return Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
    }
}
