#!/usr/bin/env bash
# The figures of a cutover (issue 28, docs/cutover.md "Figures"), from one run on the Pulumi engine: the freeze
# window of `bin/odoo-stack cutover opw final` against the database copy alone, the filestore delta final moves
# as a share of a full copy, and the verification's own time. Run with --help.
set -euo pipefail
shopt -s inherit_errexit
export LC_ALL=C

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
legacy=$repo/src/test/fixtures/legacy-host
# shellcheck source=src/test/fixtures/test-stacks.sh
. "$repo/src/test/fixtures/test-stacks.sh"

DB_MB=${BENCH_DB_MB:-1024}
FILES=${BENCH_FILES:-10000}
FILE_KB=${BENCH_FILE_KB:-100}
CHANGE_PCT=${BENCH_CHANGE_PCT:-1}
LINK=${BENCH_LINK:-100mbit}
NAME=cutover-bench SUBNET=10.203.31 STACK=opw KEEP=0

usage() {
  cat <<'EOF'
Usage: bench/cutover.sh [--db-mb N] [--files N] [--file-kb N] [--change-pct N] [--link RATE] [--keep]

One cutover, timed, on the engine of bin/real-engine with the Pulumi engine (the real Pulumi CLI and providers).
The legacy host is src/test/fixtures/legacy-host (its own network namespace, sshd and PostgreSQL) with an
Odoo-SHAPED database of about --db-mb MiB and --files incompressible files; its link is shaped to --link. The
target is opw, `production: true`, with backups to a local repository and a passed drill, running the Odoo
STAND-IN image (not Odoo). The run:
  1. bin/odoo-stack cutover opw sync          the full filestore copy, while "production" runs on the legacy host
  2. legacy-host change --pct N               N % of the files (and rows) changed on the legacy host
  3. the database copy alone                  restore.sh --stage, as final runs it (same script, environment,
                                              link and target), but with an empty upstream filestore directory;
                                              then the staged copy is dropped
  4. bin/odoo-stack cutover opw final         (no writer runs on the legacy host: the freeze is provable)
Prints on stdout:
  - the freeze window: from the moment final prints "freeze of ... proven" to /web/health answering 200 through
    Traefik after the swap (polled every 0.2 s); against it the database copy alone (3.), with the target
    window <= 1.2 x database copy + one health-check interval of Odoo's container (.Config.Healthcheck.Interval)
  - the filestore delta of final's sync (its record's new-bytes) as a share of the full copy (1.'s bytes);
    target <= 5 %
  - the verification's own time (final's "verified: ... (N s" line)
Progress lines go to stderr.

  --db-mb N        database size, MiB (env BENCH_DB_MB, default 1024)
  --files N        filestore files (env BENCH_FILES, default 10000)
  --file-kb N      average file size, KiB (env BENCH_FILE_KB, default 100)
  --change-pct N   files and rows changed between the sync and final (env BENCH_CHANGE_PCT, default 1)
  --link RATE      the legacy host's link, tc tbf (env BENCH_LINK, default 100mbit)
  --keep           leave the stack, the legacy host and the work dir (the last line says how to remove them)
Quick try (about 6 minutes, without waiting for the lock): bench/cutover.sh --db-mb 64 --files 1000
The default size moves about 1 GiB of dump and 1 GiB of files over 100 Mbit/s: expect 15 minutes or more.
Needs root, iproute2 (tc with tbf), PostgreSQL server and client binaries, openssh-server, openssh-client,
rsync, curl, and the tests' engine (bin/real-engine prepare). It takes /tmp/odoo-stack-e2e.lock, as the
real-engine tests do, and waits for it. Leaves no stack, network or legacy host behind.
EOF
}

while (( $# )); do
  case $1 in
    --db-mb) DB_MB=${2:-}; shift 2 ;;
    --files) FILES=${2:-}; shift 2 ;;
    --file-kb) FILE_KB=${2:-}; shift 2 ;;
    --change-pct) CHANGE_PCT=${2:-}; shift 2 ;;
    --link) LINK=${2:-}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown argument '$1': bench/cutover.sh --help lists the options" >&2; exit 2 ;;
  esac
