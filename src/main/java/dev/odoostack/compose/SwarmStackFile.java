package dev.odoostack.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.Names;
import dev.odoostack.model.NetworkSpec;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.model.ServiceSpec;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The deployment on a Docker Swarm, as the stack file {@code docker stack deploy} reads (compose format 3.8): each
 * container of the model becomes a service run as its {@link ContainerSpec.SwarmService} says. It maps the model
 * without deciding:
 * <ul>
 *   <li>services are named by their logical name ({@code <stack>_odoo}) and answer on their networks to the
 *       container name as well, so the configuration that names {@code opw-postgres} on one host works unchanged;</li>
 *   <li>every service resolves to its tasks' own addresses ({@code endpoint_mode: dnsrr}) and publishes its ports
 *       on the node it runs on ({@code mode: host}): Traefik routes per task anyway, and neither needs the
 *       kernel's IPVS, which the routing mesh does (docs/scale-out.md);</li>
 *   <li>files (odoo.conf, the start script) are swarm configs and passwords swarm secrets, each named after its
 *       content's digest: a changed file is a new config, and the service rolls to it; no password is in this
 *       file or in any service's environment;</li>
 *   <li>labels go on the service (Traefik's swarm provider reads them there) and on its containers;</li>
 *   <li>updates, rollbacks and restarts go as the spec's {@link ContainerSpec.SwarmService} orders them (a
 *       rolling service starts a new task, waits until it is healthy, then stops an old one, one at a time, and
 *       rolls back by itself when a new task does not become healthy).</li>
 * </ul>
 * What a swarm cannot do is left out: builds (the nodes pull images), {@code depends_on} (a service retries until
 * what it needs answers), {@code cpu_shares}, {@code shm_size} and {@code security_opt}.
 */
final class SwarmStackFile {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SwarmStackFile() {
    }

