#!/usr/bin/env bash
# Times the backups of a stack on the real engine (docs/backups.md), from one run: the SSH restore of an
# Odoo-shaped database and filestore from the legacy host into the stack, the first backup of that data, a
# second after N % of rows and files changed, and the restore of the same data from the repository; then the
# same backups and restore against an off-site (SFTP) repository over a shaped link. Prints figures, ratios and
# the CPU seconds of each side. Run with --help.
set -euo pipefail
shopt -s inherit_errexit
export LC_ALL=C

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
legacy=$repo/src/test/fixtures/legacy-host
# shellcheck source=src/test/fixtures/odoo-data.sh
. "$repo/src/test/fixtures/odoo-data.sh"
# shellcheck source=src/test/fixtures/test-stacks.sh
. "$repo/src/test/fixtures/test-stacks.sh"
# shellcheck source=bench/lib/cpu.sh
. "$repo/bench/lib/cpu.sh"

DB_MB=1024 FILES=10000 FILE_KB=100 CHANGE_PCT=1 CHANGE_ROWS=recent SSH_LINK=1gbit OFFSITE_LINK=100mbit
NAME=backup-bench SUBNET=10.203.11 KEEP=0

usage() {
  cat <<'EOF'
Usage: bench/backup.sh [--db-mb N] [--files N] [--file-kb N] [--change-pct N] [--rows recent|spread]
                       [--ssh-link RATE] [--offsite-link RATE|none] [--keep]

On the engine of bin/real-engine, the legacy host (src/test/fixtures/legacy-host: its own network namespace,
sshd and PostgreSQL) holds an Odoo-shaped database of about N MiB (src/test/fixtures/odoo-shape.sql) and a
filestore of N incompressible files. opw (compose engine, stand-in Odoo) is brought up backed up to a local
restic repository, and the run times, on the same data:
  1. bin/odoo-stack restore opw: the SSH restore from the legacy host over a link of --ssh-link, into the
     empty stack (this is also how the stack gets its data)
  2. the first backup (bin/odoo-stack backup opw): seconds, bytes added, repository size
  3. a second backup after --change-pct % of rows and files changed: seconds and bytes added
  4. bin/odoo-stack restore opw --from-backup latest (the RTO of a disaster on this machine)
  5. unless --offsite-link none: 2.-4. again with the repository on the legacy host over SFTP (restic's
     sftp backend through the backup container's own network), the link shaped to --offsite-link
Targets (issue "Backups"): 3. under 15 % of 2.'s time and under 5 % of its size; 4. no slower than 1.
Each step also shows the CPU seconds of each side: the backup container, the restore's one-off container
(restic restore of the filestore), PostgreSQL, the engine (dockerd, containerd and the stack's shims, which
copy every byte of a docker exec), this host's own processes (bin/odoo-stack, restore.sh, tar), and the
legacy host. All of them share this machine's cores: the SSH restore pays here for the legacy host's
pg_dump and ssh, which a real legacy host does on its own cores.

  --db-mb N            database size, MiB (default 1024)
  --files N            filestore files (default 10000)
  --file-kb N          average file size, KiB (default 100)
  --change-pct N       rows and files changed before each second backup (default 1)
  --rows recent        the changed rows are the newest of each big table (default: an ERP's day)
  --rows spread        every k-th row of each big table: the worst case for any deduplication, since an UPDATE
                       moves the row and so changes every part of the dump (and nearly every page of the table)
  --ssh-link RATE      the legacy host's link for the SSH restore (tc tbf; default 1gbit; "none": unshaped)
  --offsite-link RATE  the link to the off-site repository (default 100mbit; "none": no off-site figures)
  --keep               leave the stack, the legacy host and the work dir up (the last line says how to remove them)
Small run (about 5 minutes): bench/backup.sh --db-mb 64 --files 500
Needs root, iproute2 (tc with tbf), PostgreSQL server binaries, openssh-server, openssh-client, rsync, and the
tests' engine (bin/real-engine prepare). Leaves no stack behind. Other real-engine runs share the engine: run
it under their lock, and with flock -o so that an engine this run starts does not keep the lock:
  flock -o /tmp/odoo-stack-e2e.lock bench/backup.sh
EOF
}

rate_ok() { [[ $1 == none || $1 =~ ^[0-9]+(k|m|g)bit$ ]]; }

while (( $# )); do
  case $1 in
    --db-mb) DB_MB=${2:-}; shift 2 ;;
    --files) FILES=${2:-}; shift 2 ;;
    --file-kb) FILE_KB=${2:-}; shift 2 ;;
    --change-pct) CHANGE_PCT=${2:-}; shift 2 ;;
    --rows) CHANGE_ROWS=${2:-}; shift 2 ;;
    --ssh-link) SSH_LINK=${2:-}; shift 2 ;;
    --offsite-link) OFFSITE_LINK=${2:-}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $CHANGE_ROWS == recent || $CHANGE_ROWS == spread ]] || { echo "bench: --rows '$CHANGE_ROWS' must be recent or spread" >&2; exit 2; }
