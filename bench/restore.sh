#!/usr/bin/env bash
# Times docker/scripts/restore.sh against the naive copy (ssh pg_dump | psql,
# scp -r) and against the floor the link allows, with the legacy host on its
# own network namespace, link and cores (src/test/fixtures/legacy-host).
# Run with --help.
set -euo pipefail
shopt -s inherit_errexit
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# the fixtures the restore tests use too (docs/testing.md, "Fixtures")
legacy=$root/src/test/fixtures/legacy-host
cluster=$root/src/test/fixtures/pg-cluster
# shellcheck source=bench/lib/cpu.sh
. "$here/lib/cpu.sh"

DB_MB=${BENCH_DB_MB:-1024}
FILES=${BENCH_FILES:-10000}
FILE_KB=${BENCH_FILE_KB:-100}
CHANGE_PCT=${BENCH_CHANGE_PCT:-1}
LINKS=${BENCH_LINKS:-100mbit,1gbit}
REPEAT_LINK=${BENCH_REPEAT_LINK:-100mbit}
LEGACY_CPUS=${BENCH_LEGACY_CPUS:-1}
TARGET_CPUS=${BENCH_TARGET_CPUS:-0}
NAME=${BENCH_NAME:-restore-bench}
SUBNET=${BENCH_SUBNET:-10.203.8}
WORKDIR=${BENCH_WORKDIR:-}
KEEP=0

usage() {
  cat <<EOF
Usage: bench/restore.sh [--db-mb N] [--files N] [--file-kb N] [--change-pct N]
                        [--links LIST] [--repeat-link RATE] [--legacy-cpus LIST]
                        [--target-cpus LIST] [--workdir DIR] [--keep]

Two hosts on one machine: the legacy host is src/test/fixtures/legacy-host (its
own network namespace and address, sshd and PostgreSQL pinned to
--legacy-cpus), the target is a throwaway PostgreSQL cluster whose postmaster,
restore.sh and the naive clients run pinned to --target-cpus. The link between
them is shaped with tbf to each rate in --links. Per link it times
  1. the naive way: ssh ... pg_dump | psql, then scp -r
  2. docker/scripts/restore.sh, a full restore into an empty target
and computes the floor: (bytes of our dump + filestore bytes) / link rate.
Then it changes --change-pct % of the files and rows upstream and times a
repeated restore at --repeat-link. Bytes each side sent come from the veth
ends' tx_bytes; busy % of each side's cores from /proc/stat.
This replaces the earlier single-host mode (source and target on 127.0.0.1,
sharing cores): that one measured neither a link nor a split of the cores.

Latency is not emulated: this kernel has no netem (CONFIG_NET_SCH_NETEM is not
set), so round trips are the veth's (~0.05 ms, not 1 ms). That flatters the
per-file round trips of scp (sftp), i.e. the naive side, never ours.

  --db-mb N          database size, MiB (env BENCH_DB_MB, default 1024)
  --files N          filestore files (env BENCH_FILES, default 10000)
  --file-kb N        average file size, KiB (env BENCH_FILE_KB, default 100)
  --change-pct N     files and rows changed before the repeat (BENCH_CHANGE_PCT, default 1)
  --links LIST       comma-separated rates (BENCH_LINKS, default 100mbit,1gbit)
  --repeat-link RATE link of the repeated restore (BENCH_REPEAT_LINK, default 100mbit;
                     must be in --links; "none" skips it)
  --legacy-cpus LIST cores of the legacy host (BENCH_LEGACY_CPUS, default 1)
  --target-cpus LIST cores of the target side (BENCH_TARGET_CPUS, default 0)
  --workdir DIR      where everything lives (BENCH_WORKDIR, default: a new temp dir)
  --keep             leave the work dir behind (servers are stopped)
Small run (about 2 minutes): bench/restore.sh --db-mb 32 --files 300
Needs root, iproute2 (tc with tbf), PostgreSQL server binaries, openssh-server,
openssh-client, rsync.
EOF
}

while (( $# )); do
  case $1 in
    --db-mb) DB_MB=${2:-}; shift 2 ;;
    --files) FILES=${2:-}; shift 2 ;;
    --file-kb) FILE_KB=${2:-}; shift 2 ;;
    --change-pct) CHANGE_PCT=${2:-}; shift 2 ;;
    --links) LINKS=${2:-}; shift 2 ;;
    --repeat-link) REPEAT_LINK=${2:-}; shift 2 ;;
    --legacy-cpus) LEGACY_CPUS=${2:-}; shift 2 ;;
    --target-cpus) TARGET_CPUS=${2:-}; shift 2 ;;
    --workdir) WORKDIR=${2:-}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --help | -h) usage; exit 0 ;;
    *) echo "bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for v in DB_MB FILES FILE_KB CHANGE_PCT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "bench: $v '${!v}' is not a positive number" >&2; exit 2; }
