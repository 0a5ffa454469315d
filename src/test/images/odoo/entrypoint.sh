#!/bin/bash
# Entrypoint of the odoo STAND-IN image: like the official one, passes the database connection from the
# HOST/PORT/USER/PASSWORD variables (defaults db/5432/odoo/odoo) as arguments to `odoo`. odoo-stack does not use
# it (it starts `odoo` itself, so that no password lands on a command line); it is here so the image behaves
# like the official one when run by hand.
set -euo pipefail
: "${HOST:=db}" "${PORT:=5432}" "${USER:=odoo}" "${PASSWORD:=odoo}"
case "${1:-}" in
  -- | odoo)
    shift
    exec odoo --db_host "$HOST" --db_port "$PORT" --db_user "$USER" --db_password "$PASSWORD" "$@"
    ;;
  -*)
    exec odoo --db_host "$HOST" --db_port "$PORT" --db_user "$USER" --db_password "$PASSWORD" "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
