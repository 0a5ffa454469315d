package dev.odoostack.e2e;

import dev.odoostack.e2e.RealEngine.Engine;
import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The swarm scenarios on the Pulumi engine, the primary one: {@code bin/odoo-stack up} runs the real
 * {@code pulumi up} of the program's SwarmResources with pulumi-docker 4.5.1, and its secrets and configs are
 * Pulumi's, named by content. Every scenario of {@link SwarmScenarios} runs here, node loss and the restores
 * included; the compose engine's class runs those that test what it renders itself ({@link SwarmStackTest}).
 */
class SwarmPulumiStackTest extends SwarmScenarios {
    SwarmPulumiStackTest() {
        super("swp", 8083, Engine.PULUMI);
    }

    @Override
    boolean restores() {
        return true;
    }

    @Test
    @Order(1)
    void theSiteAnswersThroughTraefikAndTheCronsRunInOneServiceOnly() {
        siteAnswersAndTheCronsRunInOneServiceOnly();
    }

    @Test
    @Order(2)
    void pulumiNamedTheSecretsAndConfigsByContent() throws Exception {
        // odoo.conf through a swarm config whose name ends in the digest of what it holds
        for (String service : List.of(stack + "_odoo", stack + "_odoo-cron")) {
            String name = configName(service, "odoo.conf");
            String data = new String(Base64.getDecoder().decode(lab.dockerOk(1, "config", "inspect", name, "--format",
                    "{{json .Spec.Data}}").replace("\"", "")), StandardCharsets.UTF_8);
            assertTrue(data.contains(service.endsWith("cron") ? "max_cron_threads = 2" : "max_cron_threads = 0"), data);
            assertTrue(name.endsWith("-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((data + "\0false").getBytes(StandardCharsets.UTF_8))).substring(0, 12)), name);
        }
        // the passwords as swarm secrets Pulumi created, mounted in the services; named by a fingerprint
        List<String> secrets = lines(lab.dockerOk(1, "secret", "ls", "--filter", "label=com.docker.stack.namespace=" + stack,
                "--format", "{{.Name}}"));
        assertTrue(secrets.stream().anyMatch(s -> s.matches(stack + "-postgres-postgres_password-[0-9a-f]{12}")), secrets::toString);
        assertTrue(lab.dockerOk(1, "service", "inspect", stack + "_odoo", "--format",
                "{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}").contains(stack + "-odoo-postgres_password-"));
    }

    @Test
    @Order(3)
    void aSecondUpWithNothingChangedTouchesNoService() {
        // the provider reads a service back as Docker holds it (network ids, 1m for 60s, a 0s restart window):
        // anything written otherwise would replace every service, all its tasks at once, at each up
        Cmd.Result up = onEngine("up");
        assertEquals(0, up.exit(), up::text);
        assertTrue(up.out().matches("(?s).*Resources:\\s+\\d+ unchanged\\s.*"), up.out());
    }

    @Test
    @Order(4)
    void aRollingUpdateToANewImageFailsNoRequest() throws IOException {
        super.aRollingUpdateToANewImageFailsNoRequest();
    }

    @Test
    @Order(5)
    void anUpdateWhoseHealthCheckFailsRollsBackByItselfAndTheSiteKeepsAnswering() throws IOException {
        anUpdateWhoseHealthCheckFailsRollsBackByItself();
    }

    @Test
    @Order(6)
    void aLostNodesReplicasAreRescheduledAndRequestsSucceedOnceThatSettles() {
        aLostNodesReplicasAreRescheduled();
    }

    @Test
    @Order(7)
    void rowsAndFilesSurviveDestroyAndUp() {
        dataSurvivesDestroyAndUp();
    }

    @Test
    @Order(8)
    void aRestoreScalesOdooToZeroAroundTheSwapAndBackAndARollbackReturnsTheReplacedCopy() throws IOException {
        aRestoreScalesOdooToZeroAroundTheSwapAndARollbackReturnsTheReplacedCopy();
    }

    @Test
    @Order(9)
    void withPostgresOnAnotherNodeTheRestoreNamesThatNodeAndRunsThroughItsEngine() {
        super.withPostgresOnAnotherNodeTheRestoreNamesThatNodeAndRunsThroughItsEngine();
    }

    @Test
    @Order(10)
    void upNamesANodeWhoseFilestoreIsNotTheSharedOne() throws IOException {
        super.upNamesANodeWhoseFilestoreIsNotTheSharedOne();
    }

    private String configName(String service, String file) {
        return lines(lab.dockerOk(1, "service", "inspect", service, "--format",
                "{{range .Spec.TaskTemplate.ContainerSpec.Configs}}{{.ConfigName}}\n{{end}}")).stream()
                .filter(n -> n.contains(file)).findFirst().orElseThrow(() -> new AssertionError(service + " has no " + file + " config"));
    }
}