done
IFS=, read -r -a LINK_LIST <<<"$LINKS"
for l in "${LINK_LIST[@]}"; do
  [[ $l =~ ^[0-9]+(k|m|g)bit$ ]] || { echo "bench: link rate '$l' is not like 100mbit or 1gbit" >&2; exit 2; }
done
if [[ $REPEAT_LINK != none && ",$LINKS," != *",$REPEAT_LINK,"* ]]; then
  echo "bench: --repeat-link $REPEAT_LINK is not in --links $LINKS" >&2; exit 2
fi
(( EUID == 0 )) || { echo "bench: needs root (network namespace, veth, tc)" >&2; exit 2; }
for tool in ssh scp rsync psql pg_dump pg_restore taskset tc ip; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 2; }
done

WORKDIR=${WORKDIR:-$(mktemp -d -t restore-bench.XXXXXX)}
mkdir -p "$WORKDIR"
chmod 755 "$WORKDIR"
LH=$WORKDIR/legacy
cleanup() {
  "$legacy" down "$LH" 2>/dev/null || true
  "$cluster" stop "$WORKDIR/pg"
  cpu_teardown
  (( KEEP )) || rm -rf -- "$WORKDIR"
}
trap cleanup EXIT

note() { printf 'bench: %s\n' "$*"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=" ? v >= t : op == "<=" ? v <= t : v < t); print (ok ? "met" : "NOT met") }'; }
bps() {
  [[ $1 =~ ^([0-9]+)(k|m|g)bit$ ]]
  case ${BASH_REMATCH[2]} in k) echo $((BASH_REMATCH[1] * 1000)) ;; m) echo $((BASH_REMATCH[1] * 1000000)) ;; g) echo $((BASH_REMATCH[1] * 1000000000)) ;; esac
}
pin() { taskset -c "$TARGET_CPUS" "$@"; }

# ---------------------------------------------------------------- measuring

# Bytes each end of the link has sent so far: "legacy target".
tx_now() {
  local l t
  l=$("$legacy" run "$LH" cat "/sys/class/net/$LEGACY_PEER/statistics/tx_bytes")
  t=$(<"/sys/class/net/$LEGACY_VETH/statistics/tx_bytes")
  printf '%s %s' "$l" "$t"
}

# Busy and total jiffies of a cpu list ("0", "1", "0-1", "0,1"), from /proc/stat.
cpu_now() {
  local list=$1 cpus=() parts part i
  IFS=, read -r -a parts <<<"$list"
  for part in "${parts[@]}"; do
    for (( i = ${part%-*}; i <= ${part#*-}; i++ )); do cpus+=("$i"); done
  done
  awk -v want=" ${cpus[*]} " '$1 ~ /^cpu[0-9]+$/ && index(want, " " substr($1, 4) " ") {
      busy += $2 + $3 + $4 + $7 + $8 + $9; total += $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }
    END { printf "%d %d", busy, total }' /proc/stat
}

# measure LABEL CMD...: runs CMD; records seconds, bytes sent by each side and
# busy % of each side's cores in M_<LABEL>_{secs,ltx,ttx,lcpu,tcpu}.
measure() {
  local label=$1 t0 tx0 tx1 lc0 lc1 tc0 tc1 a0 b0 a1 b1 lu0 tu0
  shift
  tx0=$(tx_now) lc0=$(cpu_now "$LEGACY_CPUS") tc0=$(cpu_now "$TARGET_CPUS")
  lu0=$(cpu_usage legacy) tu0=$(cpu_usage target)
  t0=$EPOCHREALTIME
  "$@"
  printf -v "M_${label}_secs" '%s' "$(since "$t0")"
  printf -v "M_${label}_lus" '%s' "$(cpu_secs "$lu0" "$(cpu_usage legacy)")"
  printf -v "M_${label}_tus" '%s' "$(cpu_secs "$tu0" "$(cpu_usage target)")"
  tx1=$(tx_now) lc1=$(cpu_now "$LEGACY_CPUS") tc1=$(cpu_now "$TARGET_CPUS")
  read -r a0 b0 <<<"$tx0"
  read -r a1 b1 <<<"$tx1"
  printf -v "M_${label}_ltx" '%s' $((a1 - a0))
  printf -v "M_${label}_ttx" '%s' $((b1 - b0))
  printf -v "M_${label}_lcpu" '%s' "$(busy_pct "$lc0" "$lc1")"
  printf -v "M_${label}_tcpu" '%s' "$(busy_pct "$tc0" "$tc1")"
}
busy_pct() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ")
  t = y[2] - x[2]; printf "%d", (t > 0 ? 100 * (y[1] - x[1]) / t : 0) }'; }
m() { local v="M_$1_$2"; printf '%s' "${!v:-?}"; }

# ---------------------------------------------------------------- runs

naive_db() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS naive" -c "CREATE DATABASE naive"
  pin "${SSH[@]}" "$LEGACY_DESTINATION" "pg_dump -h 127.0.0.1 -p $LEGACY_PGPORT -U restore_reader opw_prod" \
    | pin psql -X -q -v ON_ERROR_STOP=1 -d naive >/dev/null
}

