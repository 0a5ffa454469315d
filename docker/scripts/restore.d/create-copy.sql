-- The empty database a restore loads into, read-only by default: nobody else gets write access until the copy
-- is neutralized and swapped in (the load's own sessions turn it off). Prints "ok".
-- psql variables: tmp (the new database), owner, enc, coll, ctype (as target-settings.sql prints them; an empty
-- ctype is the server's).
\set ON_ERROR_STOP on
SELECT CASE WHEN :'ctype' = '' THEN format('CREATE DATABASE %I OWNER %I TEMPLATE template0 ENCODING %L LC_COLLATE %L',
                                           :'tmp', :'owner', :'enc', :'coll')
            ELSE format('CREATE DATABASE %I OWNER %I TEMPLATE template0 ENCODING %L LC_COLLATE %L LC_CTYPE %L',
                        :'tmp', :'owner', :'enc', :'coll', :'ctype') END \gexec
ALTER DATABASE :"tmp" SET default_transaction_read_only = on;
SELECT 'ok';
