#!/usr/bin/env bash
# The engine work of the bin/odoo-stack commands that have not moved into Java yet (up, preview, destroy, refresh,
# restore, rebuild, move-engine, install-pulumi). The Java command line checks the arguments,
# the stack and the tools, then runs this with the command line as given: not run by hand (bin/odoo-stack --help).
set -euo pipefail

repo=${ODOO_STACK_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
project=${ODOO_STACK_PROJECT_DIR:-$repo}
jar="$repo/target/odoo-stack.jar"
java_fast=(-XX:TieredStopAtLevel=1 -Xlog:disable)
# the Pulumi CLI offered where none is installed: the release tarball, checked against its published sha256
PULUMI_VERSION=v3.253.0
PULUMI_SHA256=33161e521280e6c77395a46344dba5ff9c118a90df254801e662087143b4d1ac

die() { printf 'odoo-stack: %s\n' "$*" >&2; exit 1; }

build() {
  # the launcher (bin/odoo-stack) built it before the Java command line ran this
  [[ -f "$jar" ]] || die "$jar is missing: run bin/odoo-stack, which builds it"
}

stacks() {
  local f names=()
  for f in "$project"/Pulumi.*.yaml; do
    f=${f##*/Pulumi.}
    names+=("${f%.yaml}")
  done
  printf '%s' "${names[*]}"
}

need_stack() {
  [[ -n "${1:-}" && "${1:-}" != -* ]] || die "which stack? e.g. bin/odoo-stack $2 opw (stack files: $(stacks))"
  if [[ "$1" =~ ^(.*/)?Pulumi\.([^/]+)\.yaml$ ]]; then
    # a stack file given where its stack name belongs: the name is the file's middle part
    die "$1 is a stack file; give its stack name instead: bin/odoo-stack $2 ${BASH_REMATCH[2]}"
  fi
  [[ -f "$project/Pulumi.$1.yaml" ]] || die "no stack file Pulumi.$1.yaml in $project (stack files: $(stacks))"
}

# where install-pulumi puts the CLI; the downloads come from ODOO_STACK_TEST_PULUMI_URL in tests only
tools_pulumi() {
  printf '%s/tools/pulumi-%s' "$(stack_home)" "$PULUMI_VERSION"
}

pulumi_url() {
  printf '%s' "${ODOO_STACK_TEST_PULUMI_URL:-https://get.pulumi.com/releases/sdk/pulumi-$PULUMI_VERSION-linux-x64.tar.gz}"
}

# the operator's own CLI first, then the one in the tool directory; else offer to install it, never silently
need_pulumi() {
  local tools answer=${ODOO_STACK_INSTALL_PULUMI:-}
  command -v pulumi >/dev/null 2>&1 && return 0
  tools=$(tools_pulumi)
  if [[ ! -x "$tools/pulumi" ]]; then
    if [[ -z "$answer" && -t 0 && -t 2 ]]; then
      read -r -p "odoo-stack: the Pulumi CLI is not installed. Install Pulumi $PULUMI_VERSION (sha256-checked) into $tools? [y/N] " answer
    fi
    case "$answer" in
      y | Y | yes) install_pulumi ;;
      *)
        cat >&2 <<MSG
odoo-stack: the Pulumi CLI is not installed, so nothing can be deployed from this machine.
  Install it: https://www.pulumi.com/docs/install/ (then run this command again),
  or let odoo-stack install Pulumi $PULUMI_VERSION into $tools: bin/odoo-stack install-pulumi
  Or deploy the same model with docker compose:  bin/odoo-stack up $1 --engine compose
  Meanwhile, see everything this stack would declare, offline:  bin/odoo-stack plan $1
MSG
        exit 3
        ;;
    esac
  fi
  export PATH="$tools:$PATH"
}