done
for v in DB_MB FILES FILE_KB CHANGE_PCT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "bench: $v '${!v}' is not a positive number: e.g. --db-mb 64" >&2; exit 2; }
done
[[ $LINK =~ ^[0-9]+(k|m|g)bit$ ]] || { echo "bench: --link '$LINK' is not a rate: e.g. --link 100mbit" >&2; exit 2; }
(( EUID == 0 )) || { echo "bench: needs root (network namespace, veth, tc): run it as root" >&2; exit 2; }
for tool in curl flock tc ip psql; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed: apt-get install curl util-linux iproute2 postgresql-client" >&2; exit 2; }
done

say() { printf 'bench: %s\n' "$*" >&2; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
diff_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

# The real-engine tests' lock, held by flock itself (-o): nothing this script starts (an engine, a plugin)
# keeps it after the run.
if [[ -z ${BENCH_CUTOVER_LOCKED:-} ]]; then
  say "waiting for /tmp/odoo-stack-e2e.lock (other real-engine runs hold it while they run)"
  args=(--db-mb "$DB_MB" --files "$FILES" --file-kb "$FILE_KB" --change-pct "$CHANGE_PCT" --link "$LINK")
  (( KEEP == 0 )) || args+=(--keep)
  exec env BENCH_CUTOVER_LOCKED=1 flock -o /tmp/odoo-stack-e2e.lock "${BASH_SOURCE[0]}" "${args[@]}"
fi

envs=$("$repo/bin/real-engine" env 2>/dev/null) || envs=$("$repo/bin/real-engine" prepare --env)
eval "$envs"
pulumi_dir=$(dirname "${ODOO_STACK_TEST_PULUMI:?bin/real-engine printed no Pulumi engine}")
work=$(mktemp -d /var/tmp/cutover-bench.XXXXXX)
chmod 755 "$work" # the legacy host's account and PostgreSQL reach their directories below it
LH=$work/legacy
# an operator's shell on the Pulumi engine, as RealEngine.Project makes it; restore.sh keeps its dump under
# XDG_CACHE_HOME, so final's copy and the database copy alone both keep theirs in the work dir
export ODOO_STACK_HOME=$work/home ODOO_STACK_PROJECT_DIR=$work/project XDG_CACHE_HOME=$work/cache
export PATH=$pulumi_dir:$PATH PULUMI_HOME=$work/home/pulumi-home PULUMI_SKIP_UPDATE_CHECK=true \
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
ob=$repo/bin/odoo-stack
poller=''
wipe() {
  local ids n
  ids=$(docker ps -aq --filter "label=odoo-stack.stack=$STACK" 2>/dev/null || true)
  # shellcheck disable=SC2086 # a list of ids
  [[ -z $ids ]] || docker rm -f $ids >/dev/null 2>&1 || true
  docker rm -f "$STACK-cutover-sync" >/dev/null 2>&1 || true
  for n in $(docker network ls --format '{{.Name}}' 2>/dev/null || true); do
    [[ $n != "$STACK-"* ]] || docker network rm "$n" >/dev/null 2>&1 || true
  done
}
cleanup() {
  local rc=$?
  [[ -z $poller ]] || kill "$poller" 2>/dev/null || true
  if (( KEEP )); then
    say "kept: remove with: DOCKER_HOST=$DOCKER_HOST docker rm -f \$(DOCKER_HOST=$DOCKER_HOST docker ps -aq --filter label=odoo-stack.stack=$STACK); $legacy down $LH; rm -rf $work (and the networks $STACK-*)"
  else
    say "removing the stack, the legacy host and $work"
    # not bin/odoo-stack destroy: a production stack's database is protected from it by design (it would stop
    # there, and say so); the bench's stack goes as the e2e tests wipe theirs (RealEngine.wipe), with its Pulumi
    # state in the work dir
    wipe
    "$legacy" down "$LH" 2>/dev/null || true
    rm -rf -- "$work"
  fi
  return "$rc"
}
trap cleanup EXIT
trap 'exit 143' TERM INT # through cleanup

# run LOG CMD...: CMD's output into LOG; on failure its tail, and the run stops
run() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 || { say "failed: $*"; tail -n 25 "$log" >&2; return 1; }
}
pg() { docker exec -i "$STACK-postgres" psql -X -q -At -U odoo -v ON_ERROR_STOP=1 "$@"; }
legacy_psql() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$LEGACY_PGHOST" -p "$LEGACY_PGPORT" -U postgres -d opw_prod "$@"; }

