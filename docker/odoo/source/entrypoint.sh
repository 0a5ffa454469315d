#!/usr/bin/env bash
# Entrypoint of the source-built Odoo image (docker/odoo/source): the official image's interface, our code.
# odoo-stack itself replaces it with /etc/odoo/odoo-stack-start; this one serves a plain `docker run`.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: /entrypoint.sh [odoo|--] [ODOO OPTIONS...]
       /entrypoint.sh -ODOO-OPTION [ODOO OPTIONS...]
       /entrypoint.sh COMMAND [ARGS...]

The source-built image's entrypoint, with the official Odoo image's interface:
  odoo, -- or a first argument starting with '-': waits up to 30 s for PostgreSQL, then runs
  Odoo with those arguments ('odoo scaffold ...' runs at once, without waiting);
  any other command runs as given.

Database settings come from $ODOO_RC (default /etc/odoo/odoo.conf) when it sets them, else from:
  HOST      db_host      default $DB_PORT_5432_TCP_ADDR, else 'db'
  PORT      db_port      default $DB_PORT_5432_TCP_PORT, else 5432
  USER      db_user      default $DB_ENV_POSTGRES_USER, else $POSTGRES_USER, else 'odoo'
  PASSWORD  db_password  default $DB_ENV_POSTGRES_PASSWORD, else $POSTGRES_PASSWORD, else 'odoo';
                         PASSWORD_FILE, when set, names a file that holds it
Unlike the official entrypoint, the password is handed to Odoo as PGPASSWORD in its
environment, never on its command line. For Odoo's own options: odoo --help.
USAGE
}

# The value of "key = value" in $ODOO_RC; status 1 when the file does not set the key.
conf_value() {
  local key=$1 line
  [[ -r "${ODOO_RC:-}" ]] || return 1
  while IFS= read -r line || [[ -n "$line" ]]; do
    line=${line%$'\r'}
    if [[ "$line" =~ ^[[:space:]]*"$key"[[:space:]]*=[[:space:]]*(.*[^[:space:]])?[[:space:]]*$ ]]; then
      printf '%s' "${BASH_REMATCH[1]}"
      return 0
    fi
  done <"$ODOO_RC"
  return 1
}

main() {
  case "${1:-}" in
    -h | --help)
      usage
      exit 0
      ;;
    "")
      usage >&2
      exit 2
      ;;
  esac

  if [[ -n "${PASSWORD_FILE:-}" ]]; then
    PASSWORD=$(<"$PASSWORD_FILE")
  fi
  local host=${HOST:-${DB_PORT_5432_TCP_ADDR:-db}}
  local port=${PORT:-${DB_PORT_5432_TCP_PORT:-5432}}
  local user=${USER:-${DB_ENV_POSTGRES_USER:-${POSTGRES_USER:-odoo}}}
  local password=${PASSWORD:-${DB_ENV_POSTGRES_PASSWORD:-${POSTGRES_PASSWORD:-odoo}}}

  # A setting in the configuration file wins; only the missing ones are given to Odoo.
  local odoo_args=() value password_in_conf=0
  if value=$(conf_value db_host); then host=$value; else odoo_args+=("--db_host=$host"); fi
  if value=$(conf_value db_port); then port=$value; else odoo_args+=("--db_port=$port"); fi
  if value=$(conf_value db_user); then user=$value; else odoo_args+=("--db_user=$user"); fi
  if value=$(conf_value db_password); then password=$value password_in_conf=1; fi

  case "$1" in
    -- | odoo)
      shift
      if [[ "${1:-}" == scaffold ]]; then
        exec odoo "$@"
      fi
      ;;
    -*) ;;
    *)
      exec "$@"
      ;;
  esac
  PGPASSWORD=$password wait-for-psql.py --db_host "$host" --db_port "$port" --db_user "$user" --timeout 30
  if ((password_in_conf == 0)); then
    export PGPASSWORD=$password # libpq's own variable: Odoo uses it when db_password is not set
  fi
  exec odoo "$@" "${odoo_args[@]}"
}

main "$@"
