#!/usr/bin/env bash
# Times docker/scripts/restore.sh against the naive copy (ssh pg_dump | psql,
# scp -r) on a synthetic Odoo-shaped source served by a throwaway PostgreSQL
# cluster and sshd on 127.0.0.1. Run with --help.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=bench/lib/fixtures.sh
# shellcheck source=bench/lib/fixtures.sh
. "$here/lib/fixtures.sh"

DB_MB=${BENCH_DB_MB:-1024}
FILES=${BENCH_FILES:-10000}
FILE_KB=${BENCH_FILE_KB:-100}
CHANGE_PCT=${BENCH_CHANGE_PCT:-1}
WORKDIR=${BENCH_WORKDIR:-}
KEEP=0

usage() {
  cat <<EOF
Usage: bench/restore.sh [--db-mb N] [--files N] [--file-kb N] [--change-pct N] [--workdir DIR] [--keep]

Builds a synthetic Odoo-shaped source (database of about N MiB, filestore of
N files in 2-character directories) in a throwaway PostgreSQL cluster reached
through a throwaway sshd on 127.0.0.1, then times:
  1. docker/scripts/restore.sh, full restore into an empty target
  2. the same again after changing --change-pct % of the files
  3. the naive way: ssh ... pg_dump | psql, then scp -r
and prints the figures and the ratios.

  --db-mb N       database size, MiB (env BENCH_DB_MB, default 1024)
  --files N       filestore files (env BENCH_FILES, default 10000)
  --file-kb N     average file size, KiB (env BENCH_FILE_KB, default 100)
  --change-pct N  files changed before the second restore (env BENCH_CHANGE_PCT, default 1)
  --workdir DIR   where to build everything (env BENCH_WORKDIR, default: a new temp dir)
  --keep          leave the work dir and servers' data behind (servers are stopped)
Needs: PostgreSQL server binaries, openssh-server, openssh-client, rsync. Source
and target share this machine's cores and disk.
EOF
}

while (( $# )); do
  case $1 in
    --db-mb) DB_MB=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --file-kb) FILE_KB=$2; shift 2 ;;
    --change-pct) CHANGE_PCT=$2; shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --help | -h) usage; exit 0 ;;
    *) echo "bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for v in DB_MB FILES FILE_KB CHANGE_PCT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "bench: $v '${!v}' is not a positive number" >&2; exit 2; }
done
for tool in /usr/sbin/sshd ssh scp rsync psql pg_dump pg_restore; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 2; }
done

WORKDIR=${WORKDIR:-$(mktemp -d -t restore-bench.XXXXXX)}
mkdir -p "$WORKDIR"
chmod 755 "$WORKDIR"
cleanup() {
  fx_stop_all
  (( KEEP )) || rm -rf -- "$WORKDIR"
}
trap cleanup EXIT

now() { printf '%s' "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
note() { printf 'bench: %s\n' "$*"; }

# ---------------------------------------------------------------- source

make_database() {
  # Row counts per MiB, measured on the shape in src/test/fixtures/odoo-shape.sql.
  local mb=$1
  psql -X -q -d postgres -c "CREATE DATABASE opw_prod"
  psql -X -q -d opw_prod -v partners=$((mb * 240)) -v moves=$((mb * 600)) -v lines=$((mb * 3000)) \
    -v messages=$((mb * 600)) -v attachments=$((mb * 120)) -f "$root/src/test/fixtures/odoo-shape.sql"
}

# FILES files of random bytes (like PDFs and images: incompressible), sizes
# uniform in 1..2*FILE_KB KiB, in Odoo's <2 hex>/<40 hex> layout.
make_filestore() {
  local dir=$1
  mkdir -p "$dir"
  awk -v n="$FILES" -v kb="$FILE_KB" 'BEGIN { srand(42)
      for (i = 1; i <= n; i++) {
        name = ""; for (j = 0; j < 40; j++) name = name substr("0123456789abcdef", int(rand() * 16) + 1, 1)
        printf "%s %s %d\n", substr(name, 1, 2), name, 1024 * (1 + int(rand() * 2 * kb)) } }' |
    while read -r sub name bytes; do
      [[ -d $dir/$sub ]] || mkdir "$dir/$sub"
      head -c "$bytes" /dev/urandom >"$dir/$sub/$name"
    done
}

# Rewrites CHANGE_PCT % of the files with new content (new size and mtime).
change_files() {
  local dir=$1 n
  n=$(( FILES * CHANGE_PCT / 100 ))
  (( n > 0 )) || n=1
  local f size
  find "$dir" -type f | sort | awk -v n="$n" 'NR % int(100 / '"$CHANGE_PCT"') == 0 && c++ < n' >"$WORKDIR/changed"
  while read -r f; do
    size=$(stat -c %s "$f")
    head -c $(( size + 1024 )) /dev/urandom >"$f"
  done <"$WORKDIR/changed"
  printf '%s' "$n"
}

# ---------------------------------------------------------------- runs