for v in DB_MB FILES FILE_KB CHANGE_PCT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "bench: $v '${!v}' is not a positive number" >&2; exit 2; }
done
rate_ok "$SSH_LINK" || { echo "bench: --ssh-link '$SSH_LINK' is not like 1gbit, 100mbit or none" >&2; exit 2; }
rate_ok "$OFFSITE_LINK" || { echo "bench: --offsite-link '$OFFSITE_LINK' is not like 100mbit, 1gbit or none" >&2; exit 2; }
(( EUID == 0 )) || { echo "bench: needs root (network namespace, veth, tc, cgroups)" >&2; exit 2; }

say() { printf 'bench: %s\n' "$*" >&2; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t ? "met" : "NOT met") }'; }
# bytes from restic's "N.N MiB added" in the backup's progress
added_bytes() {
  sed -n 's/^backup: snapshot [0-9a-f]*: [0-9]* new files, \([0-9.]*\) \([KMG]*i*B\) added.*/\1 \2/p' "$1" |
    awk '{ m = ($2 == "KiB" ? 1024 : $2 == "MiB" ? 1048576 : $2 == "GiB" ? 1073741824 : 1); printf "%d", $1 * m }'
}

eval "$("$repo/bin/real-engine" prepare --env)"
work=$(mktemp -d /var/tmp/backup-bench.XXXXXX)
chmod 755 "$work" # the legacy host's account and PostgreSQL reach their directories below it
LH=$work/legacy
export ODOO_STACK_HOME="$work/home" ODOO_STACK_PROJECT_DIR="$work/project"
mkdir -p "$ODOO_STACK_PROJECT_DIR"
cp "$repo/Pulumi.yaml" "$ODOO_STACK_PROJECT_DIR/"
ln -s "$repo/docker" "$ODOO_STACK_PROJECT_DIR/docker"
cleanup() {
  local rc=$?
  if (( KEEP )); then
    say "kept: ODOO_STACK_HOME=$work/home ODOO_STACK_PROJECT_DIR=$work/project bin/odoo-stack destroy opw --engine compose; $legacy down $LH; rm -rf $work"
  else
    "$repo/bin/odoo-stack" destroy opw --engine compose >/dev/null 2>&1 || true
    "$legacy" down "$LH" 2>/dev/null || true
    rm -rf -- "$work"
  fi
  cpu_teardown
  return "$rc"
}
trap cleanup EXIT

# ---------------------------------------------------------------- the legacy host and the stack

say "legacy host up and seeded (work dir $work)"
t=$EPOCHREALTIME
"$legacy" up "$LH" --name "$NAME" --subnet "$SUBNET" 2>"$work/legacy.log" || { tail -n 5 "$work/legacy.log" >&2; exit 1; }
eval "$("$legacy" env "$LH")"
"$legacy" seed "$LH" --db opw_prod --db-mb "$DB_MB" --files "$FILES" --file-kb "$FILE_KB" 2>>"$work/legacy.log"
say "legacy host: $(grep -o 'seed: .*' "$work/legacy.log" | tr '\n' ';') in $(since "$t") s"

