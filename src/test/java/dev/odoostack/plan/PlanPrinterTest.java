package dev.odoostack.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the text form writes sizes: exact, in the largest binary unit that needs at most two decimals. */
class PlanPrinterTest {
    @Test
    void sizesAreExactInTheLargestUnitThatFits() {
        assertEquals("17.5 GiB", PlanPrinter.size(17920L * 1024 * 1024));
        assertEquals("10 GiB", PlanPrinter.size(10737418240L));
        assertEquals("256 MiB", PlanPrinter.size(256L * 1024 * 1024));
        assertEquals("1.5 KiB", PlanPrinter.size(1536));
        assertEquals("1000 bytes", PlanPrinter.size(1000));
        assertEquals("1 byte", PlanPrinter.size(1));
        assertEquals("104857601 bytes", PlanPrinter.size(100L * 1024 * 1024 + 1), "never rounded");
    }

    @Test
    void unitsFollowTheProvidersOwnOnesAndLeaveOtherNumbersAlone() throws Exception {
        var inputs = new ObjectMapper().readTree("""
                {"memory": 512, "shmSize": 64, "cpuShares": 1024, "logOpts": {"max-size": "1g", "max-file": "5"},
                 "ports": [{"internal": 80, "external": 8081}], "waitTimeout": 300, "labels": [{"label": "x", "value": "20m"}]}
                """);
        assertEquals(new ObjectMapper().readTree("""
                {"memory": "512 MiB", "shmSize": "64 MiB", "cpuShares": 1024, "logOpts": {"max-size": "1 GiB", "max-file": "5"},
                 "ports": [{"internal": 80, "external": 8081}], "waitTimeout": "300s", "labels": [{"label": "x", "value": "20m"}]}
                """), PlanPrinter.withUnits("docker:index/container:Container", "", inputs));
        // a network's or a service's "memory" is not the container's MB
        var other = new ObjectMapper().readTree("{\"memory\": 512}");
        assertEquals(other, PlanPrinter.withUnits("docker:index/network:Network", "", other));
    }
}