# ---------------------------------------------------------------- the legacy host

say "legacy host up and seeded: $DB_MB MiB database, $FILES files of about $FILE_KB KiB (work dir $work)"
t=$EPOCHREALTIME
run "$work/legacy.log" "$legacy" up "$LH" --name "$NAME" --subnet "$SUBNET"
eval "$("$legacy" env "$LH")"
run "$work/seed.log" "$legacy" seed "$LH" --db opw_prod --db-mb "$DB_MB" --files "$FILES" --file-kb "$FILE_KB"
say "legacy host seeded in $(since "$t") s"

# ---------------------------------------------------------------- the production stack

mkdir -p "$ODOO_STACK_PROJECT_DIR"
cp "$repo/Pulumi.yaml" "$ODOO_STACK_PROJECT_DIR/"
ln -s "$repo/docker" "$ODOO_STACK_PROJECT_DIR/docker"
ln -s "$repo/target" "$ODOO_STACK_PROJECT_DIR/target" # Pulumi.yaml's runtime runs target/odoo-stack.jar
test_stack_fixtures "$work/fixtures"
# the suite's opw, production, backed up, the legacy host as its cutover source (LegacyHost.cutoverSource),
# without the restore the committed file declares (a production stack refuses one)
test_stack_file "$repo" "$STACK" "$work/fixtures" "$work/state" \
  "odoo-stack:production: true" "odoo-stack:backup: true" "odoo-stack:backupRepository: $work/repository" \
  "odoo-stack:cutoverUpstream: $LEGACY_DESTINATION" "odoo-stack:cutoverSshDir: $LEGACY_SSH_DIR" \
  "odoo-stack:cutoverUpstreamDb: opw_prod" "odoo-stack:cutoverUpstreamFilestore: $LEGACY_FILESTORE_ROOT/opw_prod" \
  "odoo-stack:cutoverPsql: ${LEGACY_PG_DUMP/#pg_dump/psql}" |
  grep -v '^[[:space:]]*odoo-stack:restore' >"$ODOO_STACK_PROJECT_DIR/Pulumi.$STACK.yaml"
# like for like: the legacy database runs the series of the stack's image (its tag)
series=$(sed -n 's/^[[:space:]]*odoo-stack:odooBaseImage:.*:\([0-9][0-9]*\.[0-9]\)$/\1/p' "$ODOO_STACK_PROJECT_DIR/Pulumi.$STACK.yaml")
[[ -n $series ]] || { say "cannot read the Odoo series from odooBaseImage in Pulumi.$STACK.yaml"; exit 1; }
legacy_psql -c "UPDATE ir_module_module SET latest_version = '$series.1.3' WHERE name = 'base'" >/dev/null

wipe # what an earlier run left of the stack, as StackFixture does before a test class
say "up $STACK on the Pulumi engine (production, backups, the Odoo stand-in image)"
t=$EPOCHREALTIME
run "$work/up.log" "$ob" up "$STACK" --yes --skip-preview
say "up in $(since "$t") s"
# the stack's database before the cutover, as Odoo would have made it
pg -d postgres -c "CREATE DATABASE $STACK"
pg -d "$STACK" -c "CREATE TABLE res_partner (id serial, name text); INSERT INTO res_partner (name) VALUES ('before the cutover')"
say "backup and drill"
run "$work/backup.log" "$ob" backup "$STACK"
run "$work/drill.log" "$ob" backup "$STACK" --drill
odoo_image=$(docker inspect -f '{{.Config.Image}}' "$STACK-odoo")
# in nanoseconds (json: the template's plain form prints "30s"); 0 or none is Docker's default, 30 s
interval_ns=$(docker inspect -f '{{if .Config.Healthcheck}}{{json .Config.Healthcheck.Interval}}{{else}}0{{end}}' "$STACK-odoo")
interval=$(awk -v n="$interval_ns" 'BEGIN { printf "%.1f", (n > 0 ? n / 1e9 : 30) }')
port=$(sed -n 's/^[[:space:]]*odoo-stack:traefikHttpPort: *\([0-9]*\)$/\1/p' "$ODOO_STACK_PROJECT_DIR/Pulumi.$STACK.yaml" | tail -n 1)
health() { curl -s -o /dev/null -w '%{http_code}' --max-time 1 -H "Host: $STACK.localhost" "http://127.0.0.1:${port:-80}/web/health" || true; }
deadline=$((SECONDS + 60))
until [[ $(health) == 200 ]]; do
  (( SECONDS < deadline )) || { say "/web/health of $STACK does not answer 200 through Traefik on port ${port:-80} before the cutover"; exit 1; }
  sleep 0.2