    static ComposeFile.Rendered render(Deployment d) {
        SortedMap<String, String> files = new TreeMap<>();
        java.util.Set<String> executables = new java.util.TreeSet<>();
        SortedMap<String, String> secretFiles = new TreeMap<>();
        ObjectNode root = NODES.objectNode();
        root.put("version", "3.8");
        ObjectNode services = root.putObject("services");
        ObjectNode configs = NODES.objectNode();
        ObjectNode secrets = NODES.objectNode();
        StringBuilder skipped = new StringBuilder();
        for (ServiceSpec svc : d.services()) {
            svc.commands().forEach(c -> skipped.append("#   ").append(c.name()).append(": ").append(c.create()).append('\n'));
            for (ContainerSpec c : svc.containers()) {
                if (c.swarm() == null) {
                    throw new IllegalArgumentException("container " + c.name() + " says nothing of how a swarm runs it");
                }
                services.set(c.name(), service(c, d, files, executables, secretFiles, configs, secrets));
            }
        }
        root.set("networks", networks(d));
        ObjectNode volumes = NODES.objectNode();
        d.services().forEach(s -> s.volumes().forEach(v -> volumes.putObject(v.dockerName()).put("name", v.dockerName())));
        if (!volumes.isEmpty()) {
            root.set("volumes", volumes);
        }
        if (!configs.isEmpty()) {
            root.set("configs", configs);
        }
        if (!secrets.isEmpty()) {
            root.set("secrets", secrets);
        }
        String header = "# docker stack file for a Docker Swarm, rendered by odoo-stack from Pulumi." + d.stack()
                + ".yaml.\n# Do not edit: change the stack file and run `bin/odoo-stack up " + d.stack()
                + " --engine compose` (docker stack deploy).\n# Passwords are swarm secrets made from ./"
                + ComposeFile.SECRETS_DIR + "/ (a directory only root can open); no password is in this file.\n"
                + (skipped.length() > 0 ? "# Run by bin/odoo-stack on this machine when asked, not by the swarm:\n" + skipped : "");
        try {
            return new ComposeFile.Rendered(header + ComposeFile.YAML.writeValueAsString(root), files, executables, secretFiles);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode service(ContainerSpec c, Deployment d, SortedMap<String, String> files,
                                      java.util.Set<String> executables, SortedMap<String, String> secretFiles,
                                      ObjectNode configs, ObjectNode secrets) {
        ContainerSpec.SwarmService swarm = c.swarm();
        ObjectNode s = NODES.objectNode();
        s.put("image", c.image());
        if (c.user() != null) {
            s.put("user", c.user());
        }
        if (!c.entrypoint().isEmpty()) {
            ComposeFile.strings(s.putArray("entrypoint"), c.entrypoint());
        }
        if (!c.command().isEmpty()) {
            ComposeFile.strings(s.putArray("command"), c.command());
        }
        ObjectNode env = NODES.objectNode();
        c.envWithSecretFiles().forEach((k, v) -> env.put(k, ComposeFile.escape(v)));
        if (!env.isEmpty()) {
            s.set("environment", env);
        }
        ArrayNode volumes = NODES.arrayNode();
        for (ContainerSpec.MountSpec m : c.mounts()) {
            ObjectNode v = volumes.addObject();
            boolean bind = m.kind() == ContainerSpec.MountSpec.Kind.BIND;
            v.put("type", bind ? "bind" : "volume");
            v.put("source", bind ? m.source() : ComposeFile.volumeName(d, m.source()));
            v.put("target", m.target());
            if (m.readOnly()) {
                v.put("read_only", true);
            }
        }
        for (String t : c.tmpfs()) {
            // the long syntax: the short tmpfs key is not read by docker stack deploy
            volumes.addObject().put("type", "tmpfs").put("target", t).putObject("tmpfs").put("size", ContainerSpec.TMPFS_SIZE_MB * 1024L * 1024);
        }
        if (!volumes.isEmpty()) {
            s.set("volumes", volumes);
        }
        ArrayNode serviceConfigs = NODES.arrayNode();
        for (ContainerSpec.FileSpec f : c.files()) {
            String path = ComposeFile.FILES_DIR + "/" + c.dockerName() + f.path();
            files.put(path, f.content());
            if (f.executable()) {
                executables.add(path);
            }
            String name = Names.swarmConfig(c, f);
            configs.putObject(name).put("name", name).put("file", "./" + path);
            serviceConfigs.addObject().put("source", name).put("target", f.path()).put("mode", f.executable() ? 0555 : 0444);
        }
        if (!serviceConfigs.isEmpty()) {
            s.set("configs", serviceConfigs);
        }
        ArrayNode serviceSecrets = NODES.arrayNode();
        for (SecretFileSpec f : c.secrets()) {
            String path = ComposeFile.SECRETS_DIR + "/" + c.dockerName() + f.path();
            String content = f.content().valueOrMark();
            secretFiles.put(path, content);
            String name = Names.swarmSecret(c, f);
            secrets.putObject(name).put("name", name).put("file", "./" + path);
            serviceSecrets.addObject().put("source", name).put("target", f.path()).put("mode", 0444);
        }
        if (!serviceSecrets.isEmpty()) {
            s.set("secrets", serviceSecrets);
        }
        networks(s, c, d, swarm);
        if (!c.ports().isEmpty()) {
            ArrayNode ports = s.putArray("ports");
            c.ports().forEach(p -> ports.addObject().put("target", p.internal()).put("published", p.external())
                    .put("protocol", "tcp").put("mode", "host"));
        }
        ObjectNode labels = NODES.objectNode();
        c.labels().forEach((k, v) -> labels.put(k, ComposeFile.escape(v)));
        if (!labels.isEmpty()) {
            s.set("labels", labels.deepCopy());
        }
        ComposeFile.healthcheck(s, c);
        ComposeFile.strings(s.putArray("cap_drop"), c.droppedCapabilities());
        if (!c.capabilities().isEmpty()) {
            ComposeFile.strings(s.putArray("cap_add"), c.capabilities());
        }
        if (c.readOnlyRoot()) {
            s.put("read_only", true);
        }
        ObjectNode logging = s.putObject("logging");
        logging.put("driver", "json-file");
        logging.putObject("options").put("max-size", c.logs().maxSizeMb() + "m").put("max-file", String.valueOf(c.logs().maxFiles()));
        s.put("stop_grace_period", ContainerSpec.SwarmService.STOP_GRACE_PERIOD);
        s.set("deploy", deploy(c, swarm, labels));
        return s;
    }

    private static void networks(ObjectNode s, ContainerSpec c, Deployment d, ContainerSpec.SwarmService swarm) {
        if (c.networks().isEmpty()) {
            return;
        }
        ObjectNode nets = s.putObject("networks");
        for (String n : c.networks()) {
            String name = d.networks().stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow().dockerName();
            ObjectNode net = nets.putObject(name);
            if (!swarm.aliases().isEmpty()) {
                ComposeFile.strings(net.putArray("aliases"), swarm.aliases());
            }
        }
    }

    private static ObjectNode deploy(ContainerSpec c, ContainerSpec.SwarmService swarm, ObjectNode labels) {
        ObjectNode deploy = NODES.objectNode();
        if (swarm.global()) {
            deploy.put("mode", "global");
        } else {
            deploy.put("replicas", swarm.replicas());
        }
        deploy.put("endpoint_mode", "dnsrr");
        if (!labels.isEmpty()) {
            deploy.set("labels", labels);
        }
        if (!swarm.constraints().isEmpty()) {
            ComposeFile.strings(deploy.putObject("placement").putArray("constraints"), swarm.constraints());
        }
        ObjectNode restart = deploy.putObject("restart_policy").put("condition", swarm.restart().condition());
        if (swarm.restart().delay() != null) {
            restart.put("delay", swarm.restart().delay());
        }
        ContainerSpec.SwarmService.Update u = swarm.update();
        ObjectNode update = deploy.putObject("update_config").put("parallelism", u.parallelism());
        if (u.order() != null) {
            update.put("order", u.order());
        }
        update.put("failure_action", u.failureAction());
        if (u.monitor() != null) {
            update.put("monitor", u.monitor());
        }
        if (u.delay() != null) {
            update.put("delay", u.delay());
        }
        if (swarm.rollback() != null) {
            deploy.putObject("rollback_config").put("parallelism", swarm.rollback().parallelism())
                    .put("order", swarm.rollback().order());
        }
        if (c.memoryMb() > 0) {
            deploy.putObject("resources").putObject("limits").put("memory", c.memoryMb() + "M");
        }
        return deploy;
    }

    private static ObjectNode networks(Deployment d) {
        ObjectNode networks = NODES.objectNode();
        for (NetworkSpec n : d.networks()) {
            ObjectNode net = networks.putObject(n.dockerName());
            net.put("name", n.dockerName());
            if (n.external()) {
                net.put("external", true);
                continue;
            }
            net.put("driver", "overlay");
            // a one-off container (a restore, odoo-stack shell) can join it
            net.put("attachable", true);
            if (n.internal()) {
                net.put("internal", true);
            }
        }
        return networks;
    }
}