# the release tarball into the tool directory, only when its sha256 is the pinned one; nothing half-installed
install_pulumi() {
  local tools url tmp sum
  tools=$(tools_pulumi)
  url=$(pulumi_url)
  tmp=$(mktemp -d)
  echo "odoo-stack: downloading Pulumi $PULUMI_VERSION from $url ..." >&2
  if ! curl -fsSL --connect-timeout 15 --max-time 600 -o "$tmp/pulumi.tar.gz" "$url" 2>"$tmp/error"; then
    local why
    why=$(tail -n 1 "$tmp/error")
    rm -rf "$tmp"
    die "could not download Pulumi $PULUMI_VERSION from $url (${why:-no answer}); nothing was installed: install Pulumi by hand (https://www.pulumi.com/docs/install/) or build it from its Go module (docs/testing.md#the-pulumi-cli), put it on PATH, then run this again"
  fi
  sum=$(sha256sum "$tmp/pulumi.tar.gz")
  sum=${sum%% *}
  if [[ "$sum" != "$PULUMI_SHA256" ]]; then
    rm -rf "$tmp"
    die "the file at $url has sha256 $sum, not the $PULUMI_SHA256 published for Pulumi $PULUMI_VERSION; nothing was installed: install Pulumi by hand (https://www.pulumi.com/docs/install/) or build it from its Go module (docs/testing.md#the-pulumi-cli), put it on PATH, then run this again"
  fi
  rm -rf "$tools.part" && mkdir -p "$tools.part"
  if ! tar -xzf "$tmp/pulumi.tar.gz" -C "$tools.part" --strip-components=1 || [[ ! -x "$tools.part/pulumi" ]]; then
    rm -rf "$tmp" "$tools.part"
    die "the Pulumi $PULUMI_VERSION tarball holds no pulumi/pulumi; nothing was installed"
  fi
  rm -rf "$tmp" && mv "$tools.part" "$tools"
  echo "odoo-stack: installed Pulumi $PULUMI_VERSION into $tools" >&2
}

