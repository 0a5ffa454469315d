package dev.odoostack.restore;

import dev.odoostack.testing.Cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Small upstream databases and filestores shaped like Odoo's, for restore.sh to copy: the fixtures of
 * src/test/fixtures that the legacy host and the benchmarks use too, at a size for unit tests.
 */
final class OdooShapedSource {

    static final Path FIXTURES = Path.of("src/test/fixtures").toAbsolutePath();

    /** The id of the cron that base.autovacuum_job points at in odoo-shape.sql: not 1, so matching by id would be wrong. */
    static final int AUTOVACUUM_CRON_ID = 4;

    private OdooShapedSource() {
    }

    /** An Odoo 16/17-shaped database (odoo-shape.sql): every table restore.sh neutralizes, a pg_trgm index, some bulk. */
    static void createDatabase(PostgresCluster pg, String db) throws IOException {
        pg.psql("postgres", "CREATE DATABASE " + db);
        pg.psqlFile(db, FIXTURES.resolve("odoo-shape.sql"), Map.of("partners", "3000", "moves", "2000",
                "lines", "8000", "messages", "20000", "attachments", "500")).orThrow();
    }

    /**
     * An older, smaller Odoo (odoo-shape-15.sql): no ir_mail_server, fetchmail_server nor payment_provider, but
     * payment_acquirer (Odoo 15 and before).
     */
    static void createLegacyDatabase(PostgresCluster pg, String db) throws IOException {
        pg.psql("postgres", "CREATE DATABASE " + db);
        pg.psqlFile(db, FIXTURES.resolve("odoo-shape-15.sql"), Map.of()).orThrow();
    }

    /** Files of random bytes (1 to 24 KiB) in Odoo's two-character directories, by odoo-data.sh. */
    static void createFilestore(Path dir, int files, long seed) {
        Cmd.run(List.of("bash", "-c", ". \"$1\" && odoo_make_filestore \"$2\" \"$3\" 12 \"$4\"", "filestore",
                FIXTURES.resolve("odoo-data.sh").toString(), dir.toString(), String.valueOf(files), String.valueOf(seed)),
                Map.of(), null, Duration.ofSeconds(120)).orThrow();
    }

    /** Writes content under its SHA-1 name and returns the path relative to dir. */
    static Path writeContentAddressed(Path dir, byte[] content) throws IOException {
        String sha1 = sha1(content);
        Path rel = Path.of(sha1.substring(0, 2), sha1);
        Files.createDirectories(dir.resolve(rel).getParent());
        Files.write(dir.resolve(rel), content);
        return rel;
    }

    static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
