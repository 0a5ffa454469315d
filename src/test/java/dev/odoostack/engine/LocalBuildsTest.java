package dev.odoostack.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The last line of a failed image build under the compose engine, from the legacy builder's output as this
 * repository's Dockerfile produces it (the real builds are OdooImageBuildTest's): the step, the cause, the fix.
 */
class LocalBuildsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path REPO = Path.of("").toAbsolutePath();

    static JsonNode officialBuild(String baseImage) throws Exception {
        return JSON.readTree("""
                {"image": "odoo-stack/cm-odoo:0123456789abcdef",
                 "dockerfile": "%s", "dockerfileName": "docker/odoo/official/Dockerfile",
                 "args": {"BASE_IMAGE": "%s", "UV_DEV": "0"},
                 "settings": {"BASE_IMAGE": "odooBaseImage", "UV_DEV": "odooPythonDev"}}
                """.formatted(REPO.resolve("docker/odoo/official/Dockerfile"), baseImage));
    }

    @Test
    void aBaseImageThatCannotBePulledIsNamedWithItsSetting() throws Exception {
        var o = new LocalBuilds.Outcome(1, "3/12", "FROM ${BASE_IMAGE} AS python-deps", List.of(
                "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host"));
        assertEquals("the image odoo:99.0 it builds FROM is not on the Docker engine and cannot be pulled (Get "
                        + "\"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host); set "
                        + "odoo-stack:odooBaseImage in Pulumi.cm.yaml to an image the engine has (docker images) or can pull,"
                        + " or load that image into the engine (docker load)",
                LocalBuilds.failure(o, officialBuild("odoo:99.0"), "cm", Path.of("/x/build.log")));
    }

    @Test
    void anImagePinnedInTheDockerfileIsNamedWithTheFile() throws Exception {
        var o = new LocalBuilds.Outcome(1, "2/12", "FROM ghcr.io/astral-sh/uv:0.13.8 AS uv", List.of(
                "pull access denied for ghcr.io/astral-sh/uv, repository does not exist"));
        assertEquals("the image ghcr.io/astral-sh/uv:0.13.8 it builds FROM is not on the Docker engine and cannot be "
                        + "pulled (pull access denied for ghcr.io/astral-sh/uv, repository does not exist); it is named in "
                        + "docker/odoo/official/Dockerfile: load it into the engine (docker pull, or docker load on a machine"
                        + " without a registry)",
                LocalBuilds.failure(o, officialBuild("odoo:18.0"), "cm", Path.of("/x/build.log")));
    }

    @Test
    void aFailedRunStepGivesTheCommandsOwnLastLineNotTheBuildersSummary() throws Exception {
        var o = new LocalBuilds.Outcome(1, "8/12", "RUN set -eu;     if [ -f /opt/odoo-stack/python/uv.lock ]; then apt-get update; fi",
                List.of("Resolved 1 package in 220ms", "error: Failed to download `six==1.16.0`",
                        "install-python-deps: uv.lock cannot be installed: Hash mismatch for `six==1.16.0`",
                        "The command '/bin/sh -c set -eu; ...' returned a non-zero code: 1"));
        assertEquals("step 8/12 (RUN set -eu; if [ -f /opt/odoo-stack/python/uv.lock ]; then…) of "
                        + "docker/odoo/official/Dockerfile failed with exit code 1: install-python-deps: uv.lock cannot be "
                        + "installed: Hash mismatch for `six==1.16.0`; full output: /x/build.log",
                LocalBuilds.failure(o, officialBuild("odoo:18.0"), "cm", Path.of("/x/build.log")));
        assertEquals(List.of("Resolved 1 package in 220ms", "error: Failed to download `six==1.16.0`",
                "install-python-deps: uv.lock cannot be installed: Hash mismatch for `six==1.16.0`"), o.tail());
    }

    @Test
    void buildKitsOwnErrorLineIsKept() throws Exception {
        var o = new LocalBuilds.Outcome(1, null, null, List.of("#5 [python-deps 4/5] RUN ...",
                "ERROR: failed to solve: odoo:99.0: not found", "exit status 1"));
        assertEquals("ERROR: failed to solve: odoo:99.0: not found; full output: /x/build.log",
                LocalBuilds.failure(o, officialBuild("odoo:99.0"), "cm", Path.of("/x/build.log")));
    }
}
