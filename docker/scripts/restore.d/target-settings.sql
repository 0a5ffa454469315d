-- What the copy takes from the database it will replace: "owner|encoding|collate|ctype". With no such database
-- yet, Odoo's own choice: template0, UTF8, LC_COLLATE C, the server's ctype (an empty ctype).
-- psql variables: cur (the live generation's name). Run in any database, unaligned with -F '|'.
\set ON_ERROR_STOP on
SELECT owner, enc, coll, ctype FROM (
  SELECT 1, pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datcollate, datctype
    FROM pg_database WHERE datname = :'cur'
  UNION ALL SELECT 2, current_user, 'UTF8', 'C', ''
) AS t (prio, owner, enc, coll, ctype) ORDER BY prio LIMIT 1;