naive_files() {
  rm -rf -- "$WORKDIR/naive-files"
  mkdir -p "$WORKDIR/naive-files"
  pin scp -q -r -F none -i "$LEGACY_SSH_DIR/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o "UserKnownHostsFile=$LEGACY_SSH_DIR/known_hosts" -o StrictHostKeyChecking=yes \
    "$LEGACY_DESTINATION:$LEGACY_FILESTORE_ROOT/opw_prod" "$WORKDIR/naive-files/"
}

# ours OUT: restore.sh into the target, progress lines in WORKDIR/OUT.out.
ours() {
  pin env RESTORE_UPSTREAM="$LEGACY_DESTINATION" RESTORE_SSH_DIR="$LEGACY_SSH_DIR" \
    RESTORE_UPSTREAM_DB=opw_prod RESTORE_UPSTREAM_FILESTORE="$LEGACY_FILESTORE_ROOT/opw_prod" \
    RESTORE_UPSTREAM_PG_DUMP="$LEGACY_PG_DUMP" \
    TARGET_DB=bench TARGET_FILESTORE_ROOT="$WORKDIR/target" TARGET_BASE_URL=https://bench.test \
    RESTORE_CACHE_DIR="$WORKDIR/cache" "$root/docker/scripts/restore.sh" >"$WORKDIR/$1.out"
  sed 's/^/    /' "$WORKDIR/$1.out"
}

empty_target() {
  psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS bench WITH (FORCE)' \
    -c 'DROP DATABASE IF EXISTS "bench~previous" WITH (FORCE)'
  rm -rf -- "$WORKDIR/target"
  mkdir -p "$WORKDIR/target"
}

# The seconds a phase took, from restore.sh's progress line.
phase_secs() { sed -n "s/^restore: $2 .* in \([0-9.]*\) s\$/\1/p" "$WORKDIR/$1.out" | tail -n 1; }

phases() {
  local out=$1 p line=''
  for p in fetch-db fetch-filestore verify load neutralize swap; do
    line+="$p $(phase_secs "$out" "$p"), "
  done
  printf '%s' "${line%, }"
}

# ---------------------------------------------------------------- main

note "work dir $WORKDIR; legacy cpus $LEGACY_CPUS, target cpus $TARGET_CPUS; links $LINKS"
"$legacy" up "$LH" --name "$NAME" --subnet "$SUBNET" --cpus "$LEGACY_CPUS"
eval "$("$legacy" env "$LH")"
cpu_setup "$NAME" legacy target
# shellcheck disable=SC2046 # a list of pids
cpu_add legacy $(ip netns pids "$LEGACY_NAME")
t=$EPOCHREALTIME
"$legacy" seed "$LH" --db opw_prod --db-mb "$DB_MB" --files "$FILES" --file-kb "$FILE_KB"
note "source seeded in $(since "$t") s"
cpu_add target "$BASHPID" # from here on, what this script starts is the target side
eval "$("$cluster" start "$WORKDIR/pg" --cpus "$TARGET_CPUS" -c max_wal_size=4GB -c shared_buffers=512MB)"
export PGHOST PGPORT PGUSER PGOPTIONS="-c client_min_messages=warning"
SSH=(ssh -F none -T -i "$LEGACY_SSH_DIR/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes
  -o "UserKnownHostsFile=$LEGACY_SSH_DIR/known_hosts" -o StrictHostKeyChecking=yes)