done

# ---------------------------------------------------------------- the cutover

"$legacy" shape "$LH" "$LINK" 2>/dev/null
say "cutover $STACK sync over $LINK: the full filestore copy"
run "$work/sync.log" "$ob" cutover "$STACK" sync
cp "$ODOO_STACK_HOME/cutover/$STACK/sync" "$work/first-sync"
say "$(grep '^sync filestore:' "$work/sync.log")"

changed=$("$legacy" change "$LH" --db opw_prod --pct "$CHANGE_PCT" 2>>"$work/legacy.log")
say "changed $CHANGE_PCT % on the legacy host: $changed"

# The database copy alone: restore.sh --stage with the environment final gives it (Restore.cutover: the same
# upstream, dump command, target, link and cache), but an empty upstream filestore directory; the staged copy is
# dropped after, so final stages its own.
empty=$LEGACY_HOME/empty-filestore
mkdir -p "$empty"
chmod 755 "$empty"
fs_root=$work/state/$STACK/filestore/filestore
say "the database copy alone: restore.sh --stage, upstream filestore empty"
t=$EPOCHREALTIME
run "$work/dbcopy.log" env RESTORE_UPSTREAM="$LEGACY_DESTINATION" RESTORE_SSH_PORT=22 RESTORE_SSH_DIR="$LEGACY_SSH_DIR" \
  RESTORE_UPSTREAM_DB=opw_prod RESTORE_UPSTREAM_FILESTORE="$empty" RESTORE_UPSTREAM_PG_DUMP="$LEGACY_PG_DUMP" \
  RESTORE_NEUTRALIZE=0 RESTORE_LINK_DEST="$fs_root/$STACK~cutover" TARGET_DB="$STACK" TARGET_FILESTORE_ROOT="$fs_root" \
  TARGET_PG_CONTAINER="$STACK-postgres" TARGET_ODOO_CONTAINER="$STACK-odoo" TARGET_ODOO_IMAGE="$odoo_image" \
  TARGET_BASE_URL="http://$STACK.localhost" "$repo/docker/scripts/restore.sh" --stage
dbcopy=$(since "$t")
say "database copy alone in $dbcopy s"
pg -d postgres -c "DROP DATABASE \"$STACK~restore\" WITH (FORCE)"
rm -rf -- "${fs_root:?}/$STACK~restore"

# /web/health through Traefik, polled from before final: a line "time code" at each change of the answer
poll_health() {
  local last='' code
  while :; do
    code=$(health)
    [[ $code == "$last" ]] || { printf '%s %s\n' "$EPOCHREALTIME" "$code"; last=$code; }
    sleep 0.2
  done
}
poll_health >"$work/health" &
poller=$!

say "cutover $STACK final"
set +e
"$ob" cutover "$STACK" final 2>"$work/final.err" | while IFS= read -r line; do
  printf '%s %s\n' "$EPOCHREALTIME" "$line"
  [[ $line != "freeze of "*" proven"* ]] || printf 'bench: %s\n' "$line" >&2