random_secret() {
  # 32 characters from the kernel's CSPRNG; letters and digits only, so no quoting trouble anywhere
  local s=""
  while [[ ${#s} -lt 32 ]]; do
    s+=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  done
  printf '%s' "${s:0:32}"
}

# the state, passphrase and passwords directory: its owner's alone, whatever the umask
stack_home() {
  local home="${ODOO_STACK_HOME:-$repo/.odoo-stack}"
  (umask 077 && mkdir -p "$home")
  chmod 700 "$home"
  printf '%s' "$home"
}

pulumi_env() {
  local home
  home=$(stack_home)
  (umask 077 && mkdir -p "$home/state")
  # metadata=skip: no .attrs file beside each state file. The file backend rewrites it in place, so the program's
  # read of its own last outputs (the guard's stack reference) could find it empty mid-up: "failed to load
  # checkpoint: EOF" (the state file itself is replaced atomically)
  export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$home/state?metadata=skip}"
  if [[ -z "${PULUMI_CONFIG_PASSPHRASE:-}" && -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
    if [[ ! -f "$home/passphrase" ]]; then
      # a stack file with secrets was set up with another passphrase (a team's): a new one would not decrypt them
      local salted
      salted=$(grep -l '^encryptionsalt:' "$project"/Pulumi.*.yaml 2>/dev/null | head -n 1 || true)
      [[ -z "$salted" ]] ||
        die "${salted##*/} holds secrets encrypted with a passphrase this checkout does not have (no $home/passphrase, PULUMI_CONFIG_PASSPHRASE[_FILE] unset): get it from whoever set the stack up (docs/operations.md#team-use), then export PULUMI_CONFIG_PASSPHRASE_FILE=/path/to/that/passphrase"
      (umask 077 && random_secret > "$home/passphrase")
      echo "odoo-stack: generated the secrets passphrase in $home/passphrase; keep a copy, it decrypts the stack's secrets" >&2
    fi
    export PULUMI_CONFIG_PASSPHRASE_FILE="$home/passphrase"
  fi
}

generate_secret() {
  local stack=$1 key=$2
  if ! pulumi config get "$key" --stack "$stack" >/dev/null 2>&1; then
    # through stdin: the value never appears on a command line
    random_secret | pulumi config set --secret "$key" --stack "$stack"
    echo "odoo-stack: generated $key for stack $stack (stored as a Pulumi secret; read it with: pulumi config get $key --stack $stack)" >&2
  fi
}

# the Pulumi stack, created where missing (in the project directory, whose Pulumi.yaml names the program)
prepare_stack_only() {
  cd "$project"
  pulumi stack select "$1" >/dev/null 2>&1 || pulumi stack init "$1" --secrets-provider passphrase
}

prepare_stack() {
  local stack=$1 key
  prepare_stack_only "$stack"
  for key in $(needed_secrets "$stack"); do
    generate_secret "$stack" "$key"
  done
}

# the passwords the stack needs that may be generated, as the program's own parser says (a dashboard or a
# backup adds one)
needed_secrets() {
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli secrets "$1" --project-dir "$project"
}

# ---- the compose engine: the same model, rendered for the local Docker engine -------------------------------

compose_home() {
  printf '%s/compose/%s' "$(stack_home)" "$1"
}

compose_cmd() {
  local dir=$1
  shift
  docker-compose --project-name "$(basename "$(dirname "$dir")")" --project-directory "$dir" \
    --file "$dir/docker-compose.yml" "$@"
}

compose_passwords() {
  local stack=$1 dir key
  dir="$(compose_home "$stack")/passwords"
  (umask 077 && mkdir -p "$dir")
  local keys
  keys=$(needed_secrets "$stack") || exit 1
  for key in $keys; do
    if [[ ! -s "$dir/$key" ]]; then
      (umask 077 && random_secret >"$dir/$key")
      echo "odoo-stack: generated $key for stack $stack into $dir/$key (mode 600)" >&2
    fi
  done
}

# compose_render STACK DIR: the local rendering of the stack into DIR; configuration problems and changes the
# guard refuses (compared with the outputs of the last successful up) end here
compose_render() {
  local stack=$1 out=$2
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli compose "$stack" --local --out "$out" \
    --secrets "$(compose_home "$stack")/passwords" --docker-host "${DOCKER_HOST:-unix:///var/run/docker.sock}" \
    --previous "$(compose_home "$stack")/outputs.json" --project-dir "$project" >/dev/null || exit 1
}

need_compose() {
  command -v docker-compose >/dev/null 2>&1 ||
    die "docker-compose is not installed: apt-get install docker-compose (or use --engine pulumi)"
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
    die "no Docker engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}: start it, or set DOCKER_HOST (the tests' engine: eval \"\$(bin/real-engine prepare --env)\")"
}

# every container of the project healthy (or, for one-shot ones, exited 0), within a deadline
compose_wait() {
  local dir=$1 deadline=$((SECONDS + ${ODOO_STACK_WAIT_SECONDS:-300})) id state
  local -A reported=()
  while true; do
    local pending=0
    for id in $(compose_cmd "$dir" ps -q); do
      state=$(docker inspect --format '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{index .Config.Labels "odoo-stack.files-digest"}}' "$id")
      read -r name status code health _ <<<"$state"
      name=${name#/}
      if [[ "$status" == exited && "$code" == 0 && $(docker inspect --format '{{.HostConfig.RestartPolicy.Name}}' "$id") == no ]]; then
        continue
      elif [[ "$status" == exited || "$health" == unhealthy ]]; then
        docker logs --tail 20 "$id" >&2 || true
        die "$name is $status${health:+ ($health)}: its last log lines are above"
      elif [[ "$health" == healthy || ("$health" == none && "$status" == running) ]]; then
        [[ -n "${reported[$name]:-}" ]] || { echo "odoo-stack: $name ${health/none/running}" >&2; reported[$name]=1; }
      else
        pending=$((pending + 1))
      fi
    done
    ((pending == 0)) && return 0
    ((SECONDS < deadline)) || die "containers not healthy after ${ODOO_STACK_WAIT_SECONDS:-300} s: docker ps -a shows which"
    sleep 1
  done
}

compose_up() {
  local stack=$1 dir
  dir="$(compose_home "$stack")/project"
  need_compose
  host_checks "$stack"
  compose_passwords "$stack"
  compose_render "$stack" "$dir"
  if is_swarm "$dir"; then
    swarm_up "$stack" "$dir"
    return
  fi
  refuse_other_engine "$stack" compose
  # the images first: a build that fails leaves everything running as it was. An image is built only when its
  # content tag is missing, so unchanged inputs build nothing
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli builds run "$dir" --log "$(compose_home "$stack")/build.log" ||
    exit 1
  # commands the containers need (the addon checkout) next, as Pulumi orders them
  compose_commands "$stack" before
  echo "odoo-stack: docker-compose up for stack $stack (compose engine; project $dir)" >&2
  # no --build: every image is there now, so compose builds nothing
  compose_cmd "$dir" up --detach --remove-orphans
  compose_wait "$dir"
  local restart
  if [[ -s "$(compose_home "$stack")/restarts" ]]; then
    while read -r restart; do
      echo "odoo-stack: restarting $restart: the code it runs changed" >&2
      docker restart "$restart" >/dev/null
    done <"$(compose_home "$stack")/restarts"
    compose_wait "$dir"
  fi
  # commands that need the running stack (the restore) last
  compose_commands "$stack" after
  # the outputs the guard compares the next up with: those of an up that succeeded, replaced in one step
  cp "$dir/outputs.json" "$(compose_home "$stack")/outputs.json.new"
  mv "$(compose_home "$stack")/outputs.json.new" "$(compose_home "$stack")/outputs.json"
  echo "odoo-stack: stack $stack is up: $(plan_output "$stack" url)" >&2
}

# ---- the compose engine on a swarm (dockerMode: swarm): the same model as a stack file, docker stack deploy ----

# is_swarm DIR: the rendering in DIR is for a swarm
is_swarm() {
  grep -Eq '"dockerMode" *: *"swarm"' "$1/outputs.json"
}

# swarm_up STACK DIR and swarm_destroy STACK: the swarm's deploy and removal are engine.Swarm's (Java), which
# pulumi up on a swarm runs too; called from here until compose_up moves to Java
swarm_up() {
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.engine.Swarm deploy "$1" "$2" "$(compose_home "$1")" || exit 1
}

swarm_destroy() {
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.engine.Swarm destroy "$1" || exit 1
}

# compose_commands STACK PHASE: the stack's local commands of that phase that are due (docs/operations.md)
compose_commands() {
  local stack=$1 phase=$2 home
  home=$(compose_home "$stack")
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli commands run "$home/project" --phase "$phase" \
    --state "$home/commands" --workdir "$project" --restarts "$home/restarts" ||
    exit 1 # its last line said which command failed, why, and what happens next
}

# restore_direct STACK ROLLBACK SNAPSHOT [--from-stack S]: restore.sh with the environment the program computes
# for the stack (Cli restore-env): a rollback, or a restore from backups
restore_direct() {
  local stack=$1 rollback=$2 snapshot=$3
  shift 3
  # on a swarm, restore.sh finds PostgreSQL's task itself
  [[ $(plan_output "$stack" dockerMode) == swarm ]] || need_container "$stack-postgres"
  local args=() envs=()
  [[ -z "$snapshot" ]] || args=(--from-backup "$snapshot" "$@")
  mapfile -t envs < <(java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli restore-env "$stack" "${args[@]}" --project-dir "$project" || echo FAILED)
  [[ ${#envs[@]} -gt 0 && "${envs[-1]}" != FAILED ]] || exit 1
  local cmd=("$project/docker/scripts/restore.sh")
  ((rollback == 0)) || cmd+=(--rollback)
  (cd "$project" && env "${envs[@]}" "${cmd[@]}")
}

# compose_restore STACK: the stack's restore from the legacy host now, with the environment up would give it
compose_restore() {
  local stack=$1 next rc=0
  shift
  need_compose
  compose_passwords "$stack"
  next=$(mktemp -d)
  compose_render "$stack" "$next" || { rm -rf "$next"; exit 1; }
  # on a swarm, restore.sh finds PostgreSQL's task itself
  if ! is_swarm "$next" && ! docker inspect --type container "$stack-postgres" >/dev/null 2>&1; then
    rm -rf "$next" # it holds the passwords
    need_container "$stack-postgres"
  fi
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli commands now "$next" restore --workdir "$project" -- "$@" || rc=$?
  rm -rf "$next"
  return "$rc"
}

compose_preview() {
  local stack=$1 home next
  home=$(compose_home "$stack")
  need_compose
  host_checks "$stack"
  compose_passwords "$stack"
  next=$(mktemp -d)
  # the rendering holds secret files: it goes away however this ends
  (
    trap 'rm -rf "$next"' EXIT
    compose_render "$stack" "$next"
    echo "odoo-stack preview $stack (compose engine): what up would change"
    if [[ -f "$home/project/docker-compose.yml" ]]; then
      java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli compose-diff "$home/project" "$next"
    else
      echo "  everything: the stack was never brought up with the compose engine here"
    fi
  )
}

compose_destroy() {
  local stack=$1 dir
  dir="$(compose_home "$stack")/project"
  need_compose
  refuse_production_destroy "$stack"
  [[ -f "$dir/docker-compose.yml" ]] || die "stack $stack was never brought up with the compose engine here ($dir)"
  if is_swarm "$dir"; then
    swarm_destroy "$stack"
  else
    compose_cmd "$dir" down --remove-orphans
  fi
  # like pulumi destroy, which drops the stack outputs: the next up may change what the guard protects
  rm -f "$(compose_home "$stack")/outputs.json"
  data_kept "$stack" "bin/odoo-stack up $stack --engine compose"
}

# data_kept STACK HOW: after a destroy, where the data is and how to bring the stack back on it
data_kept() {
  echo "odoo-stack: stack $1 is down; its data stays where it was: $(plan_output "$1" stateDir) (database, filestore, logs) and its named volumes, if any (docker volume ls --filter name=^$1-); $2 brings it back on the same data" >&2
}

refuse_production_destroy() {
  # quoted too: once Pulumi has rewritten the stack file (any pulumi config set, the passwords bin/odoo-stack
  # generates) every value is a string, production: "true". Read here, not through the plan: a production stack
  # file with other problems is refused as production, not as a broken file
  if grep -Eq "^ *odoo-stack:production: *(true|\"true\"|'true') *(#.*)?$" "$project/Pulumi.$1.yaml"; then
    die "stack $1 has production: true, which protects it from destroy; to tear it down on purpose, set odoo-stack:production: false in Pulumi.$1.yaml first"
  fi
}

# no_pending_compose_changes STACK ACTION: a one-off action applies nothing else; the applied rendering must be
# what the stack file renders to now
no_pending_compose_changes() {
  local stack=$1 action=$2 home next diff
  home=$(compose_home "$stack")
  [[ -f "$home/project/docker-compose.yml" ]] ||
    die "$action: stack $stack was never brought up with the compose engine here; bring it up first: bin/odoo-stack up $stack --engine compose"
  next=$(mktemp -d)
  compose_render "$stack" "$next" || { rm -rf "$next"; exit 1; }
  diff=$(java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli compose-diff "$home/project" "$next") || { rm -rf "$next"; exit 1; }
  rm -rf "$next"
  [[ "$diff" == "  no changes" ]] ||
    die "$action: stack $stack has pending changes besides the $action ($(grep -c '^  [-+~]' <<<"$diff") container(s) or network(s): $(grep '^  [-+~]' <<<"$diff" | sed 's/^  [-+~] //' | paste -sd, | sed 's/,/, /g')); a $action applies nothing else. Apply them first: bin/odoo-stack preview $stack --engine compose shows them, bin/odoo-stack up $stack --engine compose applies them; then bin/odoo-stack $action $stack --engine compose"
}

# compose_rebuild STACK: fetch the addons again, build every image of the stack, recreate what runs on a changed
# image and restart Odoo on the fetched code
compose_rebuild() {
  local stack=$1 home dir
  home=$(compose_home "$stack")
  dir="$home/project"
  need_compose
  compose_passwords "$stack"
  no_pending_compose_changes "$stack" rebuild
  echo "odoo-stack: rebuild $stack: fetching the addon repositories again (where the stack has any)" >&2
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli commands now "$dir" fetch-addons --if-declared \
    --workdir "$project" --restarts "$home/restarts" >/dev/null || exit 1
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli builds run "$dir" --force --log "$home/build.log" || exit 1
  # a container whose image changed is recreated; the others that run the fetched code are restarted below
  compose_cmd "$dir" up --detach --remove-orphans
  compose_wait "$dir"
  local restart
  while read -r restart; do
    echo "odoo-stack: rebuild $stack: restarting $restart on the fetched code" >&2
    docker restart "$restart" >/dev/null
  done <"$home/restarts"
  compose_wait "$dir"
  echo "odoo-stack: stack $stack rebuilt: $(plan_output "$stack" url)" >&2
}

# pulumi_one_off STACK ACTION [pulumi up options]: a restore or a rebuild alone under Pulumi (`--target-replace` of
# its resources), refused when the stack has other pending changes; the restore's command sees ODOO_STACK_ACTION
pulumi_one_off() {
  local stack=$1 action=$2 preview rc=0
  shift 2
  need_pulumi "$stack"
  pulumi_env
  prepare_stack "$stack"
  preview=$(mktemp)
  echo "odoo-stack: $action $stack: looking for other pending changes (pulumi preview)" >&2
  if ! pulumi preview --stack "$stack" --json >"$preview"; then
    cat "$preview" >&2
    rm -f "$preview"
    die "$action: pulumi preview --stack $stack failed (its output is above); nothing was changed"
  fi
  local -a args=() current=()
  [[ "$action" != rebuild ]] || ! image_current "$stack" || current=(--image-current)
  mapfile -t args < <(java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli one-off "$stack" "$action" \
    --preview "$preview" "${current[@]}" --project-dir "$project" || echo FAILED)
  rm -f "$preview"
  [[ ${#args[@]} -eq 0 || "${args[-1]}" != FAILED ]] || exit 1
  # nothing to do (the line above said why)
  ((${#args[@]} > 0)) || return 0
  ODOO_STACK_ACTION=$action pulumi_up "$stack" "${args[@]}" "$@" || rc=$?
  return "$rc"
}

# image_current STACK: the Odoo image the stack builds is on the engine and built on its base image as the engine
# holds it now (the base's layers are its first layers). Built again from the same context, it would differ only
# by the docker provider's build label (pulumi.com/build-id): a new image id, and Odoo restarted for nothing
image_current() {
  local base built base_layers built_layers
  read -r base built < <(java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli odoo-image "$1" --project-dir "$project") || return 1
  [[ -n "${built:-}" ]] || return 1
  base_layers=$(docker image inspect --format '{{range .RootFS.Layers}}{{.}} {{end}}' "$base" 2>/dev/null) || return 1
  built_layers=$(docker image inspect --format '{{range .RootFS.Layers}}{{.}} {{end}}' "$built" 2>/dev/null) || return 1
  [[ -n "$base_layers" && "$built_layers" == "$base_layers"* ]]
}

# pulumi_up STACK [pulumi up options]: pulumi up, shown as Pulumi shows it; when it fails, the last lines are the
# cause in the words of each resource that failed (a command's restore: <phase> failed: ..., an image build's
# failed step and its own last line), as with the compose engine, and each container that is not healthy
pulumi_up() {
  local stack=$1 events rc=0
  shift
  events=$(mktemp)
  # --event-log is one of the CLI's debug flags (the Automation API turns them on the same way)
  PULUMI_DEBUG_COMMANDS=true pulumi up --stack "$stack" --event-log "$events" "$@" || rc=$?
  if ((rc != 0)); then
    java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli up-failures "$events" >&2 || true
    why_unhealthy "$stack"
  fi
  rm -f "$events"
  return "$rc"
}

# guard_pulumi STACK: the program's guard against the stack's outputs of its last up, before Pulumi runs: a change
# that would damage the running stack is one line each, as with the compose engine (inside `pulumi up` the
# program refuses it too, amid Pulumi's own report)
guard_pulumi() {
  local stack=$1 previous rc=0
  previous=$(mktemp)
  pulumi stack output --json --stack "$stack" >"$previous" 2>/dev/null || echo '{}' >"$previous"
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli plan "$stack" --check-local --previous "$previous" \
    --project-dir "$project" >/dev/null || rc=$?
  rm -f "$previous"
  ((rc == 0)) || exit 1
}

# host_checks STACK: what only the Docker host can answer (its memory against the stack's limits, the shared proxy
# network), one line per problem, before anything is deployed; plan, offline, names these checks without making them
host_checks() {
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli host-check "$1" --project-dir "$project" || exit 1
}

# ---- one engine per stack: the handover between compose and Pulumi -----------------------------------------

# running_engine STACK: which engine's containers the stack has on this Docker engine: compose, pulumi or nothing
running_engine() {
  local labels
  labels=$(docker ps -a --filter "label=odoo-stack.stack=$1" --format '{{.Label "com.docker.compose.project"}}' 2>/dev/null | sort -u)
  if [[ -z "$(docker ps -aq --filter "label=odoo-stack.stack=$1" 2>/dev/null)" ]]; then
    return 0
  elif [[ -n "$labels" ]]; then
    printf compose
  else
    printf pulumi
  fi
}

# refuse_other_engine STACK ENGINE: up on one engine while the other's containers run the stack would start new
# containers on the same data with other passwords (PostgreSQL keeps the one it was initialised with)
refuse_other_engine() {
  local stack=$1 engine=$2 running
  running=$(running_engine "$stack")
  [[ -n "$running" && "$running" != "$engine" ]] || return 0
  die "up $stack: the stack runs on the $running engine here, with passwords the $engine engine does not have; carry them over and hand the stack to $engine with: bin/odoo-stack move-engine $stack --to $engine"
}

# move_engine STACK TARGET: the passwords the stack runs with, from the engine running it to the other one; then
# that engine's containers go (data kept), so the next up on TARGET starts on the same data with the same passwords
move_engine() {
  local stack=$1 target=$2 running key dir value
  running=$(running_engine "$stack")
  [[ -n "$running" ]] || die "move-engine: stack $stack has no containers on ${DOCKER_HOST:-the local Docker engine}; bring it up on the engine you want: bin/odoo-stack up $stack --engine $target"
  [[ "$running" != "$target" ]] || die "move-engine: stack $stack already runs on the $target engine; nothing to move"
  dir="$(compose_home "$stack")/passwords"
  need_pulumi "$stack"
  pulumi_env
  prepare_stack_only "$stack"
  local keys
  keys=$(needed_secrets "$stack") || exit 1
  for key in $keys; do
    if [[ "$target" == pulumi ]]; then
      [[ -s "$dir/$key" ]] || continue
      # through stdin: never on a command line
      pulumi config set --secret "$key" --stack "$stack" <"$dir/$key"
    else
      value=$(pulumi config get "$key" --stack "$stack" 2>/dev/null) || continue
      (umask 077 && mkdir -p "$dir" && printf '%s\n' "$value" >"$dir/$key")
    fi
    echo "odoo-stack: move-engine $stack: $key carried over to the $target engine" >&2
  done
  if [[ "$running" == compose ]]; then
    compose_destroy "$stack"
  else
    refuse_production_destroy "$stack"
    pulumi destroy --stack "$stack" --yes --skip-preview
    data_kept "$stack" "bin/odoo-stack up $stack --engine $target"
  fi
  echo "odoo-stack: move-engine $stack: the $running engine's containers are gone, the data and passwords stay; next: bin/odoo-stack up $stack --engine $target" >&2
}

# ---- day 2: the running stack, whichever engine deployed it -------------------------------------------------

# why_unhealthy STACK: after a failed up, one line for each container of the stack that is not healthy, with the
# output of its last health check (the provider says only that it "failed to be in healthy state")
why_unhealthy() {
  local stack=$1 name health last
  while read -r name; do
    # a one-shot container that did its work (odoo-init) is no long-running one, whatever its image's check says
    health=$(docker inspect --type container --format '{{if and .State.Health (or .State.Running .State.ExitCode)}}{{.State.Health.Status}}{{end}}' "$name" 2>/dev/null) || continue
    [[ -n "$health" && "$health" != healthy ]] || continue
    # the last check's exit code and output, quoted on one line
    last=$(docker inspect --type container --format '{{range .State.Health.Log}}exit {{.ExitCode}}, {{printf "%q" .Output}}{{println}}{{end}}' "$name" |
      sed '/^$/d' | tail -n 1)
    echo "odoo-stack: up $stack: $name is $health; its last health check: ${last:-none yet} (bin/odoo-stack logs $stack ${name#"$stack"-})" >&2
  done < <(docker ps -a --filter "label=odoo-stack.stack=$stack" --format '{{.Names}}' 2>/dev/null | sort)
}

# plan_output STACK KEY: a plain value of the stack outputs (url, database, egress, production)
plan_output() {
  local plan
  plan=$(java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli plan "$1" --json --project-dir "$project" 2>/dev/null) ||
    die "the stack file of $1 has problems; bin/odoo-stack plan $1 lists them"
  sed -n "s/^    \"$2\" *: *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" <<<"$plan" | tail -1
}


need_container() {
  docker inspect --type container "$1" >/dev/null 2>&1 ||
    die "no container $1 on ${DOCKER_HOST:-the local Docker engine}: is the stack up? (bin/odoo-stack status ${1%%-*})"
}

engine_from() {
  local a engine=${ODOO_STACK_ENGINE:-pulumi}
  for a in "$@"; do
    case "$a" in
      --engine=*) engine=${a#--engine=} ;;
    esac
  done
  local i
  for ((i = 1; i <= $#; i++)); do
    [[ "${!i}" == --engine ]] && { local j=$((i + 1)); engine=${!j:-}; }
  done
  case "$engine" in
    pulumi | compose) printf '%s' "$engine" ;;
    *) die "--engine: '$engine' is not an engine; use --engine pulumi or --engine compose" ;;
  esac
}

without_engine() {
  local skip=0 a
  for a in "$@"; do
    if ((skip)); then skip=0; continue; fi
    case "$a" in
      --engine) skip=1 ;;
      --engine=*) ;;
      *) printf '%s\0' "$a" ;;
    esac
  done
}

main() {
  local command=${1:-}
  [[ -n "$command" ]] || die "which command? bin/odoo-stack --help lists them"
  shift
  case "$command" in
    install-pulumi)
      if [[ -x "$(tools_pulumi)/pulumi" ]]; then
        echo "odoo-stack: Pulumi $PULUMI_VERSION is already in $(tools_pulumi)" >&2
      else
        install_pulumi
      fi
      ;;
    restore)
      need_stack "${1:-}" restore
      local stack=$1 engine
      shift
      engine=$(engine_from "$@") || exit 1
      local -a rest=()
      mapfile -d '' -t rest < <(without_engine "$@")
      set -- "${rest[@]}"
      local rollback=0 snapshot='' from=() yes=()
      while [[ $# -gt 0 ]]; do
        case "$1" in
          --rollback) rollback=1 ;;
          -y | --yes) yes=(--yes) ;;
          --from-backup) [[ -n "${2:-}" ]] || die "restore: --from-backup needs a snapshot id or latest (bin/odoo-stack backups $stack lists them)"
            snapshot=$2; shift ;;
          --from-stack) [[ -n "${2:-}" ]] || die "restore: --from-stack needs the stack whose backups to use, e.g. --from-stack opw"
            from=(--from-stack "$2"); shift ;;
          *) die "restore: '$1' is not an option; use bin/odoo-stack restore $stack [--rollback | --from-backup ID|latest [--from-stack STACK]]" ;;
        esac
        shift
      done
      ((${#from[@]} == 0 || ${#snapshot} > 0)) || die "restore: --from-stack goes with --from-backup, e.g. bin/odoo-stack restore $stack --from-backup latest ${from[*]}"
      build
      if ((rollback)) || [[ -n "$snapshot" ]]; then
        # whichever engine deployed the stack: restore.sh works on its containers by name
        ((rollback == 0 || ${#snapshot} == 0)) || die "restore: --rollback and --from-backup exclude each other"
        restore_direct "$stack" "$rollback" "$snapshot" "${from[@]}"
        return
      fi
      if [[ "$engine" == compose ]]; then
        compose_restore "$stack"
      else
        pulumi_one_off "$stack" restore "${yes[@]}"
      fi
      ;;
    rebuild)
      need_stack "${1:-}" rebuild
      local stack=$1 engine
      shift
      engine=$(engine_from "$@") || exit 1
      local -a rest=() yes=()
      mapfile -d '' -t rest < <(without_engine "$@")
      for a in "${rest[@]}"; do
        case "$a" in
          -y | --yes) yes=(--yes) ;;
          *) die "rebuild: '$a' is not an option; use bin/odoo-stack rebuild $stack [--engine pulumi|compose] [--yes]" ;;
        esac
      done
      build
      if [[ "$engine" == compose ]]; then
        compose_rebuild "$stack"
      else
        pulumi_one_off "$stack" rebuild "${yes[@]}"
      fi
      ;;
    move-engine)
      need_stack "${1:-}" move-engine
      [[ "${2:-}" == --to && ("${3:-}" == pulumi || "${3:-}" == compose) && $# -eq 3 ]] ||
        die "move-engine: which engine to? bin/odoo-stack move-engine $1 --to pulumi (or --to compose)"
      build
      move_engine "$1" "$3"
      ;;
    up|preview|destroy)
      need_stack "${1:-}" "$command"
      local stack=$1 engine
      shift
      engine=$(engine_from "$@") || exit 1
      local -a rest=()
      mapfile -d '' -t rest < <(without_engine "$@")
      set -- "${rest[@]}"
      if [[ "$engine" == compose ]]; then
        build
        case "$command" in
          up) compose_up "$stack" ;;
          preview) compose_preview "$stack" ;;
          destroy) compose_destroy "$stack" ;;
        esac
        return 0
      fi
      need_pulumi "$stack"
      build
      # what the program alone cannot see: the project's other stacks on the same Docker host (docs/edge.md),
      # and the addon checkouts this machine writes under the state root
      [[ "$command" == destroy ]] ||
        java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli plan "$stack" --check-local --project-dir "$project" >/dev/null ||
        exit 1
      [[ "$command" == destroy ]] || host_checks "$stack"
      pulumi_env
      prepare_stack "$stack"
      [[ "$command" == destroy ]] || guard_pulumi "$stack"
      if [[ "$command" == destroy ]]; then
        refuse_production_destroy "$stack"
        # volumes are retained on delete and bind-mounted state is never Pulumi's to delete
        if ! pulumi destroy --stack "$stack" "$@"; then
          # a destroy that failed part way can leave the state out of step with the engine: a service Docker has
          # removed is still in the state, and deleting it again fails on "not found" (seen on a swarm). Read
          # what is left from the engine, then once more
          echo "odoo-stack: destroy $stack: pulumi destroy failed; reading what is left from the engine (pulumi refresh), then destroying once more" >&2
          pulumi refresh --stack "$stack" --yes --skip-preview >&2 ||
            die "destroy: pulumi refresh --stack $stack failed (its output is above); what is left: pulumi stack --stack $stack"
          pulumi destroy --stack "$stack" "$@" ||
            die "destroy: pulumi destroy --stack $stack failed twice (its output is above); nothing holding data was deleted; what is left: pulumi stack --stack $stack"
        fi
        data_kept "$stack" "bin/odoo-stack up $stack"
      elif [[ "$command" == up ]]; then
        refuse_other_engine "$stack" pulumi
        # a swarm's builds and waits around pulumi up are Java's (engine.Swarm): this path runs only when the
        # Pulumi CLI was not on PATH, and it is now
        [[ $(plan_output "$stack" dockerMode) != swarm ]] ||
          die "up $stack: Pulumi is installed now; run the same command again: bin/odoo-stack up $stack"
        pulumi_up "$stack" "$@" || exit 1
      else
        pulumi preview --diff --stack "$stack" "$@"
      fi
      ;;
    refresh)
      need_stack "${1:-}" refresh
      local stack=$1
      shift
      need_pulumi "$stack"
      pulumi_env
      prepare_stack_only "$stack"
      pulumi refresh --stack "$stack" "$@"
      ;;
    *) die "unknown command '$command': bin/odoo-stack --help lists them" ;;
  esac
}

main "$@"
