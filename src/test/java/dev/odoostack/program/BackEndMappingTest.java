package dev.odoostack.program;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.pulumi.core.Output;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanRunner;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.compose.ComposeFile;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.DockerEndpoint;
import dev.odoostack.config.Secret;
import dev.odoostack.model.CommandSpec;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.plan.PlanPrinter;
import dev.odoostack.model.ContainerSpec.MountSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.ImageBuildSpec;
import dev.odoostack.model.NetworkSpec;
import dev.odoostack.model.SecretFileSpec;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.VolumeSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.odoostack.testing.Stacks.CONTAINER;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Both back-ends map what a spec declares, and nothing else: a deployment written by hand, with none of the
 * stack's own services, comes out of the Pulumi program, the local compose file and the Coolify file as the spec
 * says, each in its own form.
 */
class BackEndMappingTest {
    static final String PASSWORD = "restic-very-secret-4711";
    static final String SECRET_PATH = "/run/secrets/restic";
    static final String VOLUME = "docker:index/volume:Volume";

    /** A worker reading one secret and one plain file, with its data on a kept and a throw-away volume; a proxy. */
    static Deployment deployment() {
        ContainerSpec worker = ContainerSpec.builder("worker", "t-worker", "busybox:1")
                .env("PLAIN", "1")
                .file(ContainerSpec.FileSpec.plain("/etc/worker.conf", "a = 1\n"))
                .secret(SecretFileSpec.of(SECRET_PATH, Secret.of(ConfigKeys.BACKUP_PASSWORD, PASSWORD))
                        .readFrom("RESTIC_PASSWORD").locatedBy("RESTIC_PASSWORD_FILE"))
                .mount(new MountSpec(MountSpec.Kind.VOLUME, "kept", "/data", false))
                .mount(new MountSpec(MountSpec.Kind.VOLUME, "scratch", "/scratch", false))
                .networks("net")
                .labels(Map.of("route", "own-entry"))
                .platformLabels(Map.of("route", "platform-entry"))
                .logs(7, 3)
                .protect(true)
                .build();
        ContainerSpec proxy = ContainerSpec.builder("proxy", "t-proxy", "busybox:1").networks("net").logs(1, 1).build();
        return new Deployment("t", List.of(new NetworkSpec("net", "t-net", true, false)), List.of(
                new ServiceSpec("t:work:Worker", "worker", List.of(worker), List.of(
                        new VolumeSpec("kept", "t-kept", true, true), new VolumeSpec("scratch", "t-scratch", false, false))),
                new ServiceSpec("t:edge:Proxy", "proxy", List.of(proxy), List.of()).asOwnProxy()),
                new Deployment.Outputs("http://t.localhost", new TreeMap<>(), "t", "/tmp/t", "named", 17,
                        Optional.empty(), false, false),
                Optional.empty());
    }

    static Plan pulumi() {
        PlanRunner.Run run = PlanRunner.run("t", Map.of(), Set.of(),
                ctx -> DockerResources.declare(ctx, deployment(), Output.of("checked"), DockerEndpoint.LOCAL));
        assertEquals(List.of(), run.errors());
        return run.plan();
    }

    static JsonNode service(ComposeFile.Rendered r, String name) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(r.compose()).path("services").path(name);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aSecretFileIsASecretUploadUnderPulumiWithTheVariableThatNamesIt() {
        PlannedResource worker = pulumi().resource(CONTAINER, "worker");
        Map<String, String> uploads = new TreeMap<>();
        worker.input("uploads").forEach(u -> uploads.put(u.path("file").asText(), u.path("content").asText()));
        assertEquals(Map.of("/etc/worker.conf", "a = 1\n", SECRET_PATH, "[secret]"), uploads,
                "the plain file as it is, the secret one as a Pulumi secret");
        assertEquals(List.of("PLAIN=1", "RESTIC_PASSWORD_FILE=" + SECRET_PATH), texts(worker.input("envs")),
                "the file is placed, so the container is told where, and reads no password variable");
        assertFalse(worker.inputs().toString().contains(PASSWORD));
    }

