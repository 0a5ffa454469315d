-- The neutralization of a copy of production (docs/restore.md, "What the neutralization does"), in one
-- transaction; tables and columns a database lacks are skipped, so any Odoo since 12 passes. Prints one line:
-- what changed, with counts. Run by restore.sh after Odoo's own `odoo neutralize` (when an image is given).
-- psql variables: base_url (web.base.url and report.url of the copy).
-- By hand: psql -X -At -v base_url=https://staging.example -d <copy> -f neutralize.sql
\set ON_ERROR_STOP on
BEGIN;
SELECT set_config('restore.base_url', :'base_url', true) \g /dev/null
CREATE TEMP TABLE restore_counts (ord serial, what text, n bigint) ON COMMIT DROP;
CREATE FUNCTION pg_temp.has_column(t text, c text) RETURNS boolean LANGUAGE sql AS
  $$ SELECT EXISTS (SELECT FROM information_schema.columns
                     WHERE table_schema = 'public' AND table_name = t AND column_name = c) $$;
DO $$
DECLARE n bigint;
BEGIN
  -- crons: all off except the autovacuum job, which only cleans up
  IF to_regclass('public.ir_cron') IS NOT NULL THEN
    IF to_regclass('public.ir_model_data') IS NOT NULL THEN
      UPDATE public.ir_cron SET active = false WHERE active AND id NOT IN (
        SELECT res_id FROM public.ir_model_data
         WHERE module = 'base' AND name = 'autovacuum_job' AND model = 'ir.cron' AND res_id IS NOT NULL);
    ELSE
      UPDATE public.ir_cron SET active = false WHERE active;
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO restore_counts (what, n) VALUES ('crons off', n);
  END IF;
  -- outgoing mail: servers off, plus an active catch-all to a host that cannot
  -- resolve (RFC 6761 .invalid) so Odoo never falls back to odoo.conf's smtp
  IF to_regclass('public.ir_mail_server') IS NOT NULL THEN
    UPDATE public.ir_mail_server SET active = false WHERE active;
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO restore_counts (what, n) VALUES ('mail servers off', n);
    EXECUTE format('INSERT INTO public.ir_mail_server (name, smtp_host, smtp_port, smtp_encryption, active%s%s)
                    VALUES (%L, %L, 1025, %L, true%s%s)',
      CASE WHEN pg_temp.has_column('ir_mail_server', 'smtp_authentication') THEN ', smtp_authentication' ELSE '' END,
      CASE WHEN pg_temp.has_column('ir_mail_server', 'create_date') THEN ', create_date, write_date' ELSE '' END,
      'neutralized: no outgoing mail (restore.sh)', 'invalid', 'none',
      CASE WHEN pg_temp.has_column('ir_mail_server', 'smtp_authentication') THEN ', ''login''' ELSE '' END,
      CASE WHEN pg_temp.has_column('ir_mail_server', 'create_date')
           THEN ', now() at time zone ''UTC'', now() at time zone ''UTC''' ELSE '' END);
    INSERT INTO restore_counts (what, n) VALUES ('dummy mail server', 1);
  END IF;
  -- incoming mail
  IF to_regclass('public.fetchmail_server') IS NOT NULL THEN
    IF pg_temp.has_column('fetchmail_server', 'state') THEN
      UPDATE public.fetchmail_server SET active = false, state = 'draft' WHERE active OR state <> 'draft';
    ELSE
      UPDATE public.fetchmail_server SET active = false WHERE active;
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO restore_counts (what, n) VALUES ('fetchmail servers off', n);
  END IF;
  -- payments: payment_provider (16+), payment_acquirer (older)
  IF to_regclass('public.payment_provider') IS NOT NULL AND pg_temp.has_column('payment_provider', 'state') THEN
    UPDATE public.payment_provider SET state = 'disabled' WHERE state IS DISTINCT FROM 'disabled';
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO restore_counts (what, n) VALUES ('payment providers disabled', n);
  END IF;
  IF to_regclass('public.payment_acquirer') IS NOT NULL AND pg_temp.has_column('payment_acquirer', 'state') THEN
    UPDATE public.payment_acquirer SET state = 'disabled' WHERE state IS DISTINCT FROM 'disabled';
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO restore_counts (what, n) VALUES ('payment acquirers disabled', n);
  END IF;
  -- server actions that call webhooks (Odoo 17.2+)
  IF to_regclass('public.ir_act_server') IS NOT NULL AND pg_temp.has_column('ir_act_server', 'webhook_url') THEN
    UPDATE public.ir_act_server SET webhook_url = 'neutralization - disable webhook' WHERE state = 'webhook';
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO restore_counts (what, n) VALUES ('webhooks disabled', n);
  END IF;
  -- parameters: a new identity, the target's URL, no enterprise subscription
  IF to_regclass('public.ir_config_parameter') IS NOT NULL THEN
    DECLARE
      url text := current_setting('restore.base_url');
      k text; v text;
    BEGIN
      FOR k, v IN VALUES ('database.is_neutralized', 'True'), ('web.base.url', url),
                         ('web.base.url.freeze', 'True'), ('report.url', url),
                         ('database.uuid', gen_random_uuid()::text),
                         ('database.secret', gen_random_uuid()::text) LOOP
        UPDATE public.ir_config_parameter SET value = v WHERE key = k;
        IF NOT FOUND AND pg_temp.has_column('ir_config_parameter', 'type') THEN -- Odoo 18.x+
          INSERT INTO public.ir_config_parameter (key, value, type) VALUES (k, v, 'str');
        ELSIF NOT FOUND THEN
          INSERT INTO public.ir_config_parameter (key, value) VALUES (k, v);
        END IF;
      END LOOP;
      INSERT INTO restore_counts (what, n) VALUES ('parameters set', 6);
      DELETE FROM public.ir_config_parameter WHERE key = 'database.enterprise_code';
      GET DIAGNOSTICS n = ROW_COUNT;
      INSERT INTO restore_counts (what, n) VALUES ('enterprise code removed', n);
    END;
  END IF;
END $$;
SELECT string_agg(n || ' ' || what, ', ' ORDER BY ord) FROM restore_counts;
COMMIT;
