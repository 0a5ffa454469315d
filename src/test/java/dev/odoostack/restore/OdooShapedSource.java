package dev.odoostack.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Small upstream databases and filestores shaped like Odoo's, for restore.sh to copy. */
final class OdooShapedSource {

    /** The id of the cron that base.autovacuum_job points at: not 1, so matching by id would be wrong. */
    static final int AUTOVACUUM_CRON_ID = 4;

    private OdooShapedSource() {
    }

    /** An Odoo 16/17-shaped database: every table restore.sh neutralizes, a pg_trgm index, some bulk. */
    static void createDatabase(PostgresCluster pg, String db) {
        pg.psql("postgres", "CREATE DATABASE " + db);
        pg.psql(db, """
                CREATE EXTENSION pg_trgm;
                CREATE EXTENSION unaccent;
                CREATE TABLE ir_module_module (id serial PRIMARY KEY, name varchar NOT NULL UNIQUE, state varchar);
                INSERT INTO ir_module_module (name, state)
                SELECT m, 'installed' FROM unnest(ARRAY['base', 'mail', 'payment', 'fetchmail', 'account']) m;
                CREATE TABLE ir_model_data (id serial PRIMARY KEY, module varchar NOT NULL, name varchar NOT NULL,
                  model varchar NOT NULL, res_id integer, UNIQUE (module, name));
                CREATE TABLE ir_cron (id serial PRIMARY KEY, cron_name varchar NOT NULL, active boolean DEFAULT true,
                  nextcall timestamp NOT NULL DEFAULT now());
                INSERT INTO ir_cron (cron_name, active) VALUES ('Mail: Email Queue Manager', true),
                  ('Mail: Fetchmail Service', true), ('Payment: Post-process transactions', true),
                  ('Base: Auto-vacuum internal data', true), ('Invoice reminders', true), ('Old job', false);
                INSERT INTO ir_model_data (module, name, model, res_id) VALUES
                  ('mail', 'ir_cron_mail_scheduler_action', 'ir.cron', 1),
                  ('base', 'autovacuum_job', 'ir.cron', 4),
                  ('custom', 'autovacuum_job', 'ir.cron', 5); -- same name, other module: not the one to keep
                CREATE TABLE ir_mail_server (id serial PRIMARY KEY, name varchar NOT NULL, smtp_host varchar,
                  smtp_port integer NOT NULL DEFAULT 25, smtp_encryption varchar NOT NULL,
                  smtp_authentication varchar NOT NULL, smtp_user varchar, smtp_pass varchar, sequence integer,
                  active boolean DEFAULT true, create_date timestamp, write_date timestamp);
                INSERT INTO ir_mail_server (name, smtp_host, smtp_port, smtp_encryption, smtp_authentication, smtp_user)
                VALUES ('Production relay', 'smtp.shiny.example', 587, 'starttls', 'login', 'erp'),
                       ('Marketing relay', 'mailjet.example', 587, 'starttls', 'login', 'mkt');
                CREATE TABLE fetchmail_server (id serial PRIMARY KEY, name varchar NOT NULL, server varchar,
                  state varchar, active boolean DEFAULT true);
                INSERT INTO fetchmail_server (name, server, state) VALUES ('Catchall inbox', 'imap.shiny.example', 'done');
                CREATE TABLE payment_provider (id serial PRIMARY KEY, name jsonb NOT NULL, code varchar NOT NULL,
                  state varchar NOT NULL);
                INSERT INTO payment_provider (name, code, state) VALUES ('{"en_US": "Stripe"}', 'stripe', 'enabled'),
                  ('{"en_US": "Adyen"}', 'adyen', 'test'), ('{"en_US": "Wire"}', 'transfer', 'disabled');
                CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, key varchar NOT NULL UNIQUE, value text NOT NULL);
                INSERT INTO ir_config_parameter (key, value) VALUES
                  ('web.base.url', 'https://erp.shiny.example'),
                  ('database.uuid', '11111111-2222-3333-4444-555555555555'),
                  ('database.secret', 'production-secret'),
                  ('database.enterprise_code', 'M2301234567'),
                  ('base_setup.default_user_rights', 'keep-me');
                CREATE TABLE res_company (id serial PRIMARY KEY, name varchar NOT NULL);
                INSERT INTO res_company (name) VALUES ('Shiny SA');
                CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar, email varchar,
                  company_id integer REFERENCES res_company, active boolean DEFAULT true);
                INSERT INTO res_partner (name, email, company_id)
                SELECT 'Partner ' || md5(i::text), 'p' || i || '@example.com', 1 FROM generate_series(1, 3000) i;
                CREATE INDEX res_partner_name_trgm ON res_partner USING gin (name gin_trgm_ops);
                CREATE INDEX res_partner_email_idx ON res_partner (email);
                CREATE TABLE mail_message (id serial PRIMARY KEY, model varchar, res_id integer,
                  author_id integer REFERENCES res_partner, body text);
                INSERT INTO mail_message (model, res_id, author_id, body)
                SELECT 'res.partner', 1 + i % 3000, 1 + i % 3000,
                       '<p>' || md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text) || '</p>'
                FROM generate_series(1, 20000) i;
                CREATE INDEX mail_message_res_idx ON mail_message (model, res_id);
                CREATE TABLE ir_attachment (id serial PRIMARY KEY, name varchar, res_model varchar, res_id integer,
                  store_fname varchar, checksum varchar);
                INSERT INTO ir_attachment (name, res_model, res_id, store_fname, checksum)
                SELECT 'doc' || i || '.pdf', 'res.partner', i, substr(md5(i::text), 1, 2) || '/' || md5(i::text),
                       md5(i::text) FROM generate_series(1, 500) i;
                CREATE INDEX ir_attachment_res_idx ON ir_attachment (res_model, res_id);
                """);
    }

    /**
     * An older, smaller Odoo: no ir_mail_server, fetchmail_server nor payment_provider, but
     * payment_acquirer (Odoo 15 and before).
     */
    static void createLegacyDatabase(PostgresCluster pg, String db) {
        pg.psql("postgres", "CREATE DATABASE " + db);
        pg.psql(db, """
                CREATE TABLE ir_model_data (id serial PRIMARY KEY, module varchar NOT NULL, name varchar NOT NULL,
                  model varchar NOT NULL, res_id integer);
                CREATE TABLE ir_cron (id serial PRIMARY KEY, name varchar NOT NULL, active boolean DEFAULT true);
                INSERT INTO ir_cron (name) VALUES ('Base: Auto-vacuum internal data'), ('Mail queue'), ('Reminders');
                INSERT INTO ir_model_data (module, name, model, res_id) VALUES ('base', 'autovacuum_job', 'ir.cron', 1);
                CREATE TABLE payment_acquirer (id serial PRIMARY KEY, name varchar NOT NULL, state varchar NOT NULL);
                INSERT INTO payment_acquirer (name, state) VALUES ('Ogone', 'enabled'), ('Paypal', 'test');
                CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, key varchar NOT NULL UNIQUE, value text NOT NULL);
                INSERT INTO ir_config_parameter (key, value) VALUES ('web.base.url', 'https://old.shiny.example');
                CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar);
                INSERT INTO res_partner (name) SELECT 'Legacy ' || i FROM generate_series(1, 100) i;
                """);
    }

    /** Files of random bytes named by their SHA-1, in Odoo's two-character directories. */
    static void createFilestore(Path dir, int files, long seed) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < files; i++) {
            byte[] content = new byte[200 + random.nextInt(24_000)];
            random.nextBytes(content);
            writeContentAddressed(dir, content);
        }
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