    @Test
    void aSecretFileIsABindMountedFileOnTheLocalEngine() throws Exception {
        ComposeFile.Rendered r = ComposeFile.renderLocal(deployment(), "/project");
        JsonNode worker = service(r, "t-worker");
        String file = ComposeFile.SECRETS_DIR + "/t-worker" + SECRET_PATH;
        assertEquals(Map.of(file, PASSWORD), r.secretFiles(), "written for the operator's engine, nowhere else");
        assertTrue(texts(worker.path("volumes")).contains("./" + file + ":" + SECRET_PATH + ":ro"), worker.toString());
        assertEquals(SECRET_PATH, worker.path("environment").path("RESTIC_PASSWORD_FILE").asText());
        assertTrue(worker.path("environment").path("RESTIC_PASSWORD").isMissingNode());
        assertFalse(r.compose().contains(PASSWORD), "the compose file itself holds no password");
    }

    @Test
    void aSecretFileIsAVariableOnAPlatformThatKeepsSecrets() throws Exception {
        ComposeFile.Rendered r = ComposeFile.render(deployment(), "digest", "..");
        JsonNode worker = service(r, "t-worker");
        assertEquals("${BACKUP_PASSWORD:?set BACKUP_PASSWORD in Coolify}",
                worker.path("environment").path("RESTIC_PASSWORD").asText(),
                "the platform's variable, named after the key, under the name the container reads");
        assertTrue(worker.path("environment").path("RESTIC_PASSWORD_FILE").isMissingNode(), "no file is placed");
        assertFalse(texts(worker.path("volumes")).stream().anyMatch(v -> v.contains(SECRET_PATH)), worker.toString());
        assertEquals(Map.of(), r.secretFiles());
        assertTrue(r.compose().contains("# Set these variables in Coolify's UI: BACKUP_PASSWORD.\n"), r.compose());
        assertFalse(r.compose().contains(PASSWORD));
    }

    @Test
    void retainProtectAndLogsAreWhatTheSpecsSay() throws Exception {
        Plan plan = pulumi();
        PlannedResource kept = plan.resource(VOLUME, "kept");
        PlannedResource scratch = plan.resource(VOLUME, "scratch");
        assertTrue(kept.options().path("retainOnDelete").asBoolean() && kept.options().path("protect").asBoolean());
        assertFalse(scratch.options().path("retainOnDelete").asBoolean(false) || scratch.options().path("protect").asBoolean(false),
                "a volume the spec does not keep is neither retained nor protected");
        assertTrue(plan.resource(CONTAINER, "worker").options().path("protect").asBoolean());
        assertFalse(plan.resource(CONTAINER, "proxy").options().path("protect").asBoolean(false));
        assertEquals("7m", plan.resource(CONTAINER, "worker").input("logOpts").path("max-size").asText());
        assertEquals("3", plan.resource(CONTAINER, "worker").input("logOpts").path("max-file").asText());
        JsonNode logging = service(ComposeFile.renderLocal(deployment(), "/project"), "t-worker").path("logging");
        assertEquals("7m", logging.path("options").path("max-size").asText());
        assertEquals("3", logging.path("options").path("max-file").asText());
    }

    @Test
    void aPlatformWithItsOwnProxyGetsThePlatformLabelsAndNoneOfTheStacksProxy() throws Exception {
        PlannedResource worker = pulumi().resource(CONTAINER, "worker");
        assertEquals("own-entry", dev.odoostack.testing.Stacks.labels(worker).get("route"));
        ComposeFile.Rendered local = ComposeFile.renderLocal(deployment(), "/project");
        assertEquals("own-entry", service(local, "t-worker").path("labels").path("route").asText());
        assertFalse(service(local, "t-proxy").isMissingNode(), "the local engine runs the stack's own proxy");
        ComposeFile.Rendered platform = ComposeFile.render(deployment(), "digest", "..");
        assertEquals("platform-entry", service(platform, "t-worker").path("labels").path("route").asText());
        assertTrue(service(platform, "t-proxy").isMissingNode(), "the platform's proxy takes its place");
    }

