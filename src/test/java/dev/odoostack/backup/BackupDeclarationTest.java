package dev.odoostack.backup;

import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlanRunner;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.config.Problem;
import dev.odoostack.program.StackProgram;
import dev.odoostack.testing.StackConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.odoostack.testing.StackConfig.*;
import static dev.odoostack.testing.Stacks.*;
import static org.junit.jupiter.api.Assertions.*;

/** Which stacks are backed up, how the settings are checked, and what the backup container is given. */
class BackupDeclarationTest {
    static final String CONTAINER = "docker:index/container:Container";

    static Map<String, String> backedUp() {
        return StackConfig.backedUp(withPasswords());
    }

    static Plan plan(Map<String, String> config) {
        PlanRunner.Run run = PlanRunner.run("opw", config, SECRET_KEYS, StackProgram.program(java.util.Map.of()));
        assertEquals(List.of(), run.errors());
        return run.plan();
    }

    static List<Problem> problems(Map<String, String> config) {
        return dev.odoostack.testing.StackConfig.problems("opw", config);
    }

    static String messages(Map<String, String> config) {
        return String.join("\n", problems(config).stream().map(Problem::message).toList());
    }

    @Test
    void productionIsBackedUpByDefaultAndACopyIsNot() {
        Map<String, String> prod = withPasswords();
        prod.put(NS + "production", "true");
        String m = messages(prod);
        assertTrue(m.contains("backupRepository = (not set): this stack is backed up (production stacks are, by default)"), m);
        assertTrue(m.contains("pulumi config set backupRepository /srv/backups/opw --stack opw"), m);
        assertTrue(m.contains("backupPassword = (not set)"), m);
        assertTrue(plan(withPasswords()).ofType(CONTAINER).stream().noneMatch(c -> c.name().equals("backup")));
        Map<String, String> optedOut = withPasswords();
        optedOut.put(NS + "production", "true");
        optedOut.put(NS + "backup", "false");
        optedOut.put(NS + "productionWithoutBackups", "true");
        assertTrue(plan(optedOut).ofType(CONTAINER).stream().noneMatch(c -> c.name().equals("backup")),
                "an explicit backup: false is the operator's choice, allowed on purpose on production");
    }

    @Test
    void theContainerGetsItsPasswordsAsFilesAndTheFilestoreReadOnly() {
        PlannedResource c = plan(backedUp()).resource(CONTAINER, "backup");
        assertEquals("opw-backup", c.input("name").asText());
        String env = c.input("envs").toString();
        assertFalse(env.contains("backup-password-for-tests") || env.contains(PG_PASSWORD), "no password in the environment: " + env);
        assertTrue(env.contains("RESTIC_REPOSITORY=/repository") && env.contains("BACKUP_DB=opw")
                && env.contains("PGHOST=opw-postgres") && env.contains("BACKUP_INTERVAL_SECONDS=86400"), env);
        assertTrue(env.contains("--keep-hourly 24 --keep-daily 7 --keep-weekly 4 --keep-monthly 12"), env);
        String uploads = c.input("uploads").toString();
        assertTrue(uploads.contains("/run/secrets/restic_password") && uploads.contains("/run/secrets/postgres_password"), uploads);
        String mounts = c.input("volumes").toString();
        assertTrue(mounts.contains("{\"containerPath\":\"/var/lib/odoo\",\"hostPath\":\"/var/lib/odoo-stack/opw/filestore\",\"readOnly\":true}"), mounts);
        assertTrue(mounts.contains("{\"containerPath\":\"/repository\",\"hostPath\":\"/srv/backups/opw\"}"), mounts);
        assertEquals(List.of("opw-db"), c.input("networksAdvanced").findValuesAsText("name"),
                "a local repository needs no way out: the database network only");
    }

    @Test
    void aRemoteRepositoryGetsAWayOutOfItsOwnAndItsCredentialsAsFiles() {
        Map<String, String> s3 = backedUp();
        s3.put(NS + "backupRepository", "s3:https://s3.example.com/backups/opw");
        s3.put(NS + "backupS3AccessKeyId", "AKIAEXAMPLEEXAMPLE");
        s3.put(NS + "backupS3SecretAccessKey", "secret-access-key-for-tests");
        Plan plan = plan(s3);
        PlannedResource c = plan.resource(CONTAINER, "backup");
        assertTrue(c.input("networksAdvanced").findValuesAsText("name").contains("opw-backup-net"));
        assertFalse(plan.resource("docker:index/network:Network", "backup-egress-network").input("internal").asBoolean());
        assertTrue(plan.resource("docker:index/network:Network", "database-network").input("internal").asBoolean());
        assertFalse(c.input("envs").toString().contains("secret-access-key-for-tests"));
        assertTrue(c.input("uploads").toString().contains("/run/secrets/s3_secret_access_key"));
    }

    @Test
    void badBackupSettingsAreAllNamedWithAFix() {
        Map<String, String> c = backedUp();
        c.put(NS + "backupRepository", "sftp:vault.shiny");
        c.put(NS + "backupInterval", "5m");
        c.put(NS + "backupS3AccessKeyId", "AKIAEXAMPLEEXAMPLE");
        String m = messages(c);
        assertTrue(m.contains("backupRepository = \"sftp:vault.shiny\": is not an SFTP repository"), m);
        assertTrue(m.contains("backupSshDir = (not set): an SFTP repository needs a key and known_hosts"), m);
        assertTrue(m.contains("backupInterval = \"5m\": must be a duration from 15m to 7d"), m);
        assertTrue(m.contains("backupS3AccessKeyId = [secret]: only an s3: repository uses it"), m);
        assertFalse(m.contains("AKIAEXAMPLEEXAMPLE"), "a credential is never printed back");

        Map<String, String> inside = backedUp();
        inside.put(NS + "stateRoot", "/srv/odoo-stack");
        inside.put(NS + "backupRepository", "/srv/odoo-stack/opw/backups");
        assertTrue(messages(inside).contains("is inside this stack's state directory"), messages(inside));

        Map<String, String> off = withPasswords();
        off.put(NS + "backupRepository", "/srv/backups/opw");
        assertTrue(messages(off).contains("backupRepository = \"/srv/backups/opw\": is a backup setting, but backups are off"), messages(off));
    }
}