done >"$work/final.out"
rc=${PIPESTATUS[0]}
set -e
ended=$EPOCHREALTIME
(( rc == 0 )) || { say "final failed (exit $rc):"; cut -d' ' -f2- "$work/final.out" | tail -n 25 >&2; cat "$work/final.err" >&2; exit 1; }
# Odoo healthy is final's end; Traefik may route to it a moment later: wait until the poller's last answer is
# 200 (it writes a line only when the answer changes, so the 200 may predate final's end)
deadline=$((SECONDS + 120))
until [[ $(tail -n 1 "$work/health" | cut -d' ' -f2) == 200 ]]; do
  (( SECONDS < deadline )) || { say "/web/health did not answer 200 through Traefik within 120 s of final"; exit 1; }
  sleep 0.2
done
kill "$poller" 2>/dev/null || true
wait "$poller" 2>/dev/null || true
poller=''

# ---------------------------------------------------------------- figures

frozen=$(awk '$2 == "freeze" && $3 == "of" && / proven: / { print $1; exit }' "$work/final.out")
[[ -n $frozen ]] || { say "final printed no 'freeze of ... proven' line"; exit 1; }
# the swap stops Odoo: the first 200 after the last answer that was not 200, once the freeze was proven
read -r healthy how < <(awk -v f="$frozen" '$1 > f && $2 != 200 { down = $1 } $1 > f && $2 == 200 && down && $1 > down && !up { up = $1 }
  END { if (up) print up, "after the swap"; else print "", "" }' "$work/health")
if [[ -z ${healthy:-} ]]; then
  # no outage seen at 0.2 s polling: final's end, an upper bound
  healthy=$ended
  how='at final end (no outage seen at 0.2 s polling)'
fi
window=$(diff_s "$frozen" "$healthy")
bound=$(awk -v d="$dbcopy" -v i="$interval" 'BEGIN { printf "%.1f", 1.2 * d + i }')
new_bytes=$(sed -n 's/^new-bytes //p' "$ODOO_STACK_HOME/cutover/$STACK/sync")
new_files=$(sed -n 's/^new-files //p' "$ODOO_STACK_HOME/cutover/$STACK/sync")
full_bytes=$(sed -n 's/^bytes //p' "$work/first-sync")
full_files=$(sed -n 's/^files //p' "$work/first-sync")
share=$(awk -v a="$new_bytes" -v b="$full_bytes" 'BEGIN { printf "%.2f", (b > 0 ? 100 * a / b : 0) }')
verify=$(sed -n 's/^[0-9.]* verified: .* (\([0-9.]*\) s; report: .*/\1/p' "$work/final.out")
db_size=$(legacy_psql -c "SELECT pg_size_pretty(pg_database_size('opw_prod'))")
met() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "met" : "NOT met") }'; }
line() { sed -n "s/^[0-9.]* \\($1.*\\)/\\1/p" "$work/final.out" | tail -n 1; }

cat <<EOF

results (seconds, wall clock; one run on this machine's $(nproc) cores, shared by the legacy host, the stack, the engine)
  legacy host: Odoo-SHAPED database opw_prod ($db_size), $full_files files ($(mib "$full_bytes")), link $LINK (tbf)
  target: $STACK on the Pulumi engine, production, backups + drill, Odoo STAND-IN image $odoo_image (not Odoo)
  changed between sync and final: $CHANGE_PCT % ($changed)

freeze window (freeze proven -> /web/health 200 through Traefik $how)  $window s
  final's own line: $(line 'final freeze window')
database copy alone (restore.sh --stage, empty upstream filestore, staged copy dropped)  $dbcopy s
  its phases: $(grep -o '^restore: [a-z-]* .* in [0-9.]* s$' "$work/dbcopy.log" | sed 's/^restore: //' | tr '\n' ';' | sed 's/;$//; s/;/; /g')
Odoo's health-check interval (docker inspect .Config.Healthcheck.Interval)  $interval s
  window / database copy: $(awk -v a="$window" -v b="$dbcopy" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')x
  target: window <= 1.2 x $dbcopy + $interval = $bound s: $(met "$window" "$bound") (window / bound $(awk -v a="$window" -v b="$bound" 'BEGIN { printf "%.2f", a / b }'))
filestore delta during final: $new_files files, $new_bytes bytes ($(mib "$new_bytes")) of a full copy of $full_bytes bytes ($(mib "$full_bytes")) = $share %
  target <= 5 %: $(met "$share" 5)
verification's own time  ${verify:-?} s
  $(line 'verified: ')
EOF