    /** The same kind of deployment on a swarm: a pinned database, rolling web replicas, a proxy on every edge node. */
    static Deployment swarmDeployment(List<CommandSpec> commands) {
        ContainerSpec db = ContainerSpec.builder("db", "t-db", "busybox:1")
                .file(ContainerSpec.FileSpec.plain("/etc/db.conf", "b = 2\n"))
                .secret(SecretFileSpec.of(SECRET_PATH, Secret.of(ConfigKeys.BACKUP_PASSWORD, PASSWORD)))
                .networks("net").logs(1, 1).waitHealthy()
                .swarm(ContainerSpec.SwarmService.stopFirst(1, false, List.of("node.labels.db == true"), List.of("t-db")))
                .build();
        ContainerSpec web = ContainerSpec.builder("web", "t-web", "busybox:1")
                .file(ContainerSpec.FileSpec.executable("/start", "#!/bin/sh\n"))
                .secret(SecretFileSpec.of(SECRET_PATH, Secret.of(ConfigKeys.BACKUP_PASSWORD, PASSWORD)))
                .networks("net").logs(1, 1).memoryMb(3072)
                .swarm(ContainerSpec.SwarmService.rolling(4, List.of("t-web")))
                .build();
        ContainerSpec edge = ContainerSpec.builder("edge", "t-edge", "busybox:1").networks("net").port(80, 8080)
                .readOnlyRoot("/tmp").logs(1, 1)
                .swarm(ContainerSpec.SwarmService.stopFirst(0, true, List.of("node.labels.edge == true"), List.of()))
                .build();
        return new Deployment("t", List.of(new NetworkSpec("net", "t-net", true, false, true)), List.of(
                new ServiceSpec("t:db:Db", "db", List.of(db), List.of(), commands),
                new ServiceSpec("t:web:Web", "web", List.of(web, edge), List.of())),
                new Deployment.Outputs("http://t.localhost", new TreeMap<>(), "t", "/tmp/t", "bind", 17,
                        Optional.empty(), false, false, "swarm"),
                Optional.empty(), true);
    }

    /** What each back-end makes of a service on a swarm, in common terms. */
    record SwarmService(String mode, List<String> constraints, String update, String rollback, String restart,
                        List<String> configs, List<String> secrets, List<String> ports, List<String> aliases,
                        List<String> tmpfs, String memory) {
    }

