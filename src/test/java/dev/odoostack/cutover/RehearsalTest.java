package dev.odoostack.cutover;

import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.config.RawValue;
import dev.odoostack.config.SecretPolicy;
import dev.odoostack.config.Settings;
import dev.odoostack.config.SettingsParser;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.NetworkSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rehearsal's scratch stack, derived from production's settings, and its record, from which check estimates. */
class RehearsalTest {
    private static final String NS = "odoo-stack:";

    /** A public production stack with egress, backups, HTTPS and a cutover source, in named volumes. */
    static Settings production() {
        Map<String, RawValue> m = new HashMap<>();
        m.put(NS + "odooAdminPassword", RawValue.secret("admin-Secret-123"));
        m.put(NS + "postgresPassword", RawValue.secret("pg-Secret-45678"));
        m.put(NS + "production", RawValue.plain("true"));
        m.put(NS + "volumes", RawValue.plain("named"));
        m.put(NS + "stateRoot", RawValue.plain("/srv/odoo-stack"));
        m.put(NS + "odooDomains", RawValue.plain("[\"erp.example.com\"]"));
        m.put(NS + "traefikAcmeEmail", RawValue.plain("ops@example.com"));
        m.put(NS + "backupRepository", RawValue.plain("/srv/backups/opw"));
        m.put(NS + "backupPassword", RawValue.secret("backup-Secret-123"));
        m.put(NS + "cutoverUpstream", RawValue.plain("odoo@opw-prod.shiny"));
        m.put(NS + "cutoverSshDir", RawValue.plain("/home/deploy/.ssh/opw-prod"));
        m.put(NS + "cutoverUpstreamDb", RawValue.plain("opw_prod"));
        m.put(NS + "cutoverUpstreamFilestore", RawValue.plain("/var/lib/odoo/filestore/opw_prod"));
        return SettingsParser.parse("opw", m, SecretPolicy.REQUIRE);
    }

    @Test
    void theScratchStackIsItsOwnNonProductionStackWithoutEgressRouteBackupsOrCutover() {
        Settings prod = production();
        assertTrue(prod.production() && prod.exposure().egress() && prod.tls() && prod.backup().isPresent());
        Settings s = Rehearsal.scratch(prod, "pg-own", "admin-own");
        assertEquals("opw-rehearsal", s.stack());
        assertEquals("/srv/odoo-stack/opw-rehearsal", s.stateDir());
        assertEquals(Settings.VolumeMode.BIND, s.volumes(), "restore.sh swaps directories on the host");
        assertFalse(s.production());
        assertEquals(new Settings.Exposure(false, false), s.exposure());
        assertTrue(s.backup().isEmpty() && s.restore().isEmpty() && s.cutover().isEmpty());
        assertEquals(List.of("opw-rehearsal.localhost"), s.odoo().domains(), "no route on production's domain");
        assertFalse(s.tls(), "no ACME");
        assertTrue(s.traefik().acme().isEmpty() && s.traefik().dashboard().isEmpty());
        assertEquals(0, s.odoo().maxCronThreads(), "production's scheduled jobs do not run on the copy");
        assertEquals("pg-own", s.postgres().password().valueOrMark());
        assertEquals("admin-own", s.odoo().adminPassword().valueOrMark());
        assertNotEquals(prod.postgres().password().valueOrMark(), s.postgres().password().valueOrMark());
        // what the copy must match: Odoo's image, series and database name, PostgreSQL's major
        assertEquals(prod.odoo().image(), s.odoo().image());
        assertEquals(prod.odoo().dbName(), s.odoo().dbName());
        assertEquals(prod.postgres().version(), s.postgres().version());
    }

    @Test
    void theScratchStackDeploysOnInternalNetworksOnlyWithNoPublishedPortAndItsOwnNames() {
        Settings s = Rehearsal.scratch(production(), "pg-own", "admin-own");
        Deployment d = DeploymentModel.of(s, "", "", "");
        assertTrue(d.networks().stream().allMatch(NetworkSpec::internal), d.networks().toString());
        assertEquals(List.of("opw-rehearsal-proxy"), d.networks().stream().filter(NetworkSpec::external).map(NetworkSpec::dockerName).toList(),
                "the proxy network the rehearsal makes internal, which no Traefik joins");
        List<ContainerSpec> containers = d.services().stream().flatMap(x -> x.containers().stream()).toList();
        assertEquals(List.of("opw-rehearsal-odoo-init", "opw-rehearsal-odoo", "opw-rehearsal-postgres").stream().sorted().toList(),
                containers.stream().map(ContainerSpec::dockerName).sorted().toList());
        assertTrue(containers.stream().allMatch(c -> c.ports().isEmpty()), "nothing published");
        assertTrue(containers.stream().flatMap(c -> c.mounts().stream())
                .allMatch(m -> m.kind() == ContainerSpec.MountSpec.Kind.BIND && m.source().startsWith("/srv/odoo-stack/opw-rehearsal/")));
    }

    @Test
    void theRecordReadsBackAndTheWindowIsTheProofCopyVerificationAndStart() {
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("deploy", 31.0);
        phases.put("copy", 62.5);
        phases.put("verify", 3.5);
        phases.put("start", 12.0);
        phases.put("remove", 6.0);
        var r = new Rehearsal.Record(Instant.parse("2026-12-07T20:00:00Z"), phases, 123_456_789L, 10_000, true);
        String text = Rehearsal.format(r);
        assertTrue(text.contains("phase copy 62.5\n") && text.contains("database-bytes 123456789\n"), text);
        assertEquals(Optional.of(r), Rehearsal.parse(text));
        assertEquals(21 + 62.5 + 3.5 + 12.0, r.freezeWindowSeconds(), 1e-9);
    }

    @Test
    void aRecordWithoutItsTimeOrTheWindowsPhasesIsNone() {
        assertEquals(Optional.empty(), Rehearsal.parse(""));
        assertEquals(Optional.empty(), Rehearsal.parse("time 2026-12-07T20:00:00Z\nphase copy 1.0\nphase verify 1.0\n"));
        assertEquals(Optional.empty(), Rehearsal.parse("time yesterday\nphase copy 1\nphase verify 1\nphase start 1\n"));
        assertTrue(Rehearsal.parse("time 2026-12-07T20:00:00Z\nphase copy 1\nphase verify 1\nphase start 1\nlater-key x\n").isPresent());
    }
}