restore_env() {
  env RESTORE_UPSTREAM="$(id -un)@127.0.0.1" RESTORE_SSH_PORT="$FX_SSH_PORT" RESTORE_SSH_DIR="$FX_SSH_DIR" \
    RESTORE_UPSTREAM_DB=opw_prod RESTORE_UPSTREAM_FILESTORE="$WORKDIR/upstream/opw_prod" \
    RESTORE_UPSTREAM_PG_DUMP="pg_dump -h $FX_PGHOST -p $FX_PGPORT -U postgres" \
    TARGET_DB=bench TARGET_FILESTORE_ROOT="$WORKDIR/target" TARGET_BASE_URL=https://bench.test \
    RESTORE_CACHE_DIR="$WORKDIR/cache" "$@"
}

# run_ours LABEL: runs restore.sh, keeps its progress lines in WORKDIR/LABEL.out.
run_ours() {
  local t0
  t0=$(now)
  restore_env "$root/docker/scripts/restore.sh" >"$WORKDIR/$1.out"
  sed "s/^/    /" "$WORKDIR/$1.out" >&2
  since "$t0"
}

# The seconds a phase took, from restore.sh's progress line.
phase_secs() { sed -n "s/^restore: $2 .* in \([0-9.]*\) s\$/\1/p" "$WORKDIR/$1.out"; }

run_naive_db() {
  local t0
  psql -X -q -d postgres -c "CREATE DATABASE naive"
  t0=$(now)
  "${SSH[@]}" "pg_dump -h $FX_PGHOST -p $FX_PGPORT -U postgres opw_prod" | psql -X -q -d naive >/dev/null
  since "$t0"
}

run_naive_files() {
  local t0
  mkdir -p "$WORKDIR/naive-files"
  t0=$(now)
  scp -q -r -P "$FX_SSH_PORT" -i "$FX_SSH_DIR/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o "UserKnownHostsFile=$FX_SSH_DIR/known_hosts" "$(id -un)@127.0.0.1:$WORKDIR/upstream/opw_prod" "$WORKDIR/naive-files/"
  since "$t0"
}

# ---------------------------------------------------------------- main

note "work dir $WORKDIR, $(nproc) cores"
fx_start_cluster "$WORKDIR/pg"
fx_start_sshd "$WORKDIR/ssh"
export PGHOST=$FX_PGHOST PGPORT=$FX_PGPORT PGUSER=postgres
SSH=(ssh -F none -T -p "$FX_SSH_PORT" -i "$FX_SSH_DIR/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes
  -o "UserKnownHostsFile=$FX_SSH_DIR/known_hosts" "$(id -un)@127.0.0.1")
mkdir -p "$WORKDIR/target" "$WORKDIR/cache"

t=$(now)
make_database "$DB_MB"
note "source database: $(psql -X -At -d postgres -c "SELECT pg_size_pretty(pg_database_size('opw_prod'))") built in $(since "$t") s"
t=$(now)
make_filestore "$WORKDIR/upstream/opw_prod"
note "source filestore: $FILES files, $(du -sh "$WORKDIR/upstream/opw_prod" | cut -f1) built in $(since "$t") s"
# Warm the page cache once so no run pays for the first read of the source.
"${SSH[@]}" "pg_dump -h $FX_PGHOST -p $FX_PGPORT -U postgres -Fc -Z0 opw_prod" >/dev/null
find "$WORKDIR/upstream/opw_prod" -type f -exec cat {} + >/dev/null

note "naive: ssh pg_dump | psql"
naive_db=$(run_naive_db)
note "naive: scp -r"
naive_files=$(run_naive_files)
naive_total=$(awk -v a="$naive_db" -v b="$naive_files" 'BEGIN { printf "%.1f", a + b }')

note "ours: full restore"
full=$(run_ours full)
changed=$(change_files "$WORKDIR/upstream/opw_prod")
note "ours: second restore after changing $changed files"
second=$(run_ours second)

full_fs=$(phase_secs full fetch-filestore)
second_fs=$(phase_secs second fetch-filestore)
speedup=$(ratio "$naive_total" "$full")
fs_share=$(awk -v a="$second_fs" -v b="$full_fs" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }')
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=" ? v >= t : v < t); print (ok ? "met" : "NOT met") }'; }

cat <<EOF

results (seconds, wall clock; source and target on the same $(nproc)-core machine)
  naive database  (ssh pg_dump | psql)   $naive_db
  naive filestore (scp -r)               $naive_files
  naive total                            $naive_total
  ours full restore                      $full
    of which fetch-db $(phase_secs full fetch-db), fetch-filestore $full_fs, load $(phase_secs full load)
  ours second restore                    $second
    of which fetch-filestore $second_fs
  speed-up full vs naive                 ${speedup}x   (target >= 2x: $(verdict "$speedup" '>=' 2))
  second/first filestore phase           ${fs_share}%   (target < 10%: $(verdict "$fs_share" '<' 10))
EOF
