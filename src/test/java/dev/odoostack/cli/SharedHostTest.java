package dev.odoostack.cli;

import dev.odoostack.config.ConfigException;
import dev.odoostack.config.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The plan reads the project's other stack files: stacks on one Docker host must not clash. */
class SharedHostTest {
    @TempDir
    Path dir;

    private void stack(String name, String... lines) throws Exception {
        if (!Files.exists(dir.resolve("docker"))) {
            Files.createSymbolicLink(dir.resolve("docker"), Path.of("docker").toAbsolutePath());
        }
        Files.writeString(dir.resolve("Pulumi." + name + ".yaml"), "config:\n" + String.join("",
                List.of(lines).stream().map(l -> "  odoo-stack:" + l + "\n").toList()).replace("odoo-stack:docker:", "docker:"));
    }

    private List<String> problems(String stack) {
        return problems(stack, java.util.Map.of());
    }

    private List<String> problems(String stack, java.util.Map<String, String> environment) {
        try {
            OfflinePlan.of(dir, stack, environment);
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::message).toList();
        }
    }

    @Test
    void twoStacksPublishingOnePortOnOneHostAreRefusedOnBothSides() throws Exception {
        stack("opw", "traefikHttpPort: 8081");
        stack("cm", "traefikHttpPort: 8081");
        assertEquals(List.of("odoo-stack:traefikHttpPort = 8081: stack cm publishes port 8081 too, on the same Docker host"
                + " (the local Docker engine); the second of the two to come up cannot bind it. Fix: pulumi config set"
                + " traefikHttpPort 8082 --stack opw (or share one proxy: docs/edge.md, 'One proxy per Docker host')"),
                problems("opw"));
        assertTrue(problems("cm").get(0).contains("stack opw publishes port 8081 too"), problems("cm").toString());
        stack("cm", "traefikHttpPort: 8081", "docker:host: ssh://deploy@other-host.example",
                "traefikDockerSocket: /var/run/docker.sock");
        assertEquals(List.of(), problems("opw"), "another Docker host: no clash");
    }

    /** A shell's DOCKER_HOST (rootless Docker, a remote engine) is the engine of every stack that names none. */
    @Test
    void stacksOnTheEngineOfTheShellsDockerHostShareItToo() throws Exception {
        stack("opw", "traefikHttpPort: 8081");
        stack("cm", "traefikHttpPort: 8081");
        List<String> p = problems("opw", java.util.Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("odoo-stack:traefikHttpPort = 8081: stack cm publishes port 8081 too, on the same Docker host"), p.get(0));
    }

    @Test
    void aGuestOfAProxyOnAnotherPortIsRefusedOnBothSides() throws Exception {
        stack("opw", "traefikHttpPort: 8081");
        stack("cm", "traefikExternalNetwork: opw-proxy");
        assertEquals(List.of("odoo-stack:traefikExternalNetwork = opw-proxy: its owner, stack opw, publishes HTTP on port"
                + " 8081, which this stack's URL http://cm.localhost misses. Fix: pulumi config set traefikHttpPort 80"
                + " --stack opw (a shared proxy serves its guests on the default ports)"), problems("cm"));
        assertTrue(problems("opw").get(0).startsWith("odoo-stack:traefikHttpPort = 8081: stack cm is a guest of this stack's proxy"),
                problems("opw").toString());
        stack("opw");
        assertEquals(List.of(), problems("cm"), "the owner on port 80: the guest's URL is right");
    }

    @Test
    void theCommittedStackFilesDoNotClash() {
        for (String stack : List.of("opw", "cm")) {
            assertDoesNotThrow(() -> OfflinePlan.of(Path.of(""), stack, java.util.Map.of()), stack);
        }
    }

    /** A guest of a guest: the stack named creates no proxy network; the fix joins the owner that guest uses. */
    @Test
    void aNetworkOfAStackThatRunsNoTraefikIsRefusedWithItsOwnersProxy() throws Exception {
        stack("opw", "traefikHttpPort: 80");
        stack("cm", "traefikExternalNetwork: opw-proxy");
        stack("shop", "traefikExternalNetwork: cm-proxy");
        assertEquals(List.of(), problems("cm"));
        assertEquals(List.of("odoo-stack:traefikExternalNetwork = cm-proxy: names the proxy network of stack cm, which runs no"
                + " Traefik of its own (it is a guest of opw-proxy); nothing creates cm-proxy. Fix: pulumi config set"
                + " traefikExternalNetwork opw-proxy --stack shop (the proxy of stack opw, which runs Traefik on this Docker"
                + " host; or pulumi config rm traefikExternalNetwork --stack shop for a Traefik of its own)"), problems("shop"));
        stack("shop", "traefikExternalNetwork: opw-proxy");
        assertEquals(List.of(), problems("shop"));
    }

    /** A network not named like a stack's proxy is left to the host checks of preview and up. */
    @Test
    void aNetworkNotNamedLikeAStacksIsLeftToTheHostChecks() throws Exception {
        stack("shop", "traefikExternalNetwork: coolify");
        assertEquals(List.of(), problems("shop"));
    }
}
