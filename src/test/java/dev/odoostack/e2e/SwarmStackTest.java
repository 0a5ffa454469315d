package dev.odoostack.e2e;

import dev.odoostack.e2e.RealEngine.Engine;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/**
 * The swarm scenarios on the compose engine: {@code bin/odoo-stack up --engine compose} renders SwarmStackFile and
 * runs {@code docker stack deploy}. What that engine decides itself runs here: the services it renders (replicas,
 * the cron worker, configs), its own wait for an update that the swarm rolls back (engine.Swarm's wait after
 * docker stack deploy, with no pulumi up before it), and what its destroy keeps. The rolling update runs on Pulumi
 * only: no request fails because of the update and health settings of each service, and {@link SwarmParityTest}
 * shows the compose engine renders the same ones, field by field. Node loss and the restores test the swarm and
 * restore.sh, which both engines share: they run on Pulumi ({@link SwarmPulumiStackTest}).
 */
class SwarmStackTest extends SwarmScenarios {
    SwarmStackTest() {
        super("swt", 8082, Engine.COMPOSE);
    }

    @Override
    boolean restores() {
        return false;
    }

    @Test
    @Order(1)
    void theSiteAnswersThroughTraefikAndTheCronsRunInOneServiceOnly() {
        siteAnswersAndTheCronsRunInOneServiceOnly();
    }

    @Test
    @Order(3)
    void anUpdateWhoseHealthCheckFailsRollsBackByItselfAndTheSiteKeepsAnswering() throws IOException {
        anUpdateWhoseHealthCheckFailsRollsBackByItself();
    }

    @Test
    @Order(4)
    void rowsAndFilesSurviveDestroyAndUp() {
        dataSurvivesDestroyAndUp();
    }
}
