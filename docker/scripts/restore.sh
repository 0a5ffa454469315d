#!/usr/bin/env bash
# Copies the production Odoo database and filestore from a read-only legacy
# host over SSH into this stack, neutralizes the copy and swaps it in.
# See docs/restore.md. Run with --help for the variables. Its SQL is in
# restore.d/ next to it. Sourced (tests), it only defines its functions.

SFX_TMP='~restore' SFX_PREV='~previous' SFX_SWAP='~swap'
# Odoo's own database-name rule (odoo/service/db.py): never contains '~', so
# our generation names cannot clash with a database Odoo could create.
DBNAME_RE='^[A-Za-z0-9][A-Za-z0-9_.-]*$'
# Only pg_restore's sessions: faster index builds, no per-commit WAL flush (the
# swap commits synchronously and so flushes all of it), and a way in despite
# the read-only default that keeps everyone else off the copy until swapped.
LOAD_PGOPTIONS='-c default_transaction_read_only=off -c maintenance_work_mem=256MB -c synchronous_commit=off'
RW_PGOPTIONS='-c default_transaction_read_only=off'
# AES-GCM first: with AES-NI it moves a dump faster than the default chacha20.
SSH_CIPHERS='aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com'
# The SQL files, beside the script wherever it is called from (or linked to).
SQL_DIR=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/restore.d

usage() {
  cat <<'EOF'
Usage: restore.sh [--rollback | --snapshot | --stage | --swap-staged] [--help]

Copies the upstream Odoo database and filestore over SSH (read-only there), or
from a snapshot of a stack's backups (RESTORE_FROM_BACKUP), loads them into a
temporary database, neutralizes it and swaps it in place of TARGET_DB, keeping
the replaced copy as the one previous generation.
  --rollback   swap the previous generation back (database and filestore)
  --snapshot   make the previous generation a copy of the live one (database
               copied, filestore hard-linked), the live one untouched; a
               --rollback later returns to it (bin/odoo-stack update)
  --stage      copy and load as a restore does, then stop before the swap:
               <db>~restore and its filestore directory stay, Odoo runs on
               untouched (a cutover verifies the copy in between)
  --swap-staged
               swap in what --stage left (Odoo stopped around the swap, the
               replaced copy kept as the previous generation), copying nothing
  --help       this text

Environment (see docs/restore.md):
  RESTORE_UPSTREAM            ssh destination of the source, e.g. odoo@opw-prod.shiny
  RESTORE_SSH_PORT            ssh port (default 22)
  RESTORE_SSH_DIR             directory with id_ed25519 or id_rsa, and known_hosts
  RESTORE_UPSTREAM_DB         database name upstream
  RESTORE_UPSTREAM_FILESTORE  upstream path of that database's filestore directory
  RESTORE_UPSTREAM_PG_DUMP    pg_dump command run upstream (default: pg_dump)
  TARGET_DB                   database to replace locally
  TARGET_FILESTORE_ROOT       filestore root; files end in $TARGET_FILESTORE_ROOT/$TARGET_DB
  TARGET_PG_CONTAINER         run psql/pg_restore in this container (docker exec);
                              unset: PGHOST, PGPORT, PGUSER, PGPASSWORD reach the server
  TARGET_ODOO_CONTAINER       optional: stopped before the swap, started after
  TARGET_PG_SERVICE           on a swarm, instead of TARGET_PG_CONTAINER: the
                              service whose running task's container is used, on the
                              engine of ODOO_STACK_DB_DOCKER_HOST (default: DOCKER_HOST)
  ODOO_STACK_DB_DOCKER_HOST   the Docker engine of the node that runs PostgreSQL's
                              task, e.g. ssh://root@db1 (docker exec reaches no other)
  TARGET_ODOO_SERVICES        on a swarm, instead of TARGET_ODOO_CONTAINER: services
                              scaled to zero before the swap, back to their replicas
                              after (DOCKER_HOST names a manager)
  RESTORE_SCALE_SECONDS       how long each scaling of those services may take
                              until their tasks run healthy (default 600)
  TARGET_ODOO_IMAGE           optional: image whose `odoo neutralize` runs on the copy
  TARGET_BASE_URL             web.base.url after restore
  RESTORE_DUMP_COMPRESS       pg_dump compression level upstream, 0-9 (default 1)
  RESTORE_JOBS                parallel pg_restore jobs for indexes and constraints
                              (default: number of cores)
  RESTORE_CACHE_DIR           where the fetched dump is kept
                              (default: ~/.cache/odoo-stack/restore)
  RESTORE_FROM_BACKUP         a snapshot id or 'latest': restore from the backups kept
                              by RESTORE_BACKUP_CONTAINER (docs/backups.md) instead
                              of over SSH; the RESTORE_UPSTREAM* variables are unused
  RESTORE_BACKUP_CONTAINER    the backup container of the stack whose backups to use
  RESTORE_NEUTRALIZE          1 (default) neutralize the copy; 0 keep it as it was,
                              for a stack restored from its own backups
  RESTORE_LINK_DEST           directory whose files the new filestore copy
                              hard-links where unchanged upstream (default: the
                              live copy, TARGET_FILESTORE_ROOT/TARGET_DB); on the
                              same file system, e.g. a cutover's early sync

Copies: <db>~restore (being loaded), <db>~previous (previous generation),
<db>~swap (only during a swap), for the database and the filestore directory.
Exit status: 0 done, 1 a phase failed (target left as it was), 2 bad input.
EOF
}

# ---------------------------------------------------------------- reporting

PHASE=setup
PHASE_T0=$EPOCHREALTIME
FAIL_MSG=
LOG=/dev/null
LOG_MARK=0

say() { printf 'restore: %s\n' "$*"; }
log() { printf '## %s\n' "$*" >&2; }

# Bad input: one line, exit 2, nothing to clean up yet.
usage_error() {
  printf 'restore: %s\n' "$*" >&7
  trap - EXIT
  exit 2
}

# Runtime failure: the EXIT trap cleans up and prints the one line.
die() {
  FAIL_MSG=$*
  exit 1
}

# The reason for a failure: the first error line a command left in the log
# since the phase began (or in FILE), else the last line.
log_tail() {
  local text line
  if [[ -n ${1:-} ]]; then
    text=$(grep -v -e '^##' -e '^[[:space:]]*$' "$1" 2>/dev/null || true)
  else
    text=$(tail -c +"$((LOG_MARK + 1))" "$LOG" 2>/dev/null | grep -v -e '^##' -e '^[[:space:]]*$' || true)
  fi
  line=$(grep -m 1 -E '(error|ERROR|FATAL|fatal):' <<<"$text" || true)
  [[ -n $line ]] || line=$(tail -n 1 <<<"$text")
  printf '%s' "${line:-no error output}"
}

phase() {
  PHASE=$1
  PHASE_T0=$EPOCHREALTIME
  log "phase $PHASE"
  LOG_MARK=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
}

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

done_phase() { say "$PHASE $* in $(elapsed "$PHASE_T0") s"; }

human_bytes() {
  awk -v b="$1" 'BEGIN { split("B KiB MiB GiB TiB", u); i = 1
    while (b >= 1024 && i < 5) { b /= 1024; i++ }
    if (i == 1) printf "%d %s", b, u[i]; else printf "%.1f %s", b, u[i] }'
}

# Single-quotes a word for the remote shell.
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# ---------------------------------------------------------------- input

require() { [[ -n ${!1:-} ]] || usage_error "$1 is not set${2:+ ($2)}"; }

