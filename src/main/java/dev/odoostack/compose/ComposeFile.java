package dev.odoostack.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.ImageBuildSpec;
import dev.odoostack.model.NetworkSpec;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.VolumeSpec;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The same deployment model as the Pulumi program, written as a docker compose file, for one of two targets. It
 * maps the model without deciding: what differs between the targets is declared on the specs.
 * <p>{@link Target#COOLIFY}, a platform that brings its own proxy and keeps secrets as its own variables:
 * <ul>
 *   <li>the services of the stack's own proxy ({@link ServiceSpec#ownProxy}) are left out, and each container
 *       carries its {@link ContainerSpec#platformLabels};</li>
 *   <li>passwords are {@code ${VARIABLES}} set in Coolify's UI, never values: each {@link SecretFileSpec} names
 *       the variable and what the container reads it as; the files the program places in the containers
 *       (odoo.conf, the start script) are written next to the compose file and mounted;</li>
 *   <li>commands that run on the operator's machine (restore, addon fetch) have no place in Coolify and are
 *       listed in the header instead.</li>
 * </ul>
 * <p>{@link Target#LOCAL} ({@code bin/odoo-stack up --engine compose}): the whole stack, Traefik included, on the
 * operator's Docker engine, as the Pulumi program declares it: labels as they are, and each secret file placed at
 * the path the program uploads it to, from a file of its own next to the compose file (never a variable, so no
 * password shows in {@code docker inspect}). A label holds a digest of each container's files, so a changed file
 * (odoo.conf after a settings change) recreates that container and no other, as a changed upload does in Pulumi.
 * <p>The output depends only on the model and the target, so two renders of the same inputs are identical.
 */
public final class ComposeFile {
    public static final String FILES_DIR = "files";

    static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where secret files are, relative to the compose file (local target). */
    public static final String SECRETS_DIR = "secrets";
    /** The label that carries the digest of a container's files (local target). */
    public static final String FILES_DIGEST_LABEL = "odoo-stack.files-digest";

    /** Who runs the compose file. */
    public enum Target { COOLIFY, LOCAL }

    /**
     * The compose file's text and the files it mounts, by path relative to the compose file; {@code secretFiles}
     * (local target only) hold secret values and must be written readable by nobody but the containers.
     */
    public record Rendered(String compose, SortedMap<String, String> files, java.util.Set<String> executables,
                           SortedMap<String, String> secretFiles) {
        @Override
        public String toString() {
            return "Rendered[compose, files=" + files.keySet() + ", secretFiles=" + secretFiles.keySet() + "]";
        }
    }

    private ComposeFile() {
    }

    /**
     * @param stackFileDigest    {@link dev.odoostack.config.StackFile#digest} of the stack file, named in the header
     *                           instead of a commit, so that a render changes only when its inputs do
     * @param projectFromCompose the project directory as seen from the compose file's directory (e.g.
     *                           {@code ../../../..}), for build contexts
     */
    public static Rendered render(Deployment d, String stackFileDigest, String projectFromCompose) {
        return render(d, Target.COOLIFY, stackFileDigest, projectFromCompose);
    }

    /**
     * The whole stack for the operator's own Docker engine.
     *
     * @param projectDir the project directory, absolute, for build contexts
     */
    /** Where the docs say how the compose engine's up runs the commands (ComposeHeaderPointersTest reads it). */
    static final String LOCAL_COMMANDS_DOC = "docs/operations.md#without-pulumi-the-compose-engine";

    /** The section that says how to run a command by hand, which a Coolify deployment has to. */
    static String byHand(String command) {
        return switch (command) {
            case "fetch-addons" -> "docs/images.md#adding-an-addon-repository";
            case "restore" -> "docs/restore.md#by-hand";
            default -> LOCAL_COMMANDS_DOC;
        };
    }

    public static Rendered renderLocal(Deployment d, String projectDir) {
        return render(d, Target.LOCAL, null, projectDir);
    }

    private static Rendered render(Deployment d, Target target, String stackFileDigest, String projectFromCompose) {
        if (target == Target.LOCAL && d.swarm()) {
            return SwarmStackFile.render(d);
        }
        boolean local = target == Target.LOCAL;
        SortedMap<String, String> secretFiles = new TreeMap<>();
        java.util.Set<String> variables = new java.util.LinkedHashSet<>(); // in the order services need them
        SortedMap<String, String> files = new TreeMap<>();
        java.util.Set<String> executables = new java.util.TreeSet<>();
        ObjectNode root = NODES.objectNode();
        ObjectNode services = root.putObject("services");
        StringBuilder skipped = new StringBuilder();
        java.util.Set<String> built = new java.util.HashSet<>();
        for (ServiceSpec svc : d.services()) {
            if (svc.ownProxy() && !local) {
                continue; // Coolify's proxy takes their place, with its own access to Docker
            }
            svc.commands().forEach(c -> skipped.append("#   ").append(c.name()).append(": ").append(c.create())
                    .append(local ? " (bin/odoo-stack up runs it, as Pulumi would; see " + LOCAL_COMMANDS_DOC + ")\n"
                            : " (run it on the operator's machine; see " + byHand(c.name()) + ")\n"));
            for (ContainerSpec c : svc.containers()) {
                services.set(c.dockerName(), service(c, svc, d, target, files, executables, secretFiles, variables, built,
                        projectFromCompose));
            }
        }
        ObjectNode networks = root.putObject("networks");
        java.util.Set<String> used = new java.util.HashSet<>();
        services.forEach(svc -> svc.path("networks").forEach(n -> used.add(n.asText())));
        for (NetworkSpec n : d.networks()) {
            if (!used.contains(n.dockerName())) {
                continue; // the networks of services left out (Coolify)
            }
            ObjectNode net = networks.putObject(n.dockerName());
            net.put("name", n.dockerName());
            if (n.external()) {
                net.put("external", true);
            }
            if (n.internal()) {
                net.put("internal", true);
            }
            if (!n.driverOptions().isEmpty() && !n.external()) {
                ObjectNode options = net.putObject("driver_opts");
                n.driverOptions().forEach(options::put);
            }
        }
        ObjectNode volumes = NODES.objectNode();
        d.services().forEach(s -> s.volumes().forEach(v -> volumes.putObject(v.dockerName()).put("name", v.dockerName())));
        if (!volumes.isEmpty()) {
            root.set("volumes", volumes);
        }
        String header = local
                ? "# docker compose file for the local Docker engine, rendered by odoo-stack from Pulumi." + d.stack()
                + ".yaml.\n# Do not edit: change the stack file and run `bin/odoo-stack up " + d.stack()
                + " --engine compose`.\n# Secret files are in ./" + SECRETS_DIR + "/ (a directory only root can open); no password is in this file.\n"
                + (skipped.length() > 0 ? "# Not part of a compose deployment:\n" + skipped : "")
                : "# docker compose file for Coolify, rendered by odoo-stack from Pulumi." + d.stack() + ".yaml (sha256 "
                + stackFileDigest + ").\n# Do not edit: change the stack file and run `bin/odoo-stack compose " + d.stack() + "`.\n"
                + "# Set these variables in Coolify's UI: " + String.join(", ", variables) + ".\n"
                + (skipped.length() > 0 ? "# Not part of a compose deployment:\n" + skipped : "");
        try {
            return new Rendered(header + YAML.writeValueAsString(root), files, executables, secretFiles);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode service(ContainerSpec c, ServiceSpec svc, Deployment d, Target target,
                                      SortedMap<String, String> files, java.util.Set<String> executables,
                                      SortedMap<String, String> secretFiles, java.util.Set<String> variables,
                                      java.util.Set<String> built,
                                      String projectFromCompose) {
        boolean local = target == Target.LOCAL;
        ObjectNode s = NODES.objectNode();
        build(s, c, svc, built, projectFromCompose);
        process(s, c);
        Mounts m = mounts(c, d, local, files, executables, secretFiles, variables);
        if (!m.env().isEmpty()) {
            s.set("environment", m.env());
        }
        if (!m.volumes().isEmpty()) {
            s.set("volumes", m.volumes());
        }
        network(s, c, d);
        ObjectNode labels = NODES.objectNode();
        (local ? c.labels() : c.platformLabels()).forEach((k, v) -> labels.put(k, escape(v)));
        if (local && !(c.files().isEmpty() && c.secrets().isEmpty())) {
            labels.put(FILES_DIGEST_LABEL, m.filesDigest());
        }
        if (!labels.isEmpty()) {
            s.set("labels", labels);
        }
        healthcheck(s, c);
        dependsOn(s, c, d);
        hardening(s, c);
        ObjectNode logging = s.putObject("logging");
        logging.put("driver", "json-file");
        logging.putObject("options").put("max-size", c.logs().maxSizeMb() + "m").put("max-file", String.valueOf(c.logs().maxFiles()));
        return s;
    }

    /** The first container of a build builds its image, the others run the tag it produced. */
    private static void build(ObjectNode s, ContainerSpec c, ServiceSpec svc, java.util.Set<String> built,
                              String projectFromCompose) {
        ImageBuildSpec build = svc.builds().stream().filter(b -> b.name().equals(c.build())).findFirst().orElse(null);
        if (build != null && built.add(svc.name() + "/" + build.name())) {
            ObjectNode b = s.putObject("build");
            b.put("context", projectFromCompose + "/" + build.context());
            b.put("dockerfile", build.dockerfile().substring(build.context().length() + 1));
            ObjectNode args = b.putObject("args");
            build.args().forEach(args::put);
        }
    }

    private static void process(ObjectNode s, ContainerSpec c) {
        s.put("image", c.image());
        s.put("container_name", c.dockerName());
        s.put("restart", c.restart());
        if (c.user() != null) {
            s.put("user", c.user());
        }
        if (!c.entrypoint().isEmpty()) {
            strings(s.putArray("entrypoint"), c.entrypoint());
        }
        if (!c.command().isEmpty()) {
            strings(s.putArray("command"), c.command());
        }
    }

    /** @param filesDigest of the files and secret files placed in the container: a change recreates it */
    private record Mounts(ObjectNode env, ArrayNode volumes, String filesDigest) {
    }

    private static Mounts mounts(ContainerSpec c, Deployment d, boolean local, SortedMap<String, String> files,
                                 java.util.Set<String> executables, SortedMap<String, String> secretFiles,
                                 java.util.Set<String> variables) {
        java.security.MessageDigest digest = sha256();
        ObjectNode env = NODES.objectNode();
        (local ? c.envWithSecretFiles() : c.env()).forEach((k, v) -> env.put(k, escape(v)));
        ArrayNode volumes = NODES.arrayNode();
        for (ContainerSpec.MountSpec m : c.mounts()) {
            String source = m.kind() == ContainerSpec.MountSpec.Kind.BIND ? m.source() : volumeName(d, m.source());
            volumes.add(source + ":" + m.target() + (m.readOnly() ? ":ro" : ""));
        }
        for (ContainerSpec.FileSpec f : c.files()) {
            String path = FILES_DIR + "/" + c.dockerName() + f.path();
            files.put(path, f.content());
            digest.update((f.path() + "\0" + f.content() + "\0" + f.executable() + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (f.executable()) {
                executables.add(path);
            }
            volumes.add("./" + path + ":" + f.path() + ":ro");
        }
        for (SecretFileSpec f : c.secrets()) {
            if (local) {
                String secretPath = SECRETS_DIR + "/" + c.dockerName() + f.path();
                String content = f.content().valueOrMark();
                secretFiles.put(secretPath, content);
                digest.update((f.path() + "\0" + content + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                volumes.add("./" + secretPath + ":" + f.path() + ":ro");
            } else {
                variables.add(f.platformVariable());
                env.put(f.envVariable(), "${" + f.platformVariable() + ":?set " + f.platformVariable() + " in Coolify}");
            }
        }
        return new Mounts(env, volumes, java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    }

    private static void network(ObjectNode s, ContainerSpec c, Deployment d) {
        if (!c.networks().isEmpty()) {
            ArrayNode nets = s.putArray("networks");
            c.networks().forEach(n -> nets.add(d.networks().stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow().dockerName()));
        } else {
            s.put("network_mode", "none");
        }
        if (!c.ports().isEmpty()) {
            ArrayNode ports = s.putArray("ports");
            c.ports().forEach(p -> ports.add(ContainerSpec.PortSpec.HOST_ADDRESS + ":" + p.external() + ":" + p.internal()));
        }
    }

    static void healthcheck(ObjectNode s, ContainerSpec c) {
        if (c.healthcheck() != null) {
            ObjectNode h = s.putObject("healthcheck");
            strings(h.putArray("test"), c.healthcheck().test());
            h.put("interval", c.healthcheck().interval());
            h.put("timeout", c.healthcheck().timeout());
            h.put("retries", c.healthcheck().retries());
            h.put("start_period", c.healthcheck().startPeriod());
        }
    }

    private static void dependsOn(ObjectNode s, ContainerSpec c, Deployment d) {
        ObjectNode depends = NODES.objectNode();
        for (String dep : c.dependsOn()) {
            ContainerSpec other = d.services().stream().flatMap(x -> x.containers().stream())
                    .filter(x -> x.name().equals(dep)).findFirst().orElse(null);
            if (other == null) {
                continue; // a command, not a service
            }
            depends.putObject(other.dockerName()).put("condition", switch (other.started()) {
                case COMPLETED -> "service_completed_successfully";
                case HEALTHY -> "service_healthy";
                case RUNNING -> "service_started";
            });
        }
        if (!depends.isEmpty()) {
            s.set("depends_on", depends);
        }
    }

    /** Capabilities, privileges, a read-only root and the resource limits, as the spec sets them. */
    private static void hardening(ObjectNode s, ContainerSpec c) {
        // the image's own entrypoint is PID 1, as under Pulumi (the docker provider always sends init=false): a
        // daemon configured with "init": true must not make the two engines differ
        s.put("init", false);
        strings(s.putArray("cap_drop"), c.droppedCapabilities());
        if (!c.capabilities().isEmpty()) {
            strings(s.putArray("cap_add"), c.capabilities());
        }
        strings(s.putArray("security_opt"), java.util.List.of(ContainerSpec.NO_NEW_PRIVILEGES));
        if (c.readOnlyRoot()) {
            s.put("read_only", true);
            if (!c.tmpfs().isEmpty()) {
                strings(s.putArray("tmpfs"), c.tmpfs().stream().map(t -> t + ":" + ContainerSpec.TMPFS_OPTIONS).toList());
            }
        }
        if (c.memoryMb() > 0) {
            s.put("mem_limit", c.memoryMb() + "m");
            // memory and swap together, as the Pulumi back-end sets it
            s.put("memswap_limit", c.memoryMb() + "m");
        }
        if (c.cpuShares() > 0) {
            s.put("cpu_shares", c.cpuShares());
        }
        if (c.shmSizeMb() > 0) {
            s.put("shm_size", c.shmSizeMb() + "m");
        }
    }

    static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String volumeName(Deployment d, String logicalName) {
        return d.services().stream().flatMap(s -> s.volumes().stream()).filter(v -> v.name().equals(logicalName))
                .map(VolumeSpec::dockerName).findFirst().orElseThrow();
    }

    /** Compose interpolates '$'; a literal one is written '$$'. */
    static String escape(String v) {
        return v.replace("$", "$$");
    }

    static void strings(ArrayNode a, java.util.List<String> values) {
        values.forEach(v -> a.add(escape(v)));
    }
}
