-- Synthetic Odoo-shaped database for bench/restore.sh.
-- psql variables: partners, moves, lines, messages, attachments (row counts).
-- Shapes follow Odoo 16/17: many btree indexes on many2one columns, a pg_trgm
-- GIN index (what Odoo creates for trigram-indexed fields), jsonb translations.
\set ON_ERROR_STOP on
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE ir_module_module (id serial PRIMARY KEY, name varchar NOT NULL UNIQUE, state varchar, latest_version varchar);
INSERT INTO ir_module_module (name, state, latest_version)
SELECT m, 'installed', '16.0.1.0' FROM unnest(ARRAY['base','web','mail','account','sale','stock','payment','fetchmail']) m;

CREATE TABLE ir_model_data (id serial PRIMARY KEY, module varchar NOT NULL, name varchar NOT NULL, model varchar NOT NULL,
  res_id integer, noupdate boolean DEFAULT false, UNIQUE (module, name));
CREATE TABLE ir_cron (id serial PRIMARY KEY, cron_name varchar NOT NULL, active boolean DEFAULT true,
  interval_number integer, interval_type varchar, nextcall timestamp NOT NULL DEFAULT now());
INSERT INTO ir_cron (cron_name, interval_number, interval_type)
SELECT 'cron ' || i, 1, 'hours' FROM generate_series(1, 40) i;
INSERT INTO ir_model_data (module, name, model, res_id) VALUES ('base', 'autovacuum_job', 'ir.cron', 1);
INSERT INTO ir_model_data (module, name, model, res_id)
SELECT 'mail', 'cron_' || i, 'ir.cron', i FROM generate_series(2, 40) i;

CREATE TABLE ir_mail_server (id serial PRIMARY KEY, name varchar NOT NULL, smtp_host varchar, smtp_port integer,
  smtp_encryption varchar NOT NULL, smtp_authentication varchar, smtp_user varchar, smtp_pass varchar,
  sequence integer, active boolean, create_date timestamp, write_date timestamp);
INSERT INTO ir_mail_server (name, smtp_host, smtp_port, smtp_encryption, smtp_authentication, sequence, active)
VALUES ('production relay', 'smtp.example.com', 587, 'starttls', 'login', 10, true);
CREATE TABLE fetchmail_server (id serial PRIMARY KEY, name varchar NOT NULL, server varchar, port integer,
  state varchar, active boolean DEFAULT true);
INSERT INTO fetchmail_server (name, server, port, state, active) VALUES ('inbox', 'imap.example.com', 993, 'done', true);
CREATE TABLE payment_provider (id serial PRIMARY KEY, name jsonb NOT NULL, code varchar NOT NULL, state varchar NOT NULL);
INSERT INTO payment_provider (name, code, state) VALUES ('{"en_US": "Stripe"}', 'stripe', 'enabled'),
  ('{"en_US": "Adyen"}', 'adyen', 'test');
CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, key varchar NOT NULL UNIQUE, value text NOT NULL);
INSERT INTO ir_config_parameter (key, value) VALUES
  ('web.base.url', 'https://erp.example.com'), ('database.uuid', gen_random_uuid()::text),
  ('database.secret', gen_random_uuid()::text), ('database.enterprise_code', 'M2301234567');

CREATE TABLE res_company (id serial PRIMARY KEY, name varchar NOT NULL);
INSERT INTO res_company (name) VALUES ('Shiny SA'), ('Shiny GmbH');
CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar, display_name varchar, email varchar, phone varchar,
  street varchar, city varchar, zip varchar, company_id integer REFERENCES res_company, parent_id integer,
  active boolean DEFAULT true, create_date timestamp, write_date timestamp);
INSERT INTO res_partner (name, display_name, email, phone, street, city, zip, company_id, create_date, write_date)
SELECT 'Partner ' || md5(i::text), 'Partner ' || substr(md5(i::text), 1, 12), 'p' || i || '@example.com',
       '+41 ' || (100000000 + i), i || ' ' || substr(md5((i * 7)::text), 1, 10) || ' street',
       'City ' || (i % 500), (1000 + i % 9000)::text, 1 + i % 2, now() - i * interval '1 minute', now()
