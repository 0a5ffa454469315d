-- What a copy is, on the database itself: it moves with it through every rename, so `bin/odoo-stack status`
-- (and a rollback) always tell the truth about the live copy.
-- psql variables: db (the copy), note ("odoo-stack restore: <origin> at <UTC time>").
\set ON_ERROR_STOP on
COMMENT ON DATABASE :"db" IS :'note';