    static Map<String, SwarmService> fromStackFile(ComposeFile.Rendered r) throws Exception {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(r.compose()).path("services");
        Map<String, SwarmService> out = new TreeMap<>();
        services.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            JsonNode deploy = s.path("deploy");
            JsonNode u = deploy.path("update_config");
            List<String> aliases = new ArrayList<>();
            s.path("networks").forEach(n -> aliases.addAll(texts(n.path("aliases"))));
            List<String> configs = new ArrayList<>();
            s.path("configs").forEach(c -> configs.add(c.path("source").asText() + " " + c.path("target").asText()
                    + " " + Integer.toOctalString(c.path("mode").asInt())));
            List<String> secrets = new ArrayList<>();
            s.path("secrets").forEach(c -> secrets.add(c.path("source").asText() + " " + c.path("target").asText()));
            List<String> ports = new ArrayList<>();
            s.path("ports").forEach(p -> ports.add(p.path("published").asText() + ":" + p.path("target").asText() + " " + p.path("mode").asText()));
            List<String> tmpfs = new ArrayList<>();
            s.path("volumes").forEach(v -> {
                if (v.path("type").asText().equals("tmpfs")) {
                    // the target alone: under Pulumi a task's tmpfs has no size (pulumi-docker 4.5.1's provider
                    // crashes on one; SwarmProgramTest), the stack file's has
                    tmpfs.add(v.path("target").asText());
                }
            });
            String memory = deploy.path("resources").path("limits").path("memory").asText("");
            out.put("t_" + e.getKey(), new SwarmService(
                    deploy.path("mode").asText("").equals("global") ? "global" : "replicated " + deploy.path("replicas").asInt(),
                    texts(deploy.path("placement").path("constraints")),
                    String.join(" ", u.path("parallelism").asText(), u.path("order").asText(), u.path("failure_action").asText(),
                            u.path("monitor").asText(), u.path("delay").asText()),
                    deploy.path("rollback_config").isMissingNode() ? "" : deploy.path("rollback_config").path("parallelism").asText()
                            + " " + deploy.path("rollback_config").path("order").asText(),
                    deploy.path("restart_policy").path("condition").asText() + " " + deploy.path("restart_policy").path("delay").asText(),
                    configs, secrets, ports, aliases, tmpfs,
                    memory.isEmpty() ? "" : String.valueOf(Long.parseLong(memory.replace("M", "")) * 1024 * 1024)));
        });
        return out;
    }

    static Map<String, SwarmService> fromPulumi(Plan plan) {
        Map<String, SwarmService> out = new TreeMap<>();
        for (PlannedResource r : plan.ofType("docker:index/service:Service")) {
            JsonNode task = r.input("taskSpec");
            JsonNode u = r.input("updateConfig");
            JsonNode rb = r.input("rollbackConfig");
            List<String> aliases = new ArrayList<>();
            task.path("networksAdvanceds").forEach(n -> aliases.addAll(texts(n.path("aliases"))));
            List<String> configs = new ArrayList<>();
            task.path("containerSpec").path("configs").forEach(c -> configs.add(c.path("configName").asText() + " "
                    + c.path("fileName").asText() + " " + Integer.toOctalString(c.path("fileMode").asInt())));
            List<String> secrets = new ArrayList<>();
            task.path("containerSpec").path("secrets").forEach(c -> secrets.add(c.path("secretName").asText() + " " + c.path("fileName").asText()));
            List<String> ports = new ArrayList<>();
            r.input("endpointSpec.ports").forEach(p -> ports.add(p.path("publishedPort").asText() + ":" + p.path("targetPort").asText()
                    + " " + p.path("publishMode").asText()));
            List<String> tmpfs = new ArrayList<>();
            task.path("containerSpec").path("mounts").forEach(m -> {
                if (m.path("type").asText().equals("tmpfs")) {
                    tmpfs.add(m.path("target").asText());
                }
            });
            out.put(r.input("name").asText(), new SwarmService(
                    r.input("mode.global").asBoolean() ? "global" : "replicated " + r.input("mode.replicated.replicas").asInt(),
                    texts(task.path("placement").path("constraints")),
                    String.join(" ", u.path("parallelism").asText(), u.path("order").asText(), u.path("failureAction").asText(),
                            u.path("monitor").asText(), u.path("delay").asText()),
                    rb.isMissingNode() ? "" : rb.path("parallelism").asText() + " " + rb.path("order").asText(),
                    task.path("restartPolicy").path("condition").asText() + " " + task.path("restartPolicy").path("delay").asText(),
                    configs, secrets, ports, aliases, tmpfs,
                    task.path("resources").path("limits").path("memoryBytes").asText("")));
        }
        return out;
    }

    @Test
    void aSwarmDeploymentIsTheSameServicesUnderPulumiAsInTheStackFile() throws Exception {
        PlanRunner.Run run = PlanRunner.run("t", Map.of(), Set.of(),
                ctx -> DockerResources.declare(ctx, swarmDeployment(List.of()), Output.of("checked"), DockerEndpoint.LOCAL));
        assertEquals(List.of(), run.errors());
        Map<String, SwarmService> pulumi = fromPulumi(run.plan());
        ComposeFile.Rendered stackFile = ComposeFile.renderLocal(swarmDeployment(List.of()), "/project");
        assertEquals(fromStackFile(stackFile), pulumi);
        // what they agree on is what the spec says, not an empty answer on both sides
        assertEquals(Set.of("t_db", "t_web", "t_edge"), pulumi.keySet());
        assertEquals("replicated 4", pulumi.get("t_web").mode());
        assertEquals("1 start-first rollback 20s 2s", pulumi.get("t_web").update());
        assertEquals("1 stop-first rollback 20s ", pulumi.get("t_db").update());
        assertEquals(List.of("node.labels.db == true"), pulumi.get("t_db").constraints());
        assertEquals("global", pulumi.get("t_edge").mode());
        assertEquals(List.of("8080:80 host"), pulumi.get("t_edge").ports());
        assertEquals(1, pulumi.get("t_db").secrets().size());
        assertNotEquals(pulumi.get("t_db").secrets(), pulumi.get("t_web").secrets(), "each container its own secret object");
        assertEquals("[secret]", run.plan().ofType("docker:index/secret:Secret").get(0).input("data").asText());
        assertFalse(PlanPrinter.json(run.plan()).contains(PASSWORD));
        assertFalse(stackFile.compose().contains(PASSWORD));
    }

    @Test
    void aSwarmDeploymentsCommandIsTheCommandResourceOfOneHostAndTheStackFileSaysWhoRunsIt() {
        CommandSpec restore = new CommandSpec("restore", "restore.sh", "echo changed",
                new TreeMap<>(Map.of("TARGET_PG_SERVICE", "t_db")), List.of("generation 1"), List.of(), CommandSpec.Phase.AFTER);
        PlanRunner.Run run = PlanRunner.run("t", Map.of(), Set.of(),
                ctx -> DockerResources.declare(ctx, swarmDeployment(List.of(restore)), Output.of("checked"), DockerEndpoint.LOCAL));
        assertEquals(List.of(), run.errors());
        var commands = run.plan().ofType("command:local:Command");
        assertEquals(1, commands.size(), commands::toString);
        assertEquals("restore.sh", commands.get(0).input("create").asText());
        assertEquals("t_db", commands.get(0).input("environment").path("TARGET_PG_SERVICE").asText());
        assertEquals(3, run.plan().ofType("docker:index/service:Service").size());
        String stackFile = ComposeFile.renderLocal(swarmDeployment(List.of(restore)), "/project").compose();
        assertTrue(stackFile.contains("# Run by bin/odoo-stack on this machine when asked, not by the swarm:\n#   restore: restore.sh\n"),
                stackFile);
    }

    /** One container of a swarm deployment, in a service of its own, on one network. */
    static Deployment swarmOf(ContainerSpec c) {
        return new Deployment("t", List.of(new NetworkSpec("net", "t-net", true, false, true)), List.of(
                new ServiceSpec("t:x:X", "x", List.of(c), List.of())),
                new Deployment.Outputs("http://t.localhost", new TreeMap<>(), "t", "/tmp/t", "bind", 17,
                        Optional.empty(), false, false, "swarm"),
                Optional.empty(), true);
    }

    @Test
    void aSwarmServicesUpdateRollbackAndRestartAreTheSpecsOwnOnBothBackEnds() throws Exception {
        ContainerSpec.SwarmService odd = new ContainerSpec.SwarmService(2, false, List.of(), List.of(),
                new ContainerSpec.SwarmService.Update(3, "start-first", "pause", "1m", "7s"), null,
                new ContainerSpec.SwarmService.Restart("on-failure", "9s"));
        Deployment d = swarmOf(ContainerSpec.builder("x", "t-x", "busybox:1").networks("net").logs(1, 1).swarm(odd).build());
        PlanRunner.Run run = PlanRunner.run("t", Map.of(), Set.of(),
                ctx -> DockerResources.declare(ctx, d, Output.of("checked"), DockerEndpoint.LOCAL));
        assertEquals(List.of(), run.errors());
        SwarmService pulumi = fromPulumi(run.plan()).get("t_x");
        assertEquals(fromStackFile(ComposeFile.renderLocal(d, "/project")).get("t_x"), pulumi);
        assertEquals("3 start-first pause 1m 7s", pulumi.update());
        assertEquals("", pulumi.rollback(), "no rollback where the spec has none");
        assertEquals("on-failure 9s", pulumi.restart());
    }

    @Test
    void aOneShotContainerIsAOneShotSwarmServiceAndNothingElseIs() {
        ContainerSpec.Builder once = ContainerSpec.builder("x", "t-x", "busybox:1").logs(1, 1).runOnce();
        assertThrows(IllegalArgumentException.class,
                () -> once.swarm(ContainerSpec.SwarmService.stopFirst(1, false, List.of(), List.of())).build());
        assertThrows(IllegalArgumentException.class, () -> ContainerSpec.builder("y", "t-y", "busybox:1").logs(1, 1)
                .swarm(ContainerSpec.SwarmService.oneShot(true, List.of())).build());
        assertEquals("none", once.swarm(ContainerSpec.SwarmService.oneShot(true, List.of())).build().swarm().restart().condition());
    }

    @Test
    void droppedCapabilitiesAreTheSpecsOwnOnEveryBackEnd() throws Exception {
        ContainerSpec c = ContainerSpec.builder("x", "t-x", "busybox:1").networks("net").logs(1, 1)
                .droppedCapabilities("NET_RAW", "MKNOD").capabilities("CHOWN").build();
        Deployment host = new Deployment("t", List.of(new NetworkSpec("net", "t-net", true, false)),
                List.of(new ServiceSpec("t:x:X", "x", List.of(c), List.of())),
                new Deployment.Outputs("http://t.localhost", new TreeMap<>(), "t", "/tmp/t", "bind", 17,
                        Optional.empty(), false, false), Optional.empty());
        PlanRunner.Run run = PlanRunner.run("t", Map.of(), Set.of(),
                ctx -> DockerResources.declare(ctx, host, Output.of("checked"), DockerEndpoint.LOCAL));
        assertEquals(List.of(), run.errors());
        assertEquals(List.of("NET_RAW", "MKNOD"), texts(run.plan().resource(CONTAINER, "x").input("capabilities.drops")));
        assertEquals(List.of("NET_RAW", "MKNOD"), texts(service(ComposeFile.renderLocal(host, "/p"), "t-x").path("cap_drop")));
        assertEquals(List.of("NET_RAW", "MKNOD"), texts(service(ComposeFile.renderLocal(swarmOf(
                ContainerSpec.builder("x", "t-x", "busybox:1").networks("net").logs(1, 1).droppedCapabilities("NET_RAW", "MKNOD")
                        .swarm(ContainerSpec.SwarmService.stopFirst(1, false, List.of(), List.of())).build()), "/p"), "x").path("cap_drop")));
        assertEquals(ContainerSpec.DROP_ALL, ContainerSpec.builder("y", "t-y", "busybox:1").logs(1, 1).build().droppedCapabilities(),
                "unless a container says otherwise, it drops them all");
    }

    @Test
    void aContainerWaitsForWhatItDependsOnAsThatOnesStartConditionSays() throws Exception {
        ContainerSpec once = ContainerSpec.builder("once", "t-once", "busybox:1").logs(1, 1).runOnce().build();
        ContainerSpec checked = ContainerSpec.builder("checked", "t-checked", "busybox:1").logs(1, 1)
                .healthcheck(new ContainerSpec.Healthcheck(List.of("CMD", "true"), "1s", "1s", 1, "1s")).build();
        ContainerSpec plain = ContainerSpec.builder("plain", "t-plain", "busybox:1").logs(1, 1).build();
        ContainerSpec last = ContainerSpec.builder("last", "t-last", "busybox:1").logs(1, 1)
                .dependsOn("once", "checked", "plain").build();
        assertEquals(List.of(ContainerSpec.Started.COMPLETED, ContainerSpec.Started.HEALTHY, ContainerSpec.Started.RUNNING),
                List.of(once.started(), checked.started(), plain.started()));
        Deployment d = new Deployment("t", List.of(), List.of(new ServiceSpec("t:x:X", "x", List.of(once, checked, plain, last), List.of())),
                new Deployment.Outputs("http://t.localhost", new TreeMap<>(), "t", "/tmp/t", "bind", 17,
                        Optional.empty(), false, false), Optional.empty());
        JsonNode depends = service(ComposeFile.renderLocal(d, "/p"), "t-last").path("depends_on");
        assertEquals("service_completed_successfully", depends.path("t-once").path("condition").asText());
        assertEquals("service_healthy", depends.path("t-checked").path("condition").asText());
        assertEquals("service_started", depends.path("t-plain").path("condition").asText());
    }

    @Test
    void aContainerRunsTheBuildItIsLinkedToNotAnotherOfTheSameImageName() throws Exception {
        ImageBuildSpec build = new ImageBuildSpec("img-build", "t/img:1", "ctx", "ctx/Dockerfile", new TreeMap<>(), false);
        ContainerSpec built = ContainerSpec.builder("built", "t-built", build).logs(1, 1).build();
        // the same name, pulled as published: not what the build makes
        ContainerSpec pulled = ContainerSpec.builder("pulled", "t-pulled", "t/img:1").logs(1, 1).build();
        assertEquals("img-build", built.build());
        Deployment d = new Deployment("t", List.of(), List.of(
                new ServiceSpec("t:x:X", "x", List.of(pulled, built), List.of(), List.of(), List.of(build))),
                new Deployment.Outputs("http://t.localhost", new TreeMap<>(), "t", "/tmp/t", "bind", 17,
                        Optional.empty(), false, false), Optional.empty());
        ComposeFile.Rendered r = ComposeFile.renderLocal(d, "/p");
        assertTrue(service(r, "t-pulled").path("build").isMissingNode(), r.compose());
        assertEquals("/p/ctx", service(r, "t-built").path("build").path("context").asText(), r.compose());
        var unknown = assertThrows(IllegalArgumentException.class, () -> new ServiceSpec("t:y:Y", "y", List.of(built), List.of()));
        assertTrue(unknown.getMessage().contains("img-build"), unknown.getMessage());
    }
}
