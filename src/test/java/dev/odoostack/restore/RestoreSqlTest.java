package dev.odoostack.restore;

import dev.odoostack.testing.Cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL files of docker/scripts/restore.d, each run on its own as restore.sh runs it (psql from standard input,
 * with its variables) against a throwaway cluster: what each does to the databases, without ssh, rsync or a dump.
 */
class RestoreSqlTest {

    static final Path SQL = Path.of("docker/scripts/restore.d");
    static final String URL = "https://staging.shiny.test";

    @TempDir
    static Path tmp;

    static PostgresCluster pg;

    @BeforeAll
    static void startCluster() throws IOException {
        assumeTrue(PostgresCluster.binDir().isPresent(),
                "PostgreSQL server binaries not found (apt-get install postgresql): SQL tests skipped");
        pg = PostgresCluster.start(tmp.resolve("pg"));
    }

    @AfterAll
    static void stopCluster() {
        if (pg != null) {
            pg.close();
        }
    }

    // ------------------------------------------------------------------ neutralize.sql

    @Test
    void neutralizationSaysWhatItChangedAndLeavesNothingThatReachesOut() throws IOException {
        OdooShapedSource.createDatabase(pg, "n_shape");
        String uuid = param("n_shape", "database.uuid");

        String summary = run("n_shape", "neutralize.sql", Map.of("base_url", URL)).orThrow().out().strip();

        assertEquals("38 crons off, 2 mail servers off, 1 dummy mail server, 1 fetchmail servers off, "
                + "2 payment providers disabled, 6 parameters set, 1 enterprise code removed", summary);
        assertEquals(String.valueOf(OdooShapedSource.AUTOVACUUM_CRON_ID),
                pg.psql("n_shape", "SELECT string_agg(id::text, ',') FROM ir_cron WHERE active"));
        assertEquals("neutralized: no outgoing mail (restore.sh)|invalid|1025|none|login",
                pg.psql("n_shape", "SELECT concat_ws('|', name, smtp_host, smtp_port, smtp_encryption, smtp_authentication) "
                        + "FROM ir_mail_server WHERE active"));
        assertEquals("f|draft", pg.psql("n_shape", "SELECT active, state FROM fetchmail_server"));
        assertEquals("disabled", pg.psql("n_shape", "SELECT string_agg(DISTINCT state, ',') FROM payment_provider"));
        assertEquals(URL, param("n_shape", "web.base.url"));
        assertEquals(URL, param("n_shape", "report.url"));
        assertEquals("True", param("n_shape", "web.base.url.freeze"));
        assertEquals("True", param("n_shape", "database.is_neutralized"));
        assertNotEquals(uuid, param("n_shape", "database.uuid"));
        assertEquals("", param("n_shape", "database.enterprise_code"));
        assertEquals("keep-me", param("n_shape", "base_setup.default_user_rights"));
    }

    @Test
    void anOlderOdooLosesWhatItHasAndGainsNoTable() throws IOException {
        OdooShapedSource.createLegacyDatabase(pg, "n_old");

        String summary = run("n_old", "neutralize.sql", Map.of("base_url", URL)).orThrow().out().strip();

        assertEquals("2 crons off, 2 payment acquirers disabled, 6 parameters set, 0 enterprise code removed", summary);
        assertEquals("", pg.psql("n_old", "SELECT string_agg(relname, ',') FROM pg_class WHERE relname IN "
                + "('ir_mail_server', 'fetchmail_server', 'payment_provider')"));
    }

    @Test
    void newerOdooParametersGetTheirTypeAndWebhooksGoNowhere() throws IOException {
        pg.psql("postgres", "CREATE DATABASE n_new");
        pg.psql("n_new", """
                CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, key varchar NOT NULL UNIQUE, value text NOT NULL,
                  type varchar NOT NULL);
                CREATE TABLE ir_act_server (id serial PRIMARY KEY, state varchar NOT NULL, webhook_url varchar);
                INSERT INTO ir_act_server (state, webhook_url) VALUES ('webhook', 'https://hooks.shiny.example/x'),
                  ('code', NULL);
                """);

        String summary = run("n_new", "neutralize.sql", Map.of("base_url", URL)).orThrow().out().strip();

        assertEquals("1 webhooks disabled, 6 parameters set, 0 enterprise code removed", summary);
        assertEquals("str", pg.psql("n_new", "SELECT string_agg(DISTINCT type, ',') FROM ir_config_parameter"));
        assertEquals("neutralization - disable webhook|", pg.psql("n_new",
                "SELECT string_agg(coalesce(webhook_url, ''), '|' ORDER BY id) FROM ir_act_server"));
    }

