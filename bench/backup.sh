#!/usr/bin/env bash
# Times the backups of a stack on the real engine (docs/backups.md), from one run: the first backup of an
# Odoo-shaped database and filestore, a second after N % of rows and files changed, and a restore from the
# repository. Prints figures and ratios. Run with --help.
set -euo pipefail
export LC_ALL=C

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=src/test/fixtures/odoo-data.sh
. "$repo/src/test/fixtures/odoo-data.sh"
# shellcheck source=src/test/fixtures/test-stacks.sh
. "$repo/src/test/fixtures/test-stacks.sh"

DB_MB=1024 FILES=10000 FILE_KB=100 CHANGE_PCT=1 SSH_RESTORE='' CHANGE_ROWS=recent

usage() {
  cat <<'EOF'
Usage: bench/backup.sh [--db-mb N] [--files N] [--file-kb N] [--change-pct N] [--rows recent|spread]
                       [--ssh-restore-seconds S]

On the engine of bin/real-engine, brings up opw (compose engine, stand-in Odoo) backed up to a local restic
repository, fills its database with the Odoo shape of src/test/fixtures/odoo-shape.sql (about N MiB) and its
filestore with N incompressible files, then times:
  1. the first backup (bin/odoo-stack backup opw): seconds, bytes added, repository size
  2. a second backup after --change-pct % of rows and files changed: seconds and bytes added
  3. bin/odoo-stack restore opw --from-backup latest (the RTO of a disaster on this machine)
Targets (issue "Backups"): 2. under 15 % of 1.'s time and under 5 % of its size; 3. no slower than the SSH
restore of the same data (give its seconds with --ssh-restore-seconds, e.g. from bench/restore.sh).

  --db-mb N       database size, MiB (default 1024)
  --files N       filestore files (default 10000)
  --file-kb N     average file size, KiB (default 100)
  --change-pct N  rows and files changed before the second backup (default 1)
  --rows recent   the changed rows are the newest of each big table (default: an ERP's day)
  --rows spread   every k-th row of each big table: the worst case for any deduplication, since an UPDATE
                  moves the row and so changes every part of the dump (and nearly every page of the table)
Needs root and the tests' engine (bin/real-engine prepare). Leaves no stack behind.
EOF
}

while (( $# )); do
  case $1 in
    --db-mb) DB_MB=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --file-kb) FILE_KB=$2; shift 2 ;;
    --change-pct) CHANGE_PCT=$2; shift 2 ;;
    --ssh-restore-seconds) SSH_RESTORE=$2; shift 2 ;;
    --rows) CHANGE_ROWS=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $CHANGE_ROWS == recent || $CHANGE_ROWS == spread ]] || { echo "bench: --rows '$CHANGE_ROWS' must be recent or spread" >&2; exit 2; }
for v in DB_MB FILES FILE_KB CHANGE_PCT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "bench: $v '${!v}' is not a positive number" >&2; exit 2; }
done

say() { printf 'bench: %s\n' "$*" >&2; }
now() { printf '%s' "$EPOCHREALTIME"; }
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
export ODOO_STACK_HOME="$work/home" ODOO_STACK_PROJECT_DIR="$work/project"
mkdir -p "$ODOO_STACK_PROJECT_DIR"
cp "$repo/Pulumi.yaml" "$ODOO_STACK_PROJECT_DIR/"
ln -s "$repo/docker" "$ODOO_STACK_PROJECT_DIR/docker"
# the suite's opw (the private addons replaced by a local stand-in, as the e2e tests deploy it)
test_stack_fixtures "$work/fixtures"
test_stack_file "$repo" opw "$work/fixtures" "$work/state" \
  "odoo-stack:backup: true" "odoo-stack:backupRepository: $work/repository" >"$ODOO_STACK_PROJECT_DIR/Pulumi.opw.yaml"
cleanup() {
  "$repo/bin/odoo-stack" destroy opw --engine compose >/dev/null 2>&1 || true
  rm -rf -- "$work"
}
trap cleanup EXIT

say "up opw with a local backup repository (work dir $work)"
"$repo/bin/odoo-stack" up opw --engine compose >"$work/up.log" 2>&1 || { tail -n 20 "$work/up.log" >&2; exit 1; }
pg() { docker exec -i opw-postgres psql -X -q -U odoo -v ON_ERROR_STOP=1 "$@"; }

t=$(now)
pg -d postgres -c "CREATE DATABASE opw"
pg -d opw -v partners=$((DB_MB * 240)) -v moves=$((DB_MB * 600)) -v lines=$((DB_MB * 3000)) \
  -v messages=$((DB_MB * 600)) -v attachments=$((DB_MB * 120)) <"$repo/src/test/fixtures/odoo-shape.sql" >/dev/null
db_size=$(pg -d opw -At -c "SELECT pg_database_size('opw')")
say "database: $((db_size / 1048576)) MiB built in $(since "$t") s"
t=$(now)
fs=$work/state/opw/filestore/filestore/opw
odoo_make_filestore "$fs" "$FILES" "$FILE_KB"
fs_size=$(du -sb "$fs" | cut -f1)
say "filestore: $FILES files, $((fs_size / 1048576)) MiB built in $(since "$t") s"

say "first backup"
t=$(now)
"$repo/bin/odoo-stack" backup opw >"$work/first.out"
first_s=$(since "$t")
first_added=$(added_bytes "$work/first.out")
repo_size=$(du -sb "$work/repository" | cut -f1)

k=$(odoo_every_kth "$CHANGE_PCT")
read -r changed_files _ _ <<<"$(odoo_change_files "$fs" "$k")"
if [[ $CHANGE_ROWS == recent ]]; then sql=$ODOO_CHANGE_RECENT_ROWS_SQL; else sql=$ODOO_CHANGE_ROWS_SQL; fi
changed_rows=$(pg -d opw -At -v k="$k" <<<"$sql")
say "changed $changed_files files and $changed_rows rows ($CHANGE_ROWS); second backup"
t=$(now)
"$repo/bin/odoo-stack" backup opw >"$work/second.out"
second_s=$(since "$t")
second_added=$(added_bytes "$work/second.out")

say "restore from the repository"
t=$(now)
"$repo/bin/odoo-stack" restore opw --from-backup latest >"$work/restore.out"
restore_s=$(since "$t")

time_pct=$(pct "$second_s" "$first_s")
size_pct=$(pct "$second_added" "$first_added")
cat <<EOF

results (seconds, wall clock; $(nproc) cores; database $((db_size / 1048576)) MiB, filestore $FILES files $((fs_size / 1048576)) MiB)
  first backup                 $first_s s, $((first_added / 1048576)) MiB added, repository $((repo_size / 1048576)) MiB
  second backup ($CHANGE_PCT %, rows $CHANGE_ROWS)  $second_s s, $((second_added / 1048576)) MiB added
    time vs first              ${time_pct} %   (target < 15 %: $(verdict "$time_pct" 15))
    size vs first              ${size_pct} %   (target < 5 %: $(verdict "$size_pct" 5))
  restore --from-backup latest $restore_s s (RTO on this machine)$(
    [[ -n $SSH_RESTORE ]] && printf '\n    vs SSH restore %s s       %s' "$SSH_RESTORE" \
      "$(awk -v a="$restore_s" -v b="$SSH_RESTORE" 'BEGIN { printf "%.2fx (target <= 1: %s)", a / b, (a <= b ? "met" : "NOT met") }')")
  RPO                          backupInterval (default 24h)
phases of the restore:
$(sed 's/^/  /' "$work/restore.out")
EOF