FROM generate_series(1, :partners) i;
-- Odoo 16+ builds trigram indexes for index='trigram' fields (partner names).
CREATE INDEX res_partner_name_trgm ON res_partner USING gin (name gin_trgm_ops);
CREATE INDEX res_partner_display_name_idx ON res_partner (display_name);
CREATE INDEX res_partner_email_idx ON res_partner (email);
CREATE INDEX res_partner_company_id_idx ON res_partner (company_id);

CREATE TABLE account_move (id serial PRIMARY KEY, name varchar, partner_id integer REFERENCES res_partner,
  date date, state varchar, amount_total numeric, company_id integer REFERENCES res_company);
INSERT INTO account_move (name, partner_id, date, state, amount_total, company_id)
SELECT 'INV/2024/' || lpad(i::text, 7, '0'), 1 + i % :partners, date '2020-01-01' + i % 1500,
       CASE WHEN i % 10 = 0 THEN 'draft' ELSE 'posted' END, round((i % 10000) * 1.37, 2), 1 + i % 2
FROM generate_series(1, :moves) i;
CREATE INDEX account_move_partner_id_idx ON account_move (partner_id);
CREATE INDEX account_move_date_idx ON account_move (date);

CREATE TABLE account_move_line (id serial PRIMARY KEY, move_id integer REFERENCES account_move,
  partner_id integer REFERENCES res_partner, account_id integer, name varchar, date date, debit numeric,
  credit numeric, balance numeric, quantity numeric, company_id integer REFERENCES res_company, reconciled boolean);
INSERT INTO account_move_line (move_id, partner_id, account_id, name, date, debit, credit, balance, quantity, company_id, reconciled)
SELECT 1 + i % :moves, 1 + i % :partners, 1 + i % 300, 'Line ' || substr(md5(i::text), 1, 20),
       date '2020-01-01' + i % 1500, (i % 977) * 1.1, 0, (i % 977) * 1.1, 1 + i % 5, 1 + i % 2, i % 3 = 0
FROM generate_series(1, :lines) i;
CREATE INDEX account_move_line_move_id_idx ON account_move_line (move_id);
CREATE INDEX account_move_line_partner_id_idx ON account_move_line (partner_id);
CREATE INDEX account_move_line_account_id_idx ON account_move_line (account_id);
CREATE INDEX account_move_line_date_idx ON account_move_line (date);
CREATE INDEX account_move_line_company_id_idx ON account_move_line (company_id);
CREATE INDEX account_move_line_reconciled_idx ON account_move_line (account_id, reconciled);

CREATE TABLE mail_message (id serial PRIMARY KEY, model varchar, res_id integer, author_id integer REFERENCES res_partner,
  subject varchar, body text, message_type varchar, date timestamp);
INSERT INTO mail_message (model, res_id, author_id, subject, body, message_type, date)
SELECT 'account.move', 1 + i % :moves, 1 + i % :partners, 'Invoice ' || i,
       '<p>Dear customer,</p><p>' || repeat('please find attached your invoice. ', 1 + i % 4) || '</p><p>'
       || md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text) || md5((i + 3)::text) || '</p>',
       'comment', now() - i * interval '1 second'
FROM generate_series(1, :messages) i;
CREATE INDEX mail_message_model_res_id_idx ON mail_message (model, res_id);
CREATE INDEX mail_message_author_id_idx ON mail_message (author_id);
CREATE INDEX mail_message_date_idx ON mail_message (date);

CREATE TABLE ir_attachment (id serial PRIMARY KEY, name varchar, res_model varchar, res_id integer,
  store_fname varchar, checksum varchar, file_size integer, mimetype varchar, create_date timestamp);
INSERT INTO ir_attachment (name, res_model, res_id, store_fname, checksum, file_size, mimetype, create_date)
SELECT 'doc-' || i || '.pdf', 'account.move', 1 + i % :moves, substr(md5(i::text), 1, 2) || '/' || md5(i::text),
       md5(i::text), 1000 + i % 5000, 'application/pdf', now()
FROM generate_series(1, :attachments) i;
CREATE INDEX ir_attachment_res_idx ON ir_attachment (res_model, res_id);
CREATE INDEX ir_attachment_store_fname_idx ON ir_attachment (store_fname);
ANALYZE;