    @Test
    void aFailedNeutralizationChangesNothing() throws IOException {
        OdooShapedSource.createDatabase(pg, "n_fail");
        pg.psql("n_fail", "ALTER TABLE ir_config_parameter ADD CONSTRAINT no_new_keys CHECK (key <> 'report.url')");
        String before = pg.psql("n_fail", "SELECT count(*) FILTER (WHERE active) FROM ir_cron");

        Cmd.Result r = run("n_fail", "neutralize.sql", Map.of("base_url", URL));

        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("no_new_keys"), r.err());
        assertEquals(before, pg.psql("n_fail", "SELECT count(*) FILTER (WHERE active) FROM ir_cron"), "crons as they were");
        assertEquals("https://erp.example.com", param("n_fail", "web.base.url"));
    }

    // ------------------------------------------------------------------ rotate.sql

    @Test
    void eachModesRenamesMoveTheGenerationsAndFreezeThePreviousOne() {
        generation("r", "live");
        generation("r~previous", "previous");
        generation("r~restore", "incoming");

        rotate("r", "?r~previous r~swap ?r r~previous r~restore r"); // a restore
        assertEquals("r=incoming r~previous=live r~swap=previous", generations("r"));
        assertEquals("off", pg.psql("r", "SHOW default_transaction_read_only"));
        assertEquals("on", pg.psql("r~previous", "SHOW default_transaction_read_only"));

        pg.psql("postgres", "DROP DATABASE \"r~swap\"");
        rotate("r", "?r r~swap r~previous r ?r~swap r~previous"); // a rollback
        assertEquals("r=live r~previous=incoming", generations("r"));
        assertEquals("off", pg.psql("r", "SHOW default_transaction_read_only"));
        assertEquals("on", pg.psql("r~previous", "SHOW default_transaction_read_only"));

        generation("r~restore", "snapshot");
        rotate("r", "?r~previous r~swap r~restore r~previous"); // a snapshot
        assertEquals("r=live r~previous=snapshot r~swap=incoming", generations("r"));
    }

    @Test
    void aMissingGenerationIsSkippedOnlyWhenMarkedOptional() {
        generation("o~restore", "first");

        rotate("o", "?o~previous o~swap ?o o~previous o~restore o"); // the very first restore
        assertEquals("o=first", generations("o"));

        Cmd.Result r = rotateResult("o", "o o~swap o~previous o");
        assertEquals(3, r.exit(), "a rollback without a previous generation fails");
        assertTrue(r.err().contains("o~previous"), r.err());
        assertEquals("o=first", generations("o"), "and renames nothing: one transaction");
    }

    // ------------------------------------------------------------------ the copy: settings, creation, notes

    @Test
    void theCopyTakesOwnerAndLocaleOfTheDatabaseItReplaces() throws IOException {
        assertEquals("postgres|UTF8|C|", run("postgres", "target-settings.sql", Map.of("cur", "c_none"), "-F", "|")
                .orThrow().out().strip(), "no target yet: Odoo's own choice");

        pg.psql("postgres", "CREATE ROLE c_owner; CREATE DATABASE c_live OWNER c_owner TEMPLATE template0 "
                + "LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'");
        String settings = run("postgres", "target-settings.sql", Map.of("cur", "c_live"), "-F", "|").orThrow().out().strip();
        assertEquals("c_owner|UTF8|C|C.UTF-8", settings);

        String[] s = settings.split("\\|", -1);
        assertEquals("ok", run("postgres", "create-copy.sql", Map.of("tmp", "c_live~restore", "owner", s[0], "enc", s[1],
                "coll", s[2], "ctype", s[3])).orThrow().out().strip());
        assertEquals("c_owner|C|C.UTF-8", pg.psql("postgres", "SELECT concat_ws('|', pg_get_userbyid(datdba), datcollate, "
                + "datctype) FROM pg_database WHERE datname = 'c_live~restore'"));
        assertEquals("on", pg.psql("c_live~restore", "SHOW default_transaction_read_only"), "nobody writes to it yet");
    }

    @Test
    void theOriginNoteFollowsTheLiveCopyIntoItsSnapshot() throws IOException {
        OdooShapedSource.createLegacyDatabase(pg, "s_live");
        run("postgres", "note-origin.sql", Map.of("db", "s_live", "note", "odoo-stack restore: odoo@opw-prod:opw at now"))
                .orThrow();

        run("postgres", "snapshot-copy.sql", Map.of("cur", "s_live", "tmp", "s_live~restore", "owner", "postgres")).orThrow();

        assertEquals("odoo-stack restore: odoo@opw-prod:opw at now", pg.psql("postgres",
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 's_live~restore'"));
        assertEquals(pg.psql("s_live", "SELECT count(*) FROM res_partner"),
                pg.psql("s_live~restore", "SELECT count(*) FROM res_partner"));
        assertEquals("on", pg.psql("s_live~restore", "SHOW default_transaction_read_only"));
    }

    // ------------------------------------------------------------------ helpers

    private static Cmd.Result run(String db, String file, Map<String, String> vars, String... extra) throws IOException {
        return pg.psqlFile(db, SQL.resolve(file), vars, extra);
    }

    private static void rotate(String cur, String renames) {
        rotateResult(cur, renames).orThrow();
    }

    private static Cmd.Result rotateResult(String cur, String renames) {
        try {
            return run("postgres", "rotate.sql", Map.of("renames", renames, "cur", cur, "prev", cur + "~previous"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A database named NAME that says which generation it is. */
    private static void generation(String name, String which) {
        pg.psql("postgres", "CREATE DATABASE \"" + name + "\"");
        pg.psql(name, "CREATE TABLE generation (which text); INSERT INTO generation VALUES ('" + which + "')");
    }

    /** "name=which ..." for the databases of one target. */
    private static String generations(String target) {
        StringBuilder out = new StringBuilder();
        for (String name : pg.psql("postgres", "SELECT datname FROM pg_database WHERE datname = '" + target
                + "' OR datname LIKE '" + target + "~%' ORDER BY datname").lines().toList()) {
            out.append(out.isEmpty() ? "" : " ").append(name).append('=')
                    .append(pg.psql(name, "SELECT which FROM generation"));
        }
        return out.toString();
    }

    private static String param(String db, String key) {
        return pg.psql(db, "SELECT value FROM ir_config_parameter WHERE key = '" + key + "'");
    }
}