validate_common() {
  require TARGET_DB
  [[ $TARGET_DB =~ $DBNAME_RE ]] || usage_error "TARGET_DB '$TARGET_DB' is not a valid Odoo database name (letters, digits, _ . -)"
  (( ${#TARGET_DB} + ${#SFX_PREV} <= 63 )) || usage_error "TARGET_DB '$TARGET_DB' is too long (max $((63 - ${#SFX_PREV})) characters)"
  require TARGET_FILESTORE_ROOT
  # Odoo creates <data_dir>/filestore only with its first attachment: create it
  # for a first restore, like its parent (owner included), but nothing deeper.
  local parent
  parent=$(dirname -- "$TARGET_FILESTORE_ROOT")
  if [[ ! -e $TARGET_FILESTORE_ROOT && -d $parent ]]; then
    if mkdir -- "$TARGET_FILESTORE_ROOT" 2>/dev/null; then
      chown --reference="$parent" -- "$TARGET_FILESTORE_ROOT" 2>/dev/null || true
    fi
  fi
  [[ -d $TARGET_FILESTORE_ROOT ]] || usage_error "TARGET_FILESTORE_ROOT '$TARGET_FILESTORE_ROOT' is not a directory"
  TARGET_FILESTORE_ROOT=$(cd "$TARGET_FILESTORE_ROOT" && pwd -P)
  RESTORE_CACHE_DIR=${RESTORE_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/odoo-stack/restore}
}

validate_restore() {
  require RESTORE_UPSTREAM "ssh destination, e.g. odoo@opw-prod.shiny"
  [[ $RESTORE_UPSTREAM =~ ^[^-[:space:]][^[:space:]]*$ ]] || usage_error "RESTORE_UPSTREAM '$RESTORE_UPSTREAM' is not an ssh destination"
  RESTORE_SSH_PORT=${RESTORE_SSH_PORT:-22}
  if ! [[ $RESTORE_SSH_PORT =~ ^[1-9][0-9]{0,4}$ ]] || (( RESTORE_SSH_PORT > 65535 )); then
    usage_error "RESTORE_SSH_PORT '$RESTORE_SSH_PORT' is not a port number"
  fi
  require RESTORE_SSH_DIR
  [[ -d $RESTORE_SSH_DIR ]] || usage_error "RESTORE_SSH_DIR '$RESTORE_SSH_DIR' is not a directory"
  [[ $RESTORE_SSH_DIR != *"'"* ]] || usage_error "RESTORE_SSH_DIR must not contain a single quote"
  SSH_KEY=
  local k
  for k in id_ed25519 id_rsa; do
    [[ -f $RESTORE_SSH_DIR/$k ]] && { SSH_KEY=$RESTORE_SSH_DIR/$k; break; }
  done
  [[ -n $SSH_KEY ]] || usage_error "RESTORE_SSH_DIR '$RESTORE_SSH_DIR' has no private key (id_ed25519 or id_rsa)"
  [[ -s $RESTORE_SSH_DIR/known_hosts ]] || usage_error "RESTORE_SSH_DIR '$RESTORE_SSH_DIR' has no known_hosts (host keys are never accepted blindly)"
  require RESTORE_UPSTREAM_DB
  [[ $RESTORE_UPSTREAM_DB =~ $DBNAME_RE ]] || usage_error "RESTORE_UPSTREAM_DB '$RESTORE_UPSTREAM_DB' is not a valid Odoo database name"
  require RESTORE_UPSTREAM_FILESTORE
  RESTORE_UPSTREAM_PG_DUMP=${RESTORE_UPSTREAM_PG_DUMP:-pg_dump}
  validate_base_url
  RESTORE_DUMP_COMPRESS=${RESTORE_DUMP_COMPRESS:-1}
  [[ $RESTORE_DUMP_COMPRESS =~ ^[0-9]$ ]] || usage_error "RESTORE_DUMP_COMPRESS '$RESTORE_DUMP_COMPRESS' is not a compression level 0-9"
  validate_jobs
  if [[ -n ${RESTORE_LINK_DEST:-} ]]; then
    [[ -d $RESTORE_LINK_DEST ]] || usage_error "RESTORE_LINK_DEST '$RESTORE_LINK_DEST' is not a directory (unset it to link against the live copy)"
  fi
}

# What the neutralization sets as web.base.url, and pg_restore's parallelism:
# for a restore over SSH and from backups alike.
validate_base_url() {
  require TARGET_BASE_URL
  [[ $TARGET_BASE_URL =~ ^https?://[^[:space:]]+$ ]] || usage_error "TARGET_BASE_URL '$TARGET_BASE_URL' is not an http(s) URL"
}

validate_jobs() {
  RESTORE_JOBS=${RESTORE_JOBS:-$(nproc 2>/dev/null || echo 2)}
  [[ $RESTORE_JOBS =~ ^[1-9][0-9]{0,2}$ ]] || usage_error "RESTORE_JOBS '$RESTORE_JOBS' is not a positive number of jobs"
}

# A restore from a stack's backups: a snapshot and the container that reads it.
validate_backup_source() {
  [[ $RESTORE_FROM_BACKUP =~ ^(latest|[0-9a-f]{8,64})$ ]] || usage_error "RESTORE_FROM_BACKUP '$RESTORE_FROM_BACKUP' is neither 'latest' nor a snapshot id (bin/odoo-stack backups <stack> lists them)"
  require RESTORE_BACKUP_CONTAINER "the backup container, e.g. opw-backup"
  RESTORE_NEUTRALIZE=${RESTORE_NEUTRALIZE:-1}
  [[ $RESTORE_NEUTRALIZE =~ ^[01]$ ]] || usage_error "RESTORE_NEUTRALIZE '$RESTORE_NEUTRALIZE' must be 0 or 1"
  if (( RESTORE_NEUTRALIZE )); then
    validate_base_url
  fi
  validate_jobs
}

# After the variables, so that a bad variable is named first.
check_tools() {
  local tools=(flock) tool
  if [[ -n ${RESTORE_FROM_BACKUP:-} ]]; then
    tools+=(docker tar)
  elif [[ $MODE == restore ]]; then
    tools+=(ssh rsync)
  fi
  if [[ -n ${TARGET_PG_CONTAINER:-}${TARGET_PG_SERVICE:-} || -n ${TARGET_ODOO_CONTAINER:-}${TARGET_ODOO_SERVICES:-} || -n ${TARGET_ODOO_IMAGE:-} ]]; then
    tools+=(docker)
  fi
  [[ -n ${TARGET_PG_CONTAINER:-}${TARGET_PG_SERVICE:-} ]] || tools+=(psql pg_restore)
  for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null || usage_error "$tool is not installed"
  done
  [[ -r $SQL_DIR/neutralize.sql && -r $SQL_DIR/rotate.sql ]] ||
    usage_error "$SQL_DIR is missing: restore.sh runs the SQL files of docker/scripts/restore.d, which must stay next to it"
}

# Names of the generations, for the database and the filestore alike.
set_names() {
  CUR=$TARGET_DB TMP=$TARGET_DB$SFX_TMP PREV=$TARGET_DB$SFX_PREV SWAP=$TARGET_DB$SFX_SWAP
  FS_CUR=$TARGET_FILESTORE_ROOT/$CUR FS_TMP=$TARGET_FILESTORE_ROOT/$TMP
  FS_PREV=$TARGET_FILESTORE_ROOT/$PREV FS_SWAP=$TARGET_FILESTORE_ROOT/$SWAP
}

# Cache dir, per-target lock and log; from here on stray stderr goes to the log.
open_workspace() {
  mkdir -p "$RESTORE_CACHE_DIR" 2>/dev/null || usage_error "RESTORE_CACHE_DIR '$RESTORE_CACHE_DIR' cannot be created"
  chmod 700 "$RESTORE_CACHE_DIR" 2>/dev/null || true
  local lock=$RESTORE_CACHE_DIR/$TARGET_DB.lock
  { exec 8>"$lock"; } 2>/dev/null || usage_error "RESTORE_CACHE_DIR '$RESTORE_CACHE_DIR' is not writable"
  flock -n 8 || die "another restore or rollback of $TARGET_DB is running (lock $lock)"
  DUMP=$RESTORE_CACHE_DIR/$TARGET_DB.dump
  # The log is outside the cache, so a full cache disk still leaves the reason.
  WORK=$(mktemp -d -t odoo-restore.XXXXXX) || die "cannot create a work directory in ${TMPDIR:-/tmp}"
  LOG=$WORK/log
  exec 2>>"$LOG"
}

# ---------------------------------------------------------------- target access

# docker on the engine that runs the database container: on a swarm, the
# database node's (ODOO_STACK_DB_DOCKER_HOST); docker exec reaches no other.
pg_docker() {
  if [[ -n ${ODOO_STACK_DB_DOCKER_HOST:-} ]]; then
    DOCKER_HOST=$ODOO_STACK_DB_DOCKER_HOST docker "$@"
  else
    docker "$@"
  fi
}

# On a swarm, PostgreSQL is the task of a service: its container is looked up
# on the database node's engine; a task on a node that engine is not is named,
# with the setting that reaches it.
find_pg_task() {
  [[ -n ${TARGET_PG_SERVICE:-} ]] || return 0
  [[ -z ${TARGET_PG_CONTAINER:-} ]] || usage_error "TARGET_PG_CONTAINER and TARGET_PG_SERVICE exclude each other"
  local id node addr engine=${ODOO_STACK_DB_DOCKER_HOST:-${DOCKER_HOST:-unix:///var/run/docker.sock}}
  id=$(pg_docker ps -q --filter "label=com.docker.swarm.service.name=$TARGET_PG_SERVICE" --filter status=running 2>/dev/null | head -n 1) || true
  if [[ -z $id ]]; then
    node=$(docker service ps --filter desired-state=running --format '{{.Node}}' "$TARGET_PG_SERVICE" 2>/dev/null | head -n 1) || true
    [[ -n $node ]] || usage_error "no running task of the swarm service $TARGET_PG_SERVICE: DOCKER_HOST must name a manager of the swarm that runs the stack (docker service ps $TARGET_PG_SERVICE)"
    addr=$(docker node inspect --format '{{.Status.Addr}}' "$node" 2>/dev/null) || addr=$node
    usage_error "PostgreSQL ($TARGET_PG_SERVICE) runs on node $node, not on the engine at $engine: set ODOO_STACK_DB_DOCKER_HOST to that node's engine, e.g. ODOO_STACK_DB_DOCKER_HOST=ssh://root@$addr"
  fi
  TARGET_PG_CONTAINER=$id
}

# The one home for running libpq clients against the target server: locally
# with the caller's PG* variables, or inside TARGET_PG_CONTAINER.
target_exec() {
  if [[ -z ${TARGET_PG_CONTAINER:-} ]]; then
    "$@" # no bare "return" here: in on_exit it would return the trap's status
  else
    target_docker_exec "$@"
  fi
}

target_docker_exec() {
  local env=() v
  for v in PGUSER PGPASSWORD PGOPTIONS PGCONNECT_TIMEOUT; do
    [[ -n ${!v:-} ]] && env+=(-e "$v")
  done
  # Without PGUSER, the official image's superuser (POSTGRES_USER) is meant.
  # shellcheck disable=SC2016 # expanded by the container's shell
  pg_docker exec -i "${env[@]}" "$TARGET_PG_CONTAINER" \
    sh -c 'PGUSER="${PGUSER:-${POSTGRES_USER:-postgres}}"; export PGUSER; exec "$@"' sh "$@"
}

# target_psql DB [psql args]: SQL from stdin or -c; unaligned, tuples only.
target_psql() {
  local db=$1
  shift
  PGOPTIONS="-c client_min_messages=warning ${PGOPTIONS:-}" \
    target_exec psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" "$@"
}

admin_psql() { target_psql postgres "$@"; }

# A file the target's clients can read: the same path locally, a copy under
# /tmp inside the container (streamed, so it belongs to the exec user).
target_put() {
  local src=$1 name=$2
  if [[ -z ${TARGET_PG_CONTAINER:-} ]]; then
    TARGET_PATH=$src
    return
  fi
  TARGET_PATH=/tmp/odoo-restore.$TARGET_DB.$name
  CONTAINER_FILES+=("$TARGET_PATH")
  # shellcheck disable=SC2016 # $1 is expanded by the container's shell
  target_exec sh -c 'cat >"$1"' sh "$TARGET_PATH" <"$src" \
    || die "cannot copy $name into container $TARGET_PG_CONTAINER: $(log_tail)"
}

# A server that does not answer is that failure, never "no such database".
db_exists() {
  local n
  n=$(admin_psql -v name="$1" <<<"SELECT count(*) FROM pg_database WHERE datname = :'name';") ||
    die "cannot connect to the target PostgreSQL${TARGET_PG_CONTAINER:+ in container $TARGET_PG_CONTAINER}: $(log_tail)"
  [[ $n == 1 ]]
}

drop_db() {
  admin_psql -v name="$1" <<<'DROP DATABASE IF EXISTS :"name" WITH (FORCE);'
}

# ---------------------------------------------------------------- upstream access

ssh_args() {
  SSH=(ssh -F none -T -p "$RESTORE_SSH_PORT" -i "$SSH_KEY"
    -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes
    -o "UserKnownHostsFile=$RESTORE_SSH_DIR/known_hosts" -o GlobalKnownHostsFile=/dev/null
    -o UpdateHostKeys=no -o LogLevel=ERROR -o ConnectTimeout=20
    -o ServerAliveInterval=15 -o ServerAliveCountMax=4 -o "Ciphers=$SSH_CIPHERS")
  # rsync -e takes one string; quote each word for rsync's own splitting.
  RSYNC_SSH=$(printf "'%s' " "${SSH[@]}")
}

# an IPv6 address is written in brackets (user@[2001:db8::1]), as rsync needs it; ssh takes it bare
ssh_upstream() { "${SSH[@]}" "${RESTORE_UPSTREAM//[\[\]]/}" "$@"; }

# The dump to stdout: pg_dump upstream over SSH, or the snapshot's dump.
fetch_dump() {
  if [[ -n ${RESTORE_FROM_BACKUP:-} ]]; then
    docker exec "$RESTORE_BACKUP_CONTAINER" odoo-backup restic dump "$SNAPSHOT" "$BACKUP_DUMP"
  else
    ssh_upstream "$1"
  fi
}

# ---------------------------------------------------------------- phases

phase_connect() {
  phase connect
  local fs out rc=0
  fs=$(shq "$RESTORE_UPSTREAM_FILESTORE")
  out=$(ssh_upstream "test -d $fs && test -r $fs && test -x $fs || { echo no readable directory upstream: $fs >&2; exit 3; };
    rsync --version || { echo rsync is not installed upstream >&2; exit 3; }") || rc=$?
  case $rc in
    0) ;;
    255) die "cannot reach $RESTORE_UPSTREAM port $RESTORE_SSH_PORT: $(log_tail)" ;;
    *) die "upstream check failed (status $rc): $(log_tail)" ;;
  esac
  done_phase "$RESTORE_UPSTREAM port $RESTORE_SSH_PORT, upstream $(awk '{ print $1, $3; exit }' <<<"$out")"
}

# The backup container answers, the snapshot exists and holds a database dump;
# SOURCE_DB is the database the snapshot was taken of.
phase_connect_backup() {
  phase connect
  local out=$WORK/snapshots.json
  docker exec "$RESTORE_BACKUP_CONTAINER" printenv BACKUP_DB >"$WORK/source_db" ||
    die "cannot reach the backup container $RESTORE_BACKUP_CONTAINER (is that stack up and backed up?): $(log_tail)"
  SOURCE_DB=$(<"$WORK/source_db")
  # an unknown id is not an error to restic (it lists nothing): both end in "no snapshot" below
  docker exec "$RESTORE_BACKUP_CONTAINER" odoo-backup restic snapshots --json "$RESTORE_FROM_BACKUP" >"$out" 2>"$WORK/snapshots.err" ||
    grep -q 'no matching ID' "$WORK/snapshots.err" ||
    die "cannot list the snapshots of $RESTORE_BACKUP_CONTAINER: $(log_tail "$WORK/snapshots.err")"
  SNAPSHOT=$({ grep -o '"id":"[0-9a-f]*"' "$out" || true; } | tail -n 1 | cut -d'"' -f4)
  [[ -n $SNAPSHOT ]] || die "no snapshot $RESTORE_FROM_BACKUP in the backups of $RESTORE_BACKUP_CONTAINER (bin/odoo-stack backups <stack> lists them)"
  BACKUP_DUMP=/var/lib/odoo-backup/dump/$SOURCE_DB.dump
  BACKUP_FILES=/var/lib/odoo/filestore/$SOURCE_DB
  docker exec "$RESTORE_BACKUP_CONTAINER" odoo-backup restic ls "$SNAPSHOT" "$BACKUP_DUMP" >"$WORK/ls" ||
    die "cannot read snapshot ${SNAPSHOT:0:8}: $(log_tail)"
  grep -qx "$BACKUP_DUMP" "$WORK/ls" || die "snapshot ${SNAPSHOT:0:8} holds no dump of $SOURCE_DB"
  # a database without a single attachment yet has no filestore directory: the copy gets an empty one
  # (into a file first: grep -q would stop reading a long listing and fail the pipe)
  BACKUP_HAS_FILES=0
  docker exec "$RESTORE_BACKUP_CONTAINER" odoo-backup restic ls "$SNAPSHOT" "$BACKUP_FILES" >"$WORK/ls-files" 2>/dev/null || true
  if grep -qx "$BACKUP_FILES" "$WORK/ls-files"; then BACKUP_HAS_FILES=1; fi
  local time
  time=$(grep -o '"time":"[^"]*"' "$out" | tail -n 1 | cut -d'"' -f4)
  done_phase "snapshot ${SNAPSHOT:0:8} of $SOURCE_DB taken ${time%%.*} from $RESTORE_BACKUP_CONTAINER"
}

# Server reachable and new enough; leftovers of an interrupted run removed;
# owner and locale for the copy taken from the current target.
phase_prepare() {
  phase prepare
  local version
  version=$(admin_psql -c 'SHOW server_version_num') || die "cannot connect to the target PostgreSQL: $(log_tail)"
  (( version >= 130000 )) || die "target PostgreSQL $version is too old (13 or newer needed)"
  refuse_live_production
  drop_stale
  local row
  row=$(admin_psql -F '|' -v cur="$CUR" <"$SQL_DIR/target-settings.sql") || die "cannot read the target database's settings: $(log_tail)"
  IFS='|' read -r OWNER ENCODING COLLATE CTYPE <<<"$row"
  ROLE_NOW=$(admin_psql -c 'SELECT current_user')
  done_phase "target $CUR owned by $OWNER"
}

# A copy that went live in a cutover is production itself (its note says so,
# and moves with it): a copy from upstream would replace production's data.
# Its own backups may still come back (RESTORE_FROM_BACKUP).
refuse_live_production() {
  [[ -z ${RESTORE_FROM_BACKUP:-} ]] || return 0
  local note
  note=$(admin_psql -v cur="$CUR" <<<"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = :'cur';") ||
    die "cannot read the note on $CUR: $(log_tail)"
  [[ $note == 'odoo-stack cutover: live from '* ]] || return 0
  die "$CUR is production: it went live from ${note#odoo-stack cutover: live from } (bin/odoo-stack cutover); a copy from $RESTORE_UPSTREAM would replace its data, so none is made. Its own backups may come back: bin/odoo-stack restore <stack> --from-backup latest"
}

# An interrupted run may leave <db>~restore (never live: dropped) or <db>~swap
# (the generation being discarded: dropped only if <db> itself is in place).
drop_stale() {
  drop_db "$TMP" || die "cannot drop the stale $TMP: $(log_tail)"
  rm -rf -- "$FS_TMP"
  if db_exists "$SWAP"; then
    db_exists "$CUR" || die "found database $SWAP but no $CUR: an interrupted swap, rename by hand (docs/restore.md)"
    drop_db "$SWAP" || die "cannot drop the stale $SWAP: $(log_tail)"
  fi
  if [[ -e $FS_SWAP ]]; then
    [[ -e $FS_CUR ]] || die "found $FS_SWAP but no $FS_CUR: an interrupted swap, rename by hand (docs/restore.md)"
    rm -rf -- "$FS_SWAP"
  fi
}

# The dump streams over SSH into $DUMP.part (in the background); the load
# follows that file as it grows, so the table data is loaded while it arrives
# and only the indexes and constraints wait for the end of the transfer.
start_db_fetch() {
  local part=$DUMP.part
  PARTIAL=$part
  : >"$part" || die "cannot write the dump to $part: $(log_tail)"
  DB_T0=$EPOCHREALTIME
  # Custom format to stdout: one stream, compressed upstream (level 1 is cheap,
  # and what crosses the network is what is kept), restorable with -j. cat
  # writes the file so that a full disk is reported as such. The exit status
  # of both ends lands in $WORK/db.done: "ssh-status cat-status end-time".
  local cmd=
  [[ -n ${RESTORE_FROM_BACKUP:-} ]] ||
    cmd="$RESTORE_UPSTREAM_PG_DUMP --format=custom --compress=$RESTORE_DUMP_COMPRESS --lock-wait-timeout=300000 --dbname=$(shq "$RESTORE_UPSTREAM_DB")"
  # From a snapshot into a database container (whose load waits for the whole
  # dump), the dump also goes into the container as it arrives: phase_verify
  # finds it there instead of copying it in after the transfer. Its status:
  # $WORK/db.inrc.
  DUMP_IN=''
  if [[ -n ${RESTORE_FROM_BACKUP:-} && -n ${TARGET_PG_CONTAINER:-} ]]; then
    DUMP_IN=/tmp/odoo-restore.$TARGET_DB.dump
    CONTAINER_FILES+=("$DUMP_IN")
  fi
  (
    set +e
    if [[ -n $DUMP_IN ]]; then
      # shellcheck disable=SC2016 # $1 is expanded by the container's shell
      fetch_to_stdout "$cmd" | tee -- "$part" | target_exec sh -c 'cat >"$1"' sh "$DUMP_IN"
      sts=("${PIPESTATUS[@]}")
      echo "${sts[2]}" >"$WORK/db.inrc"
      st=${sts[1]}
    else
      fetch_to_stdout "$cmd" | cat >"$part"
      st=$?
    fi
    printf '%s %s %s\n' "$(cat "$WORK/db.sshrc" 2>/dev/null || echo 255)" "$st" "$EPOCHREALTIME" >"$WORK/db.tmp"
    mv "$WORK/db.tmp" "$WORK/db.done"
  ) &
  DB_PID=$!
}

# The dump on stdout; the fetch's pid and status in $WORK/db.sshpid, db.sshrc.
fetch_to_stdout() {
  fetch_dump "$1" &
  echo "$!" >"$WORK/db.sshpid"
  wait "$!"
  echo "$?" >"$WORK/db.sshrc"
}

stop_db_fetch() {
  [[ -n $DB_PID ]] || return 0
  local pid
  read -r pid <"$WORK/db.sshpid" 2>/dev/null && kill "$pid" 2>/dev/null
  kill "$DB_PID" 2>/dev/null
  wait "$DB_PID" 2>/dev/null
  DB_PID=''
}

# collect_db_fetch: waits for the transfer to end; fails the run (phase
# fetch-db) if it failed; reports it once.
collect_db_fetch() {
  [[ -n $DB_PID ]] || return 0
  wait "$DB_PID" || true
  DB_PID=''
  local ssh_rc cat_rc t1
  read -r ssh_rc cat_rc t1 <"$WORK/db.done" || { PHASE=fetch-db; die "the dump transfer ended without a status"; }
  PHASE=fetch-db
  if [[ -n ${DUMP_IN:-} ]]; then
    local in_rc
    in_rc=$(cat "$WORK/db.inrc" 2>/dev/null || echo 255)
    (( in_rc == 0 )) || die "cannot write the dump into container $TARGET_PG_CONTAINER: $(log_tail)"
  fi
  (( cat_rc == 0 )) || die "cannot write the dump to $PARTIAL: $(log_tail)"
  if [[ -n ${RESTORE_FROM_BACKUP:-} ]]; then
    (( ssh_rc == 0 )) || die "reading the dump from snapshot ${SNAPSHOT:0:8} failed (status $ssh_rc): $(log_tail)"
  fi
  case $ssh_rc in
    0) ;;
    255) die "ssh to $RESTORE_UPSTREAM failed, dump cut off: $(log_tail)" ;;
    *) die "pg_dump upstream exited with status $ssh_rc, dump cut off: $(log_tail)" ;;
  esac
  [[ -s $PARTIAL ]] || die "the source produced an empty dump"
  say "fetch-db $(human_bytes "$(stat -c %s "$PARTIAL")") dump of ${SOURCE_DB:-$RESTORE_UPSTREAM_DB} in $(awk -v a="$DB_T0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
}

db_fetch_failed() {
  local ssh_rc cat_rc
  [[ -e $WORK/db.done ]] && read -r ssh_rc cat_rc _ <"$WORK/db.done" && (( ssh_rc != 0 || cat_rc != 0 ))
}

# A dump from a newer PostgreSQL, or written by a newer pg_dump, than the target's server does not load (its
# SQL uses what the older server lacks): refused before anything is loaded, with the way out.
check_dump_versions() {
  local from by target
  from=$(sed -n 's/^;[[:space:]]*Dumped from database version: \([0-9]*\).*/\1/p' "$WORK/toc" | head -n 1)
  by=$(sed -n 's/^;[[:space:]]*Dumped by pg_dump version: \([0-9]*\).*/\1/p' "$WORK/toc" | head -n 1)
  target=$(( $(admin_psql -c 'SHOW server_version_num') / 10000 ))
  if (( ${from:-0} > target || ${by:-0} > target )); then
    PHASE=verify
    die "the dump comes from a newer PostgreSQL than the target's (dumped from ${from:-?} by pg_dump ${by:-?}, target $target); upgrade the target's postgresVersion first (docs/operations.md, 'Upgrading PostgreSQL')"
  fi
}

# The table of contents heads the archive: readable as soon as it has
# arrived. Extension comments are left out of the restore list (we create the
# extensions, the comments come with them).
read_toc() {
  local part=$PARTIAL
  # From stdin: the file may be on this host and pg_restore in a container.
  until target_exec pg_restore -l <"$part" >"$WORK/toc" 2>"$WORK/toc.err"; do
    if [[ -e $WORK/db.done ]]; then
      # The transfer has ended: one last try on the whole file.
      target_exec pg_restore -l <"$part" >"$WORK/toc" 2>"$WORK/toc.err" && break
      db_fetch_failed && collect_db_fetch
      cat "$WORK/toc.err" >&2
      PHASE=verify
      if grep -q 'unsupported version' "$WORK/toc.err"; then
        die "the dump comes from a newer PostgreSQL than the target's ($(log_tail "$WORK/toc.err")); upgrade the target's postgresVersion first (docs/operations.md, 'Upgrading PostgreSQL')"
      fi
      die "dump is not a readable archive (cut off or corrupt): $(log_tail "$WORK/toc.err")"
    fi
    sleep 0.1
  done
  check_dump_versions
  TABLES=$(grep -c -E '^[0-9]+; [0-9]+ [0-9]+ TABLE DATA ' "$WORK/toc" || true)
  if (( TABLES == 0 )); then
    PHASE=verify
    die "dump has no table data"
  fi
  grep -v -E '^[0-9]+; [0-9]+ [0-9]+ COMMENT - EXTENSION ' "$WORK/toc" >"$WORK/list" || true
  target_put "$WORK/list" list
  LIST_AT=$TARGET_PATH
}

# The copy is created, then schema and data are loaded from the dump as it
# arrives (one pg_restore reading the growing file through tail). From a
# snapshot the dump arrives much faster than it loads (a local repository
# reads at hundreds of MiB/s; a link is what a restore over SSH waits for):
# there the whole dump is fetched first, and phase_load loads all of it with
# --jobs, the data of several tables at once instead of one after another.
phase_load_data() {
  phase load
  LOAD_T0=$PHASE_T0
  create_tmp_db
  if [[ -n ${RESTORE_FROM_BACKUP:-} ]]; then
    collect_db_fetch
    PHASE=load
    read_toc
    LOAD_SECTIONS=(--section=pre-data --section=data --section=post-data)
    return 0
  fi
  read_toc
  local st
  set +e
  tail -c +1 -s 0.1 -f --pid="$DB_PID" -- "$PARTIAL" \
    | PGOPTIONS="$LOAD_PGOPTIONS ${PGOPTIONS:-}" target_exec pg_restore --no-owner --no-acl --exit-on-error \
      "${RESTORE_ROLE[@]}" --section=pre-data --section=data --use-list="$LIST_AT" --dbname="$TMP"
  st=("${PIPESTATUS[@]}")
  set -e
  if (( st[1] != 0 )); then
    # Cut off upstream: the transfer's failure is the cause, not the load's.
    db_fetch_failed && collect_db_fetch
    PHASE=load
    die "pg_restore into $TMP failed: $(log_tail)"
  fi
  collect_db_fetch
  PHASE=load
}

# The whole archive is in: it must list completely; only then is the .part
# file renamed to the kept dump.
phase_verify() {
  phase verify
  if [[ -n ${DUMP_IN:-} ]]; then
    # already in the container: it must be all of what arrived
    local size_in size
    size=$(stat -c %s "$PARTIAL")
    size_in=$(target_exec stat -c %s "$DUMP_IN") || die "cannot read the dump in container $TARGET_PG_CONTAINER: $(log_tail)"
    [[ $size_in == "$size" ]] || die "the dump in container $TARGET_PG_CONTAINER has $size_in bytes, not the $size that arrived"
    TARGET_PATH=$DUMP_IN
  else
    target_put "$PARTIAL" dump
  fi
  DUMP_AT=$TARGET_PATH
  target_exec pg_restore -l "$DUMP_AT" >"$WORK/toc" || die "dump is not a readable archive (cut off or corrupt): $(log_tail)"
  mv -f -- "$PARTIAL" "$DUMP"
  PARTIAL=
  [[ -n ${TARGET_PG_CONTAINER:-} ]] || DUMP_AT=$DUMP
  done_phase "$(grep -c -E '^[0-9]+;' "$WORK/toc") archive entries, $TABLES tables"
}

# The filestore is pulled in the background while the database is fetched and
# loaded (different resources: mostly disk and network against CPU); it is
# collected before the swap. Pull only, so nothing is written upstream;
# unchanged files are hard links to the current copy.
start_filestore_fetch() {
  # --whole-file: Odoo never rewrites a file in place (names are content
  # hashes), so a delta against an older version has nothing to find and only
  # costs reads and checksums on both sides.
  local opts=(-rlpt --whole-file --stats --no-human-readable -e "$RSYNC_SSH")
  if (( EUID == 0 )); then
    # Files belong to whoever owns the filestore root (the Odoo user), not to
    # the upstream's uids.
    opts+=(-o -g --numeric-ids "--chown=$(stat -c %u:%g "$TARGET_FILESTORE_ROOT")")
  fi
  local base=${RESTORE_LINK_DEST:-$FS_CUR}
  if [[ -d $base ]]; then opts+=("--link-dest=$base"); fi
  FS_T0=$EPOCHREALTIME
  (
    trap 'kill "$child" 2>/dev/null; wait "$child"; exit 143' TERM
    rsync "${opts[@]}" "$RESTORE_UPSTREAM:$RESTORE_UPSTREAM_FILESTORE/" "$FS_TMP/" >"$WORK/rsync.stats" 2>"$WORK/rsync.err" &
    child=$!
    rc=0
    wait "$child" || rc=$?
    printf '%s %s\n' "$rc" "$EPOCHREALTIME" >"$WORK/fs.tmp"
    mv "$WORK/fs.tmp" "$WORK/fs.done"
  ) &
  FS_PID=$!
}

# From a snapshot: restic restores the directory straight into <db>~restore,
# its checks included (every blob's MAC and hash), with files written in
# parallel and never passing through a docker exec stream or tar. It runs in a
# one-off container (backup_restore_files), since the backup container reads
# the filestore only, and may not give files their owner.
start_filestore_fetch_backup() {
  FS_T0=$EPOCHREALTIME
  mkdir -p -- "$FS_TMP"
  local owner
  owner=$(stat -c %u:%g "$TARGET_FILESTORE_ROOT")
  FS_CONTAINER=''
  (( BACKUP_HAS_FILES )) && FS_CONTAINER=$RESTORE_BACKUP_CONTAINER-restore-$TARGET_DB
  (
    rc=0
    if [[ -n $FS_CONTAINER ]]; then
      backup_restore_files "$FS_CONTAINER" >>"$WORK/rsync.err" 2>&1 || rc=$?
    fi
    if (( rc == 0 && EUID == 0 )); then chown -R "$owner" -- "$FS_TMP" 2>>"$WORK/rsync.err" || rc=$?; fi
    printf '%s %s\n' "$rc" "$EPOCHREALTIME" >"$WORK/fs.tmp"
    mv "$WORK/fs.tmp" "$WORK/fs.done"
  ) &
  FS_PID=$!
}

# backup_restore_files NAME: `restic restore` of the snapshot's filestore into
# $FS_TMP as the one-off container NAME, of the backup container's image, in
# its network namespace (so it reaches exactly the repositories it reaches),
# with its environment, its repository mounts (/repository, /run/backup-ssh) and
# its password files (copied from it, container to container: never on this
# host's disk), and one mount more: $FS_TMP, where it writes. No filestore and
# no state directory. Capabilities: the backup container's DAC_READ_SEARCH (to
# read the repository whatever its files' owner), CHOWN and FOWNER (restic gives
# each file its owner in the snapshot, then its mode and times; chown -R after
# it gives them the target's owner).
backup_restore_files() {
  local name=$1 image mounts=() m
  docker rm -f "$name" >/dev/null 2>&1 || true # an interrupted run's
  image=$(docker inspect -f '{{.Config.Image}}' "$RESTORE_BACKUP_CONTAINER") || return 1
  while read -r m; do
    [[ -n $m ]] && mounts+=(--mount "$m")
  done < <(docker inspect -f '{{range .Mounts}}{{if or (eq .Destination "/repository") (eq .Destination "/run/backup-ssh")}}type=bind,source={{.Source}},target={{.Destination}}{{if not .RW}},readonly{{end}}{{println}}{{end}}{{end}}' "$RESTORE_BACKUP_CONTAINER")
  docker create --name "$name" --network "container:$RESTORE_BACKUP_CONTAINER" \
    --env-file <(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$RESTORE_BACKUP_CONTAINER") \
    --cap-drop ALL --cap-add DAC_READ_SEARCH --cap-add CHOWN --cap-add FOWNER --security-opt no-new-privileges \
    "${mounts[@]}" --mount "type=bind,source=$FS_TMP,target=/restore" --entrypoint odoo-backup "$image" \
    restic restore --target /restore "$SNAPSHOT:$BACKUP_FILES" >/dev/null || return 1
  # the password files, where odoo-backup reads them (Coolify passes variables instead: then there are none)
  if docker exec "$RESTORE_BACKUP_CONTAINER" test -d /run/secrets; then
    docker cp "$RESTORE_BACKUP_CONTAINER:/run/secrets" - | docker cp - "$name:/run" || return 1
  fi
  local rc=0
  docker start -a "$name" || rc=$?
  docker rm -f "$name" >/dev/null 2>&1 || true
  return "$rc"
}

stop_filestore_fetch() {
  [[ -n $FS_PID ]] || return 0
  kill "$FS_PID" 2>/dev/null
  wait "$FS_PID" 2>/dev/null
  FS_PID=''
  # the one-off restic outlives a killed docker run: it stops here, before <db>~restore goes
  [[ -z ${FS_CONTAINER:-} ]] || docker rm -f "$FS_CONTAINER" >/dev/null 2>&1
}

# collect_filestore [wait]: reports the pull once it has ended; fails the run
# if it failed. Without "wait", returns at once while it is still running.
collect_filestore() {
  [[ -n $FS_PID ]] || return 0
  [[ ${1:-} == wait || -e $WORK/fs.done ]] || return 0
  local rc=0 t1
  wait "$FS_PID" || true
  FS_PID=''
  read -r rc t1 <"$WORK/fs.done" || die "the filestore pull ended without a status"
  PHASE=fetch-filestore
  cat "$WORK/rsync.err" >&2
  if [[ -n ${RESTORE_FROM_BACKUP:-} ]]; then
    (( rc == 0 )) || die "reading the filestore from snapshot ${SNAPSHOT:0:8} failed: $(log_tail "$WORK/rsync.err")"
    say "fetch-filestore $(find "$FS_TMP" -type f | wc -l) files $(human_bytes "$(du -sb "$FS_TMP" | cut -f1)") from snapshot ${SNAPSHOT:0:8} in $(awk -v a="$FS_T0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
    return 0
  fi
  # 24: files vanished upstream while copying (Odoo's garbage collection).
  if (( rc != 0 && rc != 24 )); then
    local why
    # the cause, not the broken pipes that follow it
    why=$(grep '^rsync: ' "$WORK/rsync.err" | grep -v -e 'Broken pipe' -e 'connection unexpectedly closed' | head -n 1 || true)
    die "rsync exited with status $rc: ${why:-$(log_tail "$WORK/rsync.err")}"
  fi
  local files size sent sent_size
  files=$(rsync_stat 'Number of files' "$WORK/rsync.stats")
  sent=$(rsync_stat 'Number of regular files transferred' "$WORK/rsync.stats")
  size=$(rsync_stat 'Total file size' "$WORK/rsync.stats")
  sent_size=$(rsync_stat 'Total transferred file size' "$WORK/rsync.stats")
  say "fetch-filestore $files files $(human_bytes "$size"), $sent transferred $(human_bytes "$sent_size"), $((files - sent)) hard-linked in $(awk -v a="$FS_T0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
}

# rsync_stat LABEL FILE: a number from rsync --stats; for "Number of files",
# the regular files ("reg: N").
rsync_stat() {
  awk -v k="$1" 'index($0, k ":") == 1 {
      line = substr($0, length(k) + 2); gsub(/,/, "", line); n = 0
      if (k == "Number of files") { if (match(line, /reg: [0-9]+/)) n = substr(line, RSTART + 5, RLENGTH - 5) }
      else if (match(line, /[0-9]+/)) n = substr(line, RSTART, RLENGTH)
      print n; exit }' "$2"
}

create_tmp_db() {
  local created
  created=$(admin_psql -v tmp="$TMP" -v owner="$OWNER" -v enc="$ENCODING" -v coll="$COLLATE" -v ctype="$CTYPE" \
    <"$SQL_DIR/create-copy.sql") || die "cannot create database $TMP: $(log_tail)"
  [[ $created == ok ]] || die "cannot create database $TMP"
  PGOPTIONS="$RW_PGOPTIONS ${PGOPTIONS:-}" target_psql "$TMP" <"$SQL_DIR/extensions.sql" \
    || die "cannot create extensions pg_trgm/unaccent in $TMP: $(log_tail)"
  RESTORE_ROLE=()
  [[ $OWNER == "$ROLE_NOW" ]] || RESTORE_ROLE=("--role=$OWNER")
}

# Indexes and constraints, from the verified file, in parallel.
phase_load() {
  phase load
  PGOPTIONS="$LOAD_PGOPTIONS ${PGOPTIONS:-}" target_exec pg_restore --jobs="$RESTORE_JOBS" --no-owner --no-acl \
    --exit-on-error "${RESTORE_ROLE[@]}" "${LOAD_SECTIONS[@]}" --use-list="$LIST_AT" --dbname="$TMP" "$DUMP_AT" \
    || die "pg_restore into $TMP failed: $(log_tail)"
  local size how="data as it arrived, then indexes and constraints with $RESTORE_JOBS jobs"
  (( ${#LOAD_SECTIONS[@]} == 1 )) || how="schema, data, indexes and constraints with $RESTORE_JOBS jobs, from the whole dump"
  size=$(admin_psql -v tmp="$TMP" <<<"SELECT pg_database_size(:'tmp');")
  PHASE_T0=$LOAD_T0
  done_phase "$TABLES tables into $TMP, $(human_bytes "$size"), $how"
}

# Odoo's own neutralization where an image is given (docker run; needs the
# engine), then ours in every case.
phase_neutralize() {
  phase neutralize
  if [[ ${RESTORE_NEUTRALIZE:-1} == 0 ]]; then
    if [[ -n ${RESTORE_FROM_BACKUP:-} ]]; then
      done_phase "skipped: the stack's own backup comes back as it was"
    else
      done_phase "skipped: production's copy, like for like (a cutover)"
    fi
    return 0
  fi
  [[ -z ${TARGET_ODOO_IMAGE:-} ]] || odoo_neutralize
  local counts
  counts=$(PGOPTIONS="$RW_PGOPTIONS ${PGOPTIONS:-}" target_psql "$TMP" -v base_url="$TARGET_BASE_URL" <"$SQL_DIR/neutralize.sql") \
    || die "neutralization of $TMP failed: $(log_tail)"
  done_phase "${TARGET_ODOO_IMAGE:+odoo neutralize + }${counts:-nothing to change}"
}

odoo_neutralize() {
  local net host port
  if [[ -n ${TARGET_PG_CONTAINER:-} ]]; then
    # Inside the database container's network namespace the server is local.
    net=container:$TARGET_PG_CONTAINER host=127.0.0.1 port=5432
  else
    net=host host=${PGHOST:-localhost} port=${PGPORT:-5432}
  fi
  local env=(-e PGOPTIONS)
  [[ -z ${PGPASSWORD:-} ]] || env+=(-e PGPASSWORD)
  # The password travels in the environment, never on a command line.
  PGOPTIONS="$RW_PGOPTIONS" pg_docker run --rm --network "$net" "${env[@]}" --entrypoint odoo "$TARGET_ODOO_IMAGE" \
    neutralize -d "$TMP" --db_host "$host" --db_port "$port" --db_user "$ROLE_NOW" >&2 \
    || die "odoo neutralize ($TARGET_ODOO_IMAGE) failed: $(log_tail)"
}

stop_odoo() {
  if [[ -n ${TARGET_ODOO_SERVICES:-} ]]; then
    stop_odoo_services
    return
  fi
  [[ -n ${TARGET_ODOO_CONTAINER:-} ]] || return 0
  local running
  running=$(docker inspect -f '{{.State.Running}}' "$TARGET_ODOO_CONTAINER") \
    || die "cannot inspect container $TARGET_ODOO_CONTAINER: $(log_tail)"
  [[ $running == true ]] || return 0
  docker stop "$TARGET_ODOO_CONTAINER" >&2 || die "cannot stop $TARGET_ODOO_CONTAINER: $(log_tail)"
  ODOO_STOPPED=1
}

start_odoo() {
  (( ODOO_STOPPED )) || return 0
  if [[ -n ${TARGET_ODOO_SERVICES:-} ]]; then
    scale_services "${ODOO_SCALED[@]}" || return 1
  else
    docker start "$TARGET_ODOO_CONTAINER" >&2 || return 1
  fi
  ODOO_STOPPED=0
}

# On a swarm: Odoo's services scaled to zero, so no task on any node holds the
# database or writes the filestore during the swap; their replicas are noted
# for start_odoo, which scales them back.
stop_odoo_services() {
  local svc n zero=()
  ODOO_SCALED=()
  for svc in $TARGET_ODOO_SERVICES; do
    n=$(docker service inspect --format '{{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}{{end}}' "$svc") \
      || die "cannot inspect service $svc: $(log_tail)"
    [[ $n =~ ^[0-9]+$ ]] || die "service $svc is not a replicated service"
    (( n > 0 )) || continue
    ODOO_SCALED+=("$svc=$n")
    zero+=("$svc=0")
  done
  (( ${#zero[@]} )) || return 0
  ODOO_STOPPED=1 # from here a failure scales them back
  scale_services "${zero[@]}" || die "cannot scale ${TARGET_ODOO_SERVICES// /, } to zero: $(log_tail)"
}

# scale_services SERVICE=N...: all at once, then returns when each runs N tasks (a task with a health check
# counts as running once healthy), or fails after RESTORE_SCALE_SECONDS (default 600). Not the CLI's own wait:
# that takes one service after the other and watches each for its update monitor (20 s) once converged.
scale_services() {
  docker service scale --detach "$@" >&2 || return 1
  local deadline=$((SECONDS + ${RESTORE_SCALE_SECONDS:-600})) want svc running
  for want in "$@"; do
    svc=${want%=*}
    while true; do
      running=$(docker service ls --filter "name=$svc" --format '{{.Name}} {{.Replicas}}' | awk -v s="$svc" '$1 == s { print $2 }')
      [[ $running == "${want##*=}/${want##*=}" ]] && break
      (( SECONDS < deadline )) || { log "$svc runs ${running:-no} tasks after ${RESTORE_SCALE_SECONDS:-600} s, ${want##*=} wanted"; return 1; }
      sleep 0.2
    done
  done
}

# What start_odoo restarts, for the lines that tell of it.
odoo_what() {
  if [[ -n ${TARGET_ODOO_SERVICES:-} ]]; then echo "services ${TARGET_ODOO_SERVICES// /, }"; else echo "container ${TARGET_ODOO_CONTAINER:-}"; fi
}

# Renames on one file system; each one recorded so a failure can undo them.
fs_move() {
  mv -T -- "$1" "$2" || die "cannot rename $1 to $2: $(log_tail)"
  FS_MOVES+=("$1" "$2")
}

fs_undo() {
  local i
  for (( i = ${#FS_MOVES[@]} - 2; i >= 0; i -= 2 )); do
    mv -T -- "${FS_MOVES[i + 1]}" "${FS_MOVES[i]}" || log "could not move ${FS_MOVES[i + 1]} back to ${FS_MOVES[i]}"
  done
  FS_MOVES=()
}

# The renames that make each mode's swap, "FROM TO ..." in order, the same for
# the databases and the filestore directories; ?FROM: only if it exists. The
# generation replaced by a restore or a snapshot waits in <db>~swap until
# phase_cleanup, after the new copy is live.
generation_renames() {
  case $1 in
    restore | swap-staged) printf '%s\n' "?$PREV $SWAP ?$CUR $PREV $TMP $CUR" ;;
    rollback) printf '%s\n' "?$CUR $SWAP $PREV $CUR ?$SWAP $PREV" ;;
    snapshot) printf '%s\n' "?$PREV $SWAP $TMP $PREV" ;;
    *) return 1 ;;
  esac
}

# The one swap of restore, rollback and snapshot: Odoo stopped, the
# directories renamed, then the databases in one transaction (rotate.sql),
# signals held throughout; until that transaction commits, a failure moves the
# directories back (on_exit). WHAT names the step in the line that tells of
# an Odoo that did not start again.
swap_generations() {
  local what=$1 renames list
  list=$(generation_renames "$MODE") || die "no swap is defined for mode $MODE"
  read -r -a renames <<<"$list"
  hold_signals
  stop_odoo
  fs_rotate "${renames[@]}"
  db_rotate "${renames[*]}" >&2 || die "database rename failed, nothing swapped: $(log_tail)"
  SWAPPED=1
  FS_MOVES=()
  release_signals
  start_odoo || die "$what, but $(odoo_what) did not start: $(log_tail)"
}

# fs_rotate FROM TO ...: the renames on the filestore root's directories.
fs_rotate() {
  FS_MOVES=()
  local from to
  while (( $# >= 2 )); do
    from=$1 to=$2
    shift 2
    if [[ $from == '?'* ]]; then
      from=${from#'?'}
      [[ -e $TARGET_FILESTORE_ROOT/$from ]] || continue
    fi
    fs_move "$TARGET_FILESTORE_ROOT/$from" "$TARGET_FILESTORE_ROOT/$to"
  done
}

# db_rotate "FROM TO ...": the same renames on the databases (rotate.sql).
db_rotate() {
  admin_psql -v renames="$1" -v cur="$CUR" -v prev="$PREV" <"$SQL_DIR/rotate.sql"
}

# Signals wait until a swap is complete: an interruption between the renames
# of the directories and the database transaction would part the two.
hold_signals() { trap '' INT TERM HUP; }
release_signals() {
  trap 'FAIL_MSG="interrupted (SIGINT)"; exit 130' INT
  trap 'FAIL_MSG="interrupted (SIGTERM)"; exit 143' TERM
  trap 'FAIL_MSG="interrupted (SIGHUP)"; exit 129' HUP
}

# What this copy is, on the database itself: it moves with it through every rename, so `status` (and a
# rollback) always tell the truth about the live copy.
note_origin() {
  local origin
  if [[ -n ${RESTORE_FROM_BACKUP:-} ]]; then origin="snapshot $SNAPSHOT of $RESTORE_BACKUP_CONTAINER"
  else origin="$RESTORE_UPSTREAM:$RESTORE_UPSTREAM_DB"; fi
  admin_psql -v db="$TMP" -v note="odoo-stack restore: $origin at $(date -u +%Y-%m-%dT%H:%M:%SZ)" >&2 \
    <"$SQL_DIR/note-origin.sql" || die "cannot note the origin on $TMP, nothing swapped: $(log_tail)"
}

phase_swap() {
  phase swap
  local replaced="no previous generation yet"
  db_exists "$CUR" && replaced="the replaced copy is now $PREV"
  # a staged copy was noted when it was staged
  [[ $MODE == swap-staged ]] || note_origin
  swap_generations "swapped in"
  local restarted=
  (( ${#ODOO_SCALED[@]} )) && restarted=", ${TARGET_ODOO_SERVICES// /, } scaled back to ${ODOO_SCALED[*]}"
  [[ -n ${TARGET_ODOO_CONTAINER:-} ]] && restarted=", $TARGET_ODOO_CONTAINER restarted"
  done_phase "$CUR is the new copy, $replaced$restarted"
}

# The old previous generation goes only now, after the new copy is live.
phase_cleanup() {
  phase cleanup
  local what="no older generation to remove"
  if db_exists "$SWAP" || [[ -e $FS_SWAP ]]; then
    what="older generation removed"
    drop_db "$SWAP" || what="could not drop database $SWAP ($(log_tail)), the next run retries"
    rm -rf -- "$FS_SWAP" || what="$what; could not remove $FS_SWAP"
  fi
  done_phase "$what"
}

# ---------------------------------------------------------------- rollback

rollback() {
  phase rollback
  db_exists "$PREV" || die "no previous generation: database $PREV does not exist"
  if db_exists "$SWAP" || [[ -e $FS_SWAP ]]; then
    die "$SWAP exists: an interrupted swap, rename by hand (docs/restore.md)"
  fi
  if [[ ! -e $FS_PREV ]]; then
    mkdir -- "$FS_PREV" # a generation without files: an empty filestore
    CREATED_DIR=$FS_PREV
  fi
  swap_generations "rolled back"
  done_phase "$CUR is the previous generation again, the replaced one is $PREV"
}

# ---------------------------------------------------------------- snapshot

# The previous generation becomes a copy of the live one, which stays live and
# untouched; the older previous generation goes once the copy is in place.
snapshot() {
  phase snapshot
  db_exists "$CUR" || die "no database $CUR to take a snapshot of (bin/odoo-stack init creates it)"
  drop_stale
  local owner
  owner=$(admin_psql -v cur="$CUR" <<<"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :'cur';") ||
    die "cannot read the owner of $CUR: $(log_tail)"
  stop_odoo
  PREPARED=1
  # A template must have no other session: ended here, and again if one came back. The copy keeps the note of
  # where the live copy came from (comments are not copied with a template), so status tells it after a return.
  local try
  for try in 1 2 3; do
    admin_psql -v cur="$CUR" -v tmp="$TMP" -v owner="$owner" >&2 <"$SQL_DIR/snapshot-copy.sql" && break
    (( try < 3 )) || die "cannot copy database $CUR to $TMP: $(log_tail)"
    drop_db "$TMP" >&2 || true
  done
  # Hard links instead of copies: Odoo never rewrites a filestore file in place
  # (a file's name is its content's checksum; a change writes a new file), so
  # the live generation cannot change a file the snapshot shares with it.
  if [[ -e $FS_CUR ]]; then
    cp -al -- "$FS_CUR" "$FS_TMP" || die "cannot hard-link $FS_CUR to $FS_TMP: $(log_tail)"
  else
    mkdir -- "$FS_TMP" || die "cannot create $FS_TMP: $(log_tail)"
  fi
  swap_generations "snapshot taken"
  local size files
  size=$(admin_psql -v prev="$PREV" <<<"SELECT pg_database_size(:'prev');")
  files=$(find "$FS_PREV" -type f | wc -l)
  done_phase "$PREV is a copy of $CUR ($(human_bytes "$size"), $files files hard-linked)"
}

# ---------------------------------------------------------------- stage

# The loaded copy stays as <db>~restore beside the live one, noted with its
# origin, for --swap-staged once the caller has verified it.
phase_stage() {
  phase stage
  note_origin
  PREPARED=0 # kept: the copy is the result
  local size files
  size=$(admin_psql -v tmp="$TMP" <<<"SELECT pg_database_size(:'tmp');")
  files=$(find "$FS_TMP" -type f | wc -l)
  done_phase "$TMP ($(human_bytes "$size")) and $files files staged beside $CUR, which is untouched: restore.sh --swap-staged swaps them in"
}

# What --swap-staged needs: a whole staged copy (a stage that failed dropped
# its own), and no interrupted swap.
staged() {
  phase swap
  db_exists "$TMP" || die "nothing staged: database $TMP does not exist (restore.sh --stage first)"
  [[ -d $FS_TMP ]] || die "database $TMP is staged without its filestore directory $FS_TMP: restore.sh --stage again"
  if db_exists "$SWAP" || [[ -e $FS_SWAP ]]; then
    die "$SWAP exists: an interrupted swap, rename by hand (docs/restore.md)"
  fi
}

# ---------------------------------------------------------------- cleanup on exit

FS_PID='' FS_CONTAINER='' DUMP_IN='' DB_PID='' SNAPSHOT='' RESTORE_ROLE=() LOAD_SECTIONS=(--section=post-data) ODOO_STOPPED=0 ODOO_SCALED=() SWAPPED=0 PREPARED=0 FS_MOVES=() CONTAINER_FILES=() PARTIAL='' CREATED_DIR='' WORK=''

on_exit() {
  local rc=$? extra=
  trap - EXIT
  set +e
  stop_db_fetch
  stop_filestore_fetch
  if (( rc != 0 )); then
    if (( ! SWAPPED )); then
      fs_undo
      [[ -n $CREATED_DIR ]] && rmdir -- "$CREATED_DIR"
    fi
    if (( PREPARED )) && [[ $MODE != rollback ]]; then
      drop_db "$TMP" >&2 || extra="$extra; could not drop $TMP"
      rm -rf -- "$FS_TMP" || extra="$extra; could not remove $FS_TMP"
    fi
    start_odoo || extra="$extra; $(odoo_what) could not be started again"
  fi
  [[ -n $PARTIAL ]] && rm -f -- "$PARTIAL"
  local f
  for f in "${CONTAINER_FILES[@]}"; do
    target_exec rm -f -- "$f" >&2
  done
  if [[ -n $WORK ]]; then
    cp -f -- "$LOG" "$RESTORE_CACHE_DIR/$TARGET_DB.log" 2>/dev/null
    rm -rf -- "$WORK"
  fi
  if (( rc != 0 )); then
    [[ -n $FAIL_MSG ]] || FAIL_MSG="unexpected error (status $rc): $(log_tail)"
    printf 'restore: %s failed: %s%s\n' "$PHASE" "$FAIL_MSG" "$extra" >&7
  fi
  exit "$rc"
}

# ---------------------------------------------------------------- main

main() {
  exec 7>&2 # the caller's stderr: receives the one failure line, nothing else
  MODE=restore
  case ${1:-} in
    --help | -h) usage; exit 0 ;;
    --rollback) MODE=rollback ;;
    --snapshot) MODE=snapshot ;;
    --stage) MODE=stage ;;
    --swap-staged) MODE=swap-staged ;;
    '') ;;
    *) usage_error "unknown argument '$1' (see --help)" ;;
  esac
  (( $# <= 1 )) || usage_error "too many arguments (see --help)"
  trap on_exit EXIT
  release_signals
  validate_common
  if [[ $MODE =~ ^(restore|stage)$ && -n ${RESTORE_FROM_BACKUP:-} ]]; then
    validate_backup_source
  elif [[ $MODE =~ ^(restore|stage)$ ]]; then
    validate_restore
  fi
  check_tools
  find_pg_task
  set_names
  open_workspace
  local t0=$EPOCHREALTIME
  if [[ $MODE == rollback ]]; then
    rollback
    return
  fi
  if [[ $MODE == snapshot ]]; then
    snapshot
    phase_cleanup
    return
  fi
  if [[ $MODE == swap-staged ]]; then
    staged
    phase_swap
    phase_cleanup
    say "done $CUR from the staged copy in $(elapsed "$t0") s"
    return
  fi
  if [[ -n ${RESTORE_FROM_BACKUP:-} ]]; then
    RESTORE_DUMP_COMPRESS=0 # unused: the snapshot's dump is taken as it is
    phase_connect_backup
  else
    ssh_args
    phase_connect
  fi
  phase_prepare
  PREPARED=1
  start_db_fetch
  if [[ -n ${RESTORE_FROM_BACKUP:-} ]]; then start_filestore_fetch_backup; else start_filestore_fetch; fi
  local step
  for step in phase_load_data phase_verify phase_load phase_neutralize; do
    "$step"
    collect_filestore
  done
  PHASE=fetch-filestore
  collect_filestore wait
  if [[ $MODE == stage ]]; then
    phase_stage
    return
  fi
  phase_swap
  phase_cleanup
  say "done $CUR from ${SNAPSHOT:+snapshot ${SNAPSHOT:0:8} of $RESTORE_BACKUP_CONTAINER}${RESTORE_UPSTREAM:+$RESTORE_UPSTREAM:$RESTORE_UPSTREAM_DB} in $(elapsed "$t0") s"
}

# Run, not sourced: sourcing (the unit tests) only defines the functions above.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  shopt -s inherit_errexit
  export LC_ALL=C
  main "$@"
fi
