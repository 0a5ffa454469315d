-- The extensions Odoo's indexes use, created in the new copy before the load (the dump's extension comments are
-- left out of the restore list: they come with these). Run in the copy, with default_transaction_read_only=off.
\set ON_ERROR_STOP on
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
