-- The database half of the one swap that restore, rollback and snapshot share (restore.sh swap_generations),
-- in one transaction: sessions on every generation ended, the renames made in order, then the live copy takes
-- writes again and the previous one is frozen read-only.
-- psql variables:
--   renames  "FROM TO FROM TO ...", names separated by spaces (database names never contain one); a FROM
--            written ?NAME is skipped when there is no such database, any other must exist
--   cur      the live generation's name; prev: the previous generation's name
-- By hand: psql -X -v renames='?shop~previous shop~swap ?shop shop~previous shop~restore shop' \
--            -v cur=shop -v prev='shop~previous' -d postgres -f rotate.sql
\set ON_ERROR_STOP on
BEGIN;
SELECT set_config('restore.renames', :'renames', true),
       set_config('restore.cur', :'cur', true), set_config('restore.prev', :'prev', true) \g /dev/null
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
 WHERE datname = ANY (string_to_array(replace(:'renames', '?', ''), ' ') || ARRAY[:'cur', :'prev'])
   AND pid <> pg_backend_pid() \g /dev/null
DO $$
DECLARE
  r text[] := string_to_array(current_setting('restore.renames'), ' ');
  cur text := current_setting('restore.cur');
  prev text := current_setting('restore.prev');
  src text;
BEGIN
  IF coalesce(array_length(r, 1), 0) % 2 <> 0 THEN
    RAISE EXCEPTION 'renames must be pairs FROM TO, got: %', current_setting('restore.renames');
  END IF;
  FOR i IN 1 .. coalesce(array_length(r, 1), 0) BY 2 LOOP
    src := ltrim(r[i], '?');
    IF left(r[i], 1) <> '?' OR EXISTS (SELECT FROM pg_database WHERE datname = src) THEN
      EXECUTE format('ALTER DATABASE %I RENAME TO %I', src, r[i + 1]);
    END IF;
  END LOOP;
  EXECUTE format('ALTER DATABASE %I RESET default_transaction_read_only', cur);
  IF EXISTS (SELECT FROM pg_database WHERE datname = prev) THEN
    EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', prev);
  END IF;
END $$;
COMMIT;