mkdir -p "$WORKDIR/target" "$WORKDIR/cache"
FS_BYTES=$(find "$LEGACY_FILESTORE_ROOT/opw_prod" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
# Warm the legacy host's page cache once so no run pays for the first read.
"$legacy" run "$LH" runuser -u postgres -- pg_dump -h "$LEGACY_PGHOST" -p "$LEGACY_PGPORT" -Fc -Z0 opw_prod >/dev/null
find "$LEGACY_FILESTORE_ROOT/opw_prod" -type f -exec cat {} + >/dev/null

for link in "${LINK_LIST[@]}"; do
  key=${link//[^a-z0-9]/_}
  "$legacy" shape "$LH" "$link"
  note "$link: naive database (ssh pg_dump | psql)"
  measure "${key}_ndb" naive_db
  note "$link: naive filestore (scp -r)"
  measure "${key}_nfs" naive_files
  note "$link: ours, full restore into an empty target"
  empty_target
  measure "${key}_ours" ours "$key-full"
  printf -v "DUMP_$key" '%s' "$(stat -c %s "$WORKDIR/cache/bench.dump")"
done

if [[ $REPEAT_LINK != none ]]; then
  rkey=${REPEAT_LINK//[^a-z0-9]/_}
  "$legacy" shape "$LH" "$REPEAT_LINK"
  note "changing $CHANGE_PCT % of the files and rows upstream"
  "$legacy" change "$LH" --db opw_prod --pct "$CHANGE_PCT" >"$WORKDIR/changed"
  note "$REPEAT_LINK: ours, repeated restore ($(cat "$WORKDIR/changed"))"
  measure repeat ours repeat
fi
"$legacy" shape "$LH" off

# ---------------------------------------------------------------- report

row() {
  printf '  %-30s %6s s  sent L %10s T %8s  cpu-s L %5s T %5s  busy L %3s%% T %3s%%\n' "$1" "$(m "$2" secs)" \
    "$(mib "$(m "$2" ltx)")" "$(mib "$(m "$2" ttx)")" "$(m "$2" lus)" "$(m "$2" tus)" "$(m "$2" lcpu)" "$(m "$2" tcpu)"
}
cpu_note="L = legacy (cpus $LEGACY_CPUS), T = target (cpus $TARGET_CPUS); cpu-s = CPU seconds of each side's own processes (cpuacct), busy = those cores' busy % from /proc/stat, anyone's work included"
echo
echo "results (seconds, wall clock; sent = bytes each side put on the link (veth tx_bytes)"
echo "  $cpu_note)"
echo "source: $(mib "$FS_BYTES") in $FILES files, database opw_prod $(psql -X -At -h "$LEGACY_PGHOST" -p "$LEGACY_PGPORT" -d postgres -c "SELECT pg_size_pretty(pg_database_size('opw_prod'))")"
for link in "${LINK_LIST[@]}"; do
  key=${link//[^a-z0-9]/_}
  dump_var=DUMP_$key
  dump=${!dump_var}
  rate=$(bps "$link")
  floor=$(awk -v b="$((dump + FS_BYTES))" -v r="$rate" 'BEGIN { printf "%.1f", 8 * b / r }')
  ntotal=$(awk -v a="$(m "${key}_ndb" secs)" -v b="$(m "${key}_nfs" secs)" 'BEGIN { printf "%.1f", a + b }')
  ours_s=$(m "${key}_ours" secs)
  of=$(ratio "$ours_s" "$floor") no=$(ratio "$ntotal" "$ours_s")
  echo
  echo "link $link"
  row 'naive db (ssh pg_dump | psql)' "${key}_ndb"
  row 'naive files (scp -r)' "${key}_nfs"
  printf '  %-30s %6s s\n' 'naive total' "$ntotal"
  row 'ours (restore.sh)' "${key}_ours"
  echo "    phases: $(phases "$key-full")"
  printf '  %-30s %6s s   (dump %s + filestore %s) / %s\n' 'floor' "$floor" "$(mib "$dump")" "$(mib "$FS_BYTES")" "$link"
  printf '  %-30s %6s\n' 'ours / floor' "$of"
  printf '  %-30s %6s\n' 'naive / ours' "$no"
  case $link in
    100mbit) echo "  target: ours within 1.15x of the floor: $(verdict "$of" '<=' 1.15)" ;;
    1gbit) echo "  target: ours at least 1.3x faster than naive: $(verdict "$no" '>=' 1.3)" ;;
  esac
done
if [[ $REPEAT_LINK != none ]]; then
  rkey=${REPEAT_LINK//[^a-z0-9]/_}
  ntotal=$(awk -v a="$(m "${rkey}_ndb" secs)" -v b="$(m "${rkey}_nfs" secs)" 'BEGIN { printf "%.1f", a + b }')
  rep=$(m repeat secs)
  share=$(awk -v a="$rep" -v b="$ntotal" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }')
  fs1=$(phase_secs "$rkey-full" fetch-filestore) fs2=$(phase_secs repeat fetch-filestore)
  fshare=$(awk -v a="$fs2" -v b="$fs1" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }')
  echo
  echo "repeat at $REPEAT_LINK after changing $CHANGE_PCT % ($(cat "$WORKDIR/changed"))"
  row 'ours, repeated restore' repeat
  echo "    phases: $(phases repeat)"
  echo "  repeat / naive full copy: $share %   (target < 40 %: $(verdict "$share" '<' 40))"
  echo "  filestore phase, repeat / first: $fs2 s / $fs1 s = $fshare %   (target < 10 %: $(verdict "$fshare" '<' 10))"
fi
