# shellcheck shell=bash
# The target side of bench/restore.sh: a throwaway PostgreSQL cluster living
# under one directory, stopped by fx_stop_all (the legacy side is
# src/test/fixtures/legacy-host). Sourced, not run.

# The server binaries of the newest installed PostgreSQL major.
fx_pg_bindir() {
  local dir
  if command -v pg_config >/dev/null && dir=$(pg_config --bindir 2>/dev/null) && [[ -x $dir/initdb ]]; then
    printf '%s\n' "$dir"
    return
  fi
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    [[ -x $dir/initdb ]] && { printf '%s\n' "$dir"; return; }
  done
  return 1
}

# A port nobody listens on right now (bash's /dev/tcp connect fails).
fx_free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return
    fi
  done
  return 1
}

# Runs a command as the cluster's owner: initdb refuses root.
fx_as_pg() {
  if (( EUID == 0 )); then runuser -u postgres -- "$@"; else "$@"; fi
}

# fx_start_cluster DIR: initdb + start on a free port, socket in DIR/sock; the
# postmaster (and so every backend) pinned to the cpus in FX_CPUS, if set.
# Sets FX_PGHOST, FX_PGPORT, FX_PGBIN.
fx_start_cluster() {
  local dir=$1
  FX_PGBIN=$(fx_pg_bindir) || { echo "no PostgreSQL server binaries found" >&2; return 1; }
  FX_PGPORT=$(fx_free_port)
  FX_PGHOST=$dir/sock
  FX_PGDATA=$dir/data
  mkdir -p "$FX_PGHOST"
  (( EUID == 0 )) && chown postgres: "$dir" "$FX_PGHOST"
  fx_as_pg "$FX_PGBIN/initdb" -D "$FX_PGDATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  local pin=()
  [[ -z ${FX_CPUS:-} ]] || pin=(taskset -c "$FX_CPUS")
  "${pin[@]}" runuser -u postgres -- "$FX_PGBIN/pg_ctl" -D "$FX_PGDATA" -l "$dir/postgres.log" -w -t 60 start -o \
    "-p $FX_PGPORT -k $FX_PGHOST -c listen_addresses= -c max_wal_size=4GB -c shared_buffers=512MB" >/dev/null
  local _
  for _ in $(seq 1 100); do
    "$FX_PGBIN/pg_isready" -q -h "$FX_PGHOST" -p "$FX_PGPORT" && return 0
    sleep 0.1
  done
  echo "PostgreSQL did not become ready" >&2
  return 1
}

fx_stop_all() {
  [[ -n ${FX_PGDATA:-} && -d ${FX_PGDATA:-} ]] && fx_as_pg "$FX_PGBIN/pg_ctl" -D "$FX_PGDATA" -m immediate stop >/dev/null 2>&1
  return 0
}