# opw as the e2e tests deploy it (the private addons replaced by a local stand-in), backed up to a local
# repository, with its restore pointed at the legacy host and run only when asked
write_stack() {
  test_stack_file "$repo" opw "$work/fixtures" "$work/state" \
    "odoo-stack:backup: true" "$@" \
    "odoo-stack:restoreUpstream: $LEGACY_DESTINATION" "odoo-stack:restoreSshDir: $LEGACY_SSH_DIR" \
    "odoo-stack:restoreUpstreamDb: opw_prod" "odoo-stack:restoreUpstreamFilestore: $LEGACY_FILESTORE_ROOT/opw_prod" \
    "odoo-stack:restorePgDump: $LEGACY_PG_DUMP" "odoo-stack:restoreCacheDir: $work/cache" \
    "odoo-stack:restoreOnFirstUp: false" >"$ODOO_STACK_PROJECT_DIR/Pulumi.opw.yaml"
}
test_stack_fixtures "$work/fixtures"
write_stack "odoo-stack:backupRepository: $work/repository"
say "up opw with a local backup repository"
"$repo/bin/odoo-stack" up opw --engine compose >"$work/up.log" 2>&1 || { tail -n 20 "$work/up.log" >&2; exit 1; }
pg() { docker exec -i opw-postgres psql -X -q -U odoo -v ON_ERROR_STOP=1 "$@"; }

# ---------------------------------------------------------------- measuring

