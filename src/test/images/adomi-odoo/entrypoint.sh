#!/bin/bash
# Entrypoint of the adomi-odoo STAND-IN image, after adomi's src/entrypoint.sh: defaults for the ODOO_* variables,
# /volumes/config/odoo.conf rendered with envsubst into $ODOO_RC, then `odoo` for `odoo`, `--` or an option, and
# anything else run as given. odoo-stack does not use it (it starts `odoo` with a configuration of its own); it is
# here so the image behaves like adomi's when run by hand. Not here: secrets from /run/secrets, /hook_setup and
# wait-for-psql.py.
set -euo pipefail
export ODOO_DB_HOST="${ODOO_DB_HOST:-}" ODOO_DB_PORT="${ODOO_DB_PORT:-5432}" ODOO_DB_USER="${ODOO_DB_USER:-}" \
  ODOO_DB_PASSWORD="${ODOO_DB_PASSWORD:-}" ODOO_DB_NAME="${ODOO_DB_NAME:-}" ODOO_DATA_DIR="${ODOO_DATA_DIR:-/volumes/data}" \
  ODOO_ADDONS_PATH="${ODOO_ADDONS_PATH:-}" ODOO_PROXY_MODE="${ODOO_PROXY_MODE:-False}"
export ODOO_RC="${ODOO_RC:-/etc/odoo/odoo.conf}"
envsubst <"${IMAGE_CONFIG_LOCATION:-/volumes/config/odoo.conf}" >"$ODOO_RC"
case "${1:-}" in
  -- | odoo)
    shift
    exec odoo "$@"
    ;;
  -*)
    exec odoo "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
