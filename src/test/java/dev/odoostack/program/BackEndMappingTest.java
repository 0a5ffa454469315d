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
import dev.odoostack.config.Secret;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.ContainerSpec.MountSpec;
import dev.odoostack.model.Deployment;
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
                ctx -> DockerResources.declare(ctx, deployment(), Output.of("checked")));
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
}