# Each side's CPU: the legacy host's processes (all in its namespace) and this script's (and so every host-side
# process it starts) in cgroups of their own; the containers from docker's accounting; the engine by its pids.
cpu_setup "$NAME" legacy host probe
# shellcheck disable=SC2046 # a list of pids
cpu_add legacy $(ip netns pids "$LEGACY_NAME")
cpu_add host "$BASHPID"
engine_pids() {
  local dockerd containerd id
  # bin/real-engine's dockerd keeps its pid beside its socket
  dockerd=$(cat "$(dirname "${DOCKER_HOST#unix://}")/dockerd.pid")
  containerd=$(pgrep -P "$dockerd" -x containerd || true)
  printf '%s %s' "$dockerd" "$containerd"
  for id in "$@"; do printf ' %s' "$(pgrep -f -- "-id $id " || true)"; done
}

# One-off containers (the restore's <backup container>-restore-<db>) come and go within a step: their CPU is
# sampled every half second while it runs (the last half second of each is missed), by a process that counts
# for none of the sides.
sample_oneoffs() {
  local id
  while :; do
    while read -r id; do
      [[ -n $id ]] && printf '%s %s\n' "$id" "$(cpu_container_usage "$id")"
    done < <(docker ps -q --no-trunc --filter name=opw-backup-restore- 2>/dev/null)
    sleep 0.5
  done
}

# measure LABEL CMD...: runs CMD; records wall seconds and CPU seconds per side in M_<LABEL>_<side>.
measure() {
  local label=$1 t0 ids b0 p0 e0 h0 l0 pids sampler
  shift
  mapfile -t ids < <(docker inspect -f '{{.Id}}' opw-backup opw-postgres)
  read -r -a pids <<<"$(engine_pids "${ids[@]}")"
  sample_oneoffs >"$work/oneoff.$label" &
  sampler=$!
  cpu_add probe "$sampler"
  b0=$(cpu_container_usage "${ids[0]}") p0=$(cpu_container_usage "${ids[1]}") e0=$(cpu_pid_usage "${pids[@]}")
  h0=$(cpu_usage host) l0=$(cpu_usage legacy)
  t0=$EPOCHREALTIME
  "$@"
  printf -v "M_${label}_wall" '%s' "$(since "$t0")"
  printf -v "M_${label}_backup" '%s' "$(cpu_secs "$b0" "$(cpu_container_usage "${ids[0]}")")"
  printf -v "M_${label}_postgres" '%s' "$(cpu_secs "$p0" "$(cpu_container_usage "${ids[1]}")")"
  printf -v "M_${label}_engine" '%s' "$(cpu_secs "$e0" "$(cpu_pid_usage "${pids[@]}")")"
  printf -v "M_${label}_host" '%s' "$(cpu_secs "$h0" "$(cpu_usage host)")"
  printf -v "M_${label}_legacy" '%s' "$(cpu_secs "$l0" "$(cpu_usage legacy)")"
  kill "$sampler" 2>/dev/null
  wait "$sampler" 2>/dev/null || true
  printf -v "M_${label}_oneoff" '%s' "$(awk '$2 > m[$1] { m[$1] = $2 } END { for (i in m) s += m[i]; printf "%.1f", s / 1e9 }' "$work/oneoff.$label")"
}
m() { local v="M_$1_$2"; printf '%s' "${!v:-?}"; }
cpu_line() {
  printf 'cpu-s: backup container %s, one-off %s, postgres %s, engine %s, host %s, legacy %s' "$(m "$1" backup)" \
    "$(m "$1" oneoff)" "$(m "$1" postgres)" "$(m "$1" engine)" "$(m "$1" host)" "$(m "$1" legacy)"
}

shape() { if [[ $1 == none ]]; then "$legacy" shape "$LH" off; else "$legacy" shape "$LH" "$1"; fi 2>/dev/null; }

ssh_restore() { "$repo/bin/odoo-stack" restore opw --engine compose >"$work/ssh-restore.out" 2>&1 ||
  { tail -n 20 "$work/ssh-restore.out" "$work/cache/opw.log" >&2; return 1; }; }
backup() { "$repo/bin/odoo-stack" backup opw >"$work/$1.out" 2>&1 || { tail -n 20 "$work/$1.out" >&2; return 1; }; }
# a failed restore: its progress, and its log (restore.sh keeps it in the cache directory)
backup_restore() { "$repo/bin/odoo-stack" restore opw --from-backup latest >"$work/$1.out" 2>&1 ||
  { tail -n 20 "$work/$1.out" "$work/cache/opw.log" >&2; return 1; }; }

fs=$work/state/opw/filestore/filestore/opw
change() {
  local k files rows sql
  k=$(odoo_every_kth "$CHANGE_PCT")
  read -r files _ _ <<<"$(odoo_change_files "$fs" "$k")"
  if [[ $CHANGE_ROWS == recent ]]; then sql=$ODOO_CHANGE_RECENT_ROWS_SQL; else sql=$ODOO_CHANGE_ROWS_SQL; fi
  rows=$(pg -d opw -At -v k="$k" <<<"$sql")
  say "changed $files files and $rows rows ($CHANGE_ROWS)"
}

# offsite_up: opw with the off-site repository, until the backup its container takes as it starts has ended
offsite_up() {
  "$repo/bin/odoo-stack" up opw --engine compose >"$work/up-offsite.log" 2>&1 || { tail -n 20 "$work/up-offsite.log" >&2; return 1; }
  local deadline=$((SECONDS + 3600)) at
  while :; do
    at=$(cut -d' ' -f1 "$status/success" 2>/dev/null || echo 0)
    (( at < started )) || break
    if [[ $(cut -d' ' -f1 "$status/failure" 2>/dev/null || echo 0) -ge $started ]] || (( SECONDS > deadline )); then
      docker logs opw-backup >"$work/offsite-first.out" 2>&1
      return 1
    fi
    sleep 1
  done
  docker logs opw-backup 2>&1 | grep '^backup: ' >"$work/offsite-first.out"
}

# backups_and_restore KIND REPOSITORY-SIZE-CMD...: first backup, change, second backup, restore from it
backups_and_restore() {
  local kind=$1
  shift
  say "$kind: first backup"
  measure "${kind}_first" backup "$kind-first"
  printf -v "R_${kind}_size" '%s' "$("$@")"
  change
  say "$kind: second backup"
  measure "${kind}_second" backup "$kind-second"
  say "$kind: restore from the repository"
  measure "${kind}_restore" backup_restore "$kind-restore"
}

# ---------------------------------------------------------------- runs

say "SSH restore from the legacy host (link: $SSH_LINK)"
shape "$SSH_LINK"
measure ssh ssh_restore
shape none
db_size=$(pg -d opw -At -c "SELECT pg_database_size('opw')")
fs_size=$(du -sb "$fs" | cut -f1)
say "the stack now holds $((db_size / 1048576)) MiB of database and $(find "$fs" -type f | wc -l) files, $((fs_size / 1048576)) MiB"

backups_and_restore local du -sb "$work/repository"

if [[ $OFFSITE_LINK != none ]]; then
  offsite=$LEGACY_HOME/restic/opw
  say "off-site: opw backed up to sftp:$LEGACY_DESTINATION:$offsite over $OFFSITE_LINK"
  write_stack "odoo-stack:backupRepository: sftp:$LEGACY_DESTINATION:$offsite" "odoo-stack:backupSshDir: $LEGACY_SSH_DIR"
  # The new container backs up as it starts (its schedule), and that run is the first off-site backup: timed by
  # the container itself ("done in N s"). Its weekly drill, which would follow, is marked as just done: the
  # fixture's attachments outnumber its files, which the drill rightly fails, and the bench times restores itself.
  status=$work/state/opw/backup/status
  mkdir -p "$status"
  printf '%s ok skipped by bench/backup.sh\n' "$(date +%s)" >"$status/drill"
  started=$(date +%s)
  shape "$OFFSITE_LINK"
  measure offsite_first offsite_up
  first_s=$(sed -n 's/^backup: done in \([0-9.]*\) s$/\1/p' "$work/offsite-first.out" | tail -n 1)
  [[ -n $first_s ]] || { say "off-site: the schedule's first backup did not finish"; tail -n 20 "$work/offsite-first.out" >&2; exit 1; }
  # shellcheck disable=SC2034 # read by m and report, by name
  printf -v "M_offsite_first_wall" "%s" "$first_s"
  # shellcheck disable=SC2034
  printf -v "R_offsite_size" "%s" "$(du -sb "$offsite")"
  change
  say "offsite: second backup"
  measure offsite_second backup offsite-second
  say "offsite: restore from the repository"
  measure offsite_restore backup_restore offsite-restore
  shape none
fi

# ---------------------------------------------------------------- report

row() { printf '  %-34s %7s s   %s\n' "$1" "$(m "$2" wall)" "$(cpu_line "$2")"; }
report() {
  local kind=$1 title=$2 first second first_added second_added size time_pct size_pct ratio
  first=$(m "${kind}_first" wall) second=$(m "${kind}_second" wall)
  first_added=$(added_bytes "$work/$kind-first.out") second_added=$(added_bytes "$work/$kind-second.out")
  size=R_${kind}_size
  time_pct=$(pct "$second" "$first") size_pct=$(pct "$second_added" "$first_added")
  ratio=$(awk -v a="$(m "${kind}_restore" wall)" -v b="$(m ssh wall)" 'BEGIN { printf "%.2f", a / b }')
  echo
  echo "$title"
  if [[ $kind == offsite ]]; then
    # the container was replaced during that step: no CPU figures of its own
    printf '  %-34s %7s s   (the schedule'"'"'s at start, timed by the container itself)\n' "first backup" "$first"
  else
    row "first backup" "${kind}_first"
  fi
  printf '  %-34s %s MiB added, repository %s MiB\n' "" "$((first_added / 1048576))" "$((${!size%%[[:space:]]*} / 1048576))"
  row "second backup ($CHANGE_PCT %, rows $CHANGE_ROWS)" "${kind}_second"
  printf '  %-34s %s MiB added\n' "" "$((second_added / 1048576))"
  printf '    time vs first                    %s %%   (target < 15 %%: %s)\n' "$time_pct" "$(verdict "$time_pct" 15)"
  printf '    size vs first                    %s %%   (target < 5 %%: %s)\n' "$size_pct" "$(verdict "$size_pct" 5)"
  row "restore --from-backup latest" "${kind}_restore"
  printf '    vs the SSH restore               %sx   (target <= 1: %s)%s\n' "$ratio" \
    "$(awk -v r="$ratio" 'BEGIN { print (r <= 1 ? "met" : "NOT met") }')" "$3"
  echo "  phases of the backups and of the restore:"
  grep -h -e '^backup: dump ' -e '^backup: snapshot ' "$work/$kind-first.out" "$work/$kind-second.out" | sed 's/^/    /'
  grep '^restore: ' "$work/$kind-restore.out" | sed 's/^/    /'
}
cat <<EOF

results (seconds, wall clock; $(nproc) cores shared by every side, and by whatever else runs on this machine;
  database $((db_size / 1048576)) MiB, filestore $FILES files $((fs_size / 1048576)) MiB; cpu-s = CPU seconds of each side:
  the backup container, the restore's one-off container, the postgres container, the engine (dockerd, containerd,
  the shims), this host's own processes (bin/odoo-stack, restore.sh, tar, docker CLI) and the legacy host's)
SSH restore from the legacy host (link $SSH_LINK, into the empty stack)
EOF
row "bin/odoo-stack restore opw" ssh
grep '^restore: ' "$work/ssh-restore.out" | sed 's/^/    /'
report local "local repository ($work/repository, same disk)" ''
[[ $OFFSITE_LINK == none ]] ||
  report offsite "off-site repository (sftp to the legacy host, link $OFFSITE_LINK)" " (SSH restore over $SSH_LINK)"
echo
echo "RPO: backupInterval (default 24h); RTO on this machine: the restore --from-backup times above"
