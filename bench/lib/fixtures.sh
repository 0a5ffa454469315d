# shellcheck shell=bash
# Throwaway servers for bench/restore.sh: a PostgreSQL cluster and an sshd on
# 127.0.0.1, both living under one directory and stopped by fx_stop_all.
# Sourced, not run. Mirrors the Java test fixtures in src/test/java/dev/odoostack/restore/.

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

# fx_start_cluster DIR: initdb + start on a free port, socket in DIR/sock.
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
  fx_as_pg "$FX_PGBIN/pg_ctl" -D "$FX_PGDATA" -l "$dir/postgres.log" -w -t 60 start -o \
    "-p $FX_PGPORT -k $FX_PGHOST -c listen_addresses= -c max_wal_size=4GB -c shared_buffers=512MB" >/dev/null
  local _
  for _ in $(seq 1 100); do
    "$FX_PGBIN/pg_isready" -q -h "$FX_PGHOST" -p "$FX_PGPORT" && return 0
    sleep 0.1
  done
  echo "PostgreSQL did not become ready" >&2
  return 1
}

# fx_start_sshd DIR: host key, client key, known_hosts, sshd on 127.0.0.1:free port.
# Sets FX_SSH_PORT, FX_SSH_DIR (client dir: id_ed25519 + known_hosts), FX_SSHD_PID.
fx_start_sshd() {
  local dir=$1
  FX_SSH_DIR=$dir/client
  mkdir -p "$dir/server" "$FX_SSH_DIR"
  chmod 700 "$FX_SSH_DIR"
  ssh-keygen -q -t ed25519 -N '' -f "$dir/server/host_ed25519" -C bench-host
  ssh-keygen -q -t ed25519 -N '' -f "$FX_SSH_DIR/id_ed25519" -C bench-client
  cp "$FX_SSH_DIR/id_ed25519.pub" "$dir/server/authorized_keys"
  FX_SSH_PORT=$(fx_free_port)
  printf '[127.0.0.1]:%s %s\n' "$FX_SSH_PORT" "$(cut -d' ' -f1,2 "$dir/server/host_ed25519.pub")" >"$FX_SSH_DIR/known_hosts"
  cat >"$dir/server/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $FX_SSH_PORT
HostKey $dir/server/host_ed25519
AuthorizedKeysFile $dir/server/authorized_keys
PidFile $dir/server/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
EOF
  (( EUID == 0 )) && mkdir -p /run/sshd
  /usr/sbin/sshd -D -e -f "$dir/server/sshd_config" 2>"$dir/server/sshd.log" &
  FX_SSHD_PID=$!
  local _
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$FX_SSH_PORT") 2>/dev/null && return 0
    kill -0 "$FX_SSHD_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "sshd did not start: $(tail -n 3 "$dir/server/sshd.log")" >&2
  return 1
}

fx_stop_all() {
  [[ -n ${FX_SSHD_PID:-} ]] && kill "$FX_SSHD_PID" 2>/dev/null
  [[ -n ${FX_PGDATA:-} && -d ${FX_PGDATA:-} ]] && fx_as_pg "$FX_PGBIN/pg_ctl" -D "$FX_PGDATA" -m immediate stop >/dev/null 2>&1
  return 0
}
