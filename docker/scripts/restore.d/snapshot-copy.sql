-- restore.sh --snapshot: a copy of the live database through it as a template, read-only by default like any
-- generation that is not live. A template must have no other session: those on the live copy are ended first.
-- The copy keeps the note of where the live copy came from (comments are not copied with a template), so
-- status tells it after a return to the snapshot.
-- psql variables: cur (the live copy), tmp (the new copy), owner (of the live copy).
\set ON_ERROR_STOP on
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :'cur' AND pid <> pg_backend_pid() \g /dev/null
CREATE DATABASE :"tmp" TEMPLATE :"cur" OWNER :"owner";
ALTER DATABASE :"tmp" SET default_transaction_read_only = on;
SELECT format('COMMENT ON DATABASE %I IS %L', :'tmp', d) FROM (SELECT shobj_description(oid, 'pg_database') AS d
  FROM pg_database WHERE datname = :'cur') origin WHERE d IS NOT NULL \gexec
