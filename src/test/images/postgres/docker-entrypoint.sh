#!/usr/bin/env bash
# Entrypoint of the postgres STAND-IN image (odoo-stack tests): written for odoo-stack, following the observable
# behaviour of the official image's docker-entrypoint.sh for the variables odoo-stack uses.
set -euo pipefail

# VAR from the environment, or from the file named by VAR_FILE (never both)
file_env() {
  local var=$1 file_var="${1}_FILE" default=${2:-}
  if [[ -n "${!var:-}" && -n "${!file_var:-}" ]]; then
    echo "error: both $var and $file_var are set (but are exclusive)" >&2
    exit 1
  fi
  local val=$default
  if [[ -n "${!var:-}" ]]; then
    val=${!var}
  elif [[ -n "${!file_var:-}" ]]; then
    val=$(<"${!file_var}")
  fi
  export "$var"="$val"
  unset "$file_var"
}

setup_env() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  declare -g DATABASE_ALREADY_EXISTS=
  if [[ -s "$PGDATA/PG_VERSION" ]]; then
    DATABASE_ALREADY_EXISTS=true
  fi
}

create_dirs() {
  mkdir -p "$PGDATA"
  chmod 00700 "$PGDATA" || :
  mkdir -p /var/run/postgresql || :
  chmod 03775 /var/run/postgresql || :
  if [[ $(id -u) == 0 ]]; then
    find "$PGDATA" \! -user postgres -exec chown postgres '{}' +
    find /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
  fi
}

init_database() {
  if [[ -z "${POSTGRES_PASSWORD:-}" && "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]]; then
    echo "error: database is uninitialized and superuser password is not specified (POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE)" >&2
    exit 1
  fi
  echo "stand-in postgres: initdb in $PGDATA"
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") -D "$PGDATA" \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"
  # settings the image's server binaries need to behave like Debian's (see the Dockerfile)
  local extra=/usr/local/share/postgresql-stand-in/postgresql.conf.append
  if [[ -f "$extra" ]]; then
    cat "$extra" >>"$PGDATA/postgresql.conf"
  fi
}

# the temporary server of first start: unix socket only, so nothing outside sees it while it initialises
temp_server_start() {
  PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start >/dev/null
}

temp_server_stop() {
  PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
}

psql_init() {
  PGHOST=/var/run/postgresql PGPORT=5432 PGPASSWORD='' psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

setup_db() {
  if [[ "$POSTGRES_DB" != postgres ]]; then
    psql_init --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
}

process_init_files() {
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)
        echo "stand-in postgres: running $f"
        # shellcheck source=/dev/null
        . "$f"
        ;;
      *.sql) echo "stand-in postgres: running $f"; psql_init --dbname "$POSTGRES_DB" -f "$f" ;;
      *) ;;
    esac
  done
}

main() {
  if [[ "${1:0:1}" == - ]]; then
    set -- postgres "$@"
  fi
  if [[ "$1" == postgres ]]; then
    setup_env
    create_dirs
    if [[ $(id -u) == 0 ]]; then
      # drop to the postgres user (uid 999) and start over, as the official image does with gosu
      exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
    fi
    if [[ -z "$DATABASE_ALREADY_EXISTS" ]]; then
      init_database
      temp_server_start
      setup_db
      process_init_files
      temp_server_stop
      echo "stand-in postgres: init process complete; ready for start up"
    fi
  fi
  exec "$@"
}

main "$@"
