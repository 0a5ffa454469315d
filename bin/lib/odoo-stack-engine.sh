#!/usr/bin/env bash
# The engine work of the bin/odoo-stack commands that have not moved into Java yet (the compose engine on a
# swarm; a swarm's up on Pulumi). The Java command line checks the arguments, the stack and the tools (the
# Pulumi CLI on PATH included), then runs this: not run by hand (bin/odoo-stack --help).
set -euo pipefail

repo=${ODOO_STACK_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
project=${ODOO_STACK_PROJECT_DIR:-$repo}
jar="$repo/target/odoo-stack.jar"
java_fast=(-XX:TieredStopAtLevel=1 -Xlog:disable)

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

# compose_up STACK: the compose engine on a swarm (the Java command hands a stack over here once its rendering says
# dockerMode: swarm; on one host, engine.ComposeEngine does the up)
compose_up() {
  local stack=$1 dir
  dir="$(compose_home "$stack")/project"
  need_compose
  host_checks "$stack"
  compose_passwords "$stack"
  compose_render "$stack" "$dir"
  is_swarm "$dir" || die "up $stack: the compose engine on one host is the Java command's: bin/odoo-stack up $stack --engine compose"
  swarm_up "$stack" "$dir"
}

# ---- the compose engine on a swarm (dockerMode: swarm): the same model as a stack file, docker stack deploy ----

# is_swarm DIR: the rendering in DIR is for a swarm
is_swarm() {
  grep -Eq '"dockerMode" *: *"swarm"' "$1/outputs.json"
}

# swarm_checks: the engine is a swarm manager, and the nodes are labelled for the database and the edge
swarm_checks() {
  [[ $(docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null) == true ]] ||
    die "dockerMode swarm: the engine at ${DOCKER_HOST:-unix:///var/run/docker.sock} is not a swarm manager; set DOCKER_HOST to a manager's, or make this engine one: docker swarm init (docs/scale-out.md)"
  local label count
  for label in odoo-stack.db odoo-stack.edge; do
    count=$(docker node ls --filter "node.label=$label=true" -q | wc -l)
    if [[ $label == odoo-stack.db && $count -ne 1 ]]; then
      die "dockerMode swarm: $count nodes carry the label $label=true; exactly one must, the node that holds the database: docker node update --label-add $label=true <node> (docs/scale-out.md)"
    elif ((count == 0)); then
      die "dockerMode swarm: no node carries the label $label=true, so Traefik has nowhere to run: docker node update --label-add $label=true <node> (docs/scale-out.md)"
    fi
  done
}

# swarm_prepare STATE_DIR BUILDS_DIR LOG: what both engines do before deploying on a swarm: the engine is a manager
# with the labelled nodes, the bind mounts' directories exist here (and on the other nodes, as docs/scale-out.md
# says), and the images the stack builds are on this engine (built only when their content tag is missing)
swarm_prepare() {
  local state=$1 builds=$2 log=$3
  swarm_checks
  mkdir -p "$state/filestore" "$state/logs" "$state/postgres"
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli builds run "$builds" --log "$log" || exit 1
}

# swarm_settle STACK STATE_DIR SINCE AGAIN: what both engines do after deploying on a swarm: wait for the services,
# then check that every node mounts the same filestore (AGAIN: the engine's up command, for the fix)
swarm_settle() {
  swarm_wait "$1" "$3"
  swarm_check_shared "$1" "$2/filestore" "$4"
}

swarm_up() {
  local stack=$1 dir=$2 state t0
  state=$(sed -n 's/^ *"stateDir" *: *"\(.*\)",*$/\1/p' "$dir/outputs.json")
  swarm_prepare "$state" "$dir" "$(compose_home "$stack")/build.log"
  echo "odoo-stack: docker stack deploy for stack $stack (swarm; project $dir)" >&2
  t0=$(date +%s)
  # --resolve-image never: the nodes run the image as named, from their own store or registry
  docker stack deploy --compose-file "$dir/docker-compose.yml" --prune --resolve-image never "$stack" >&2
  swarm_settle "$stack" "$state" "$t0" "bin/odoo-stack up $stack --engine compose"
  cp "$dir/outputs.json" "$(compose_home "$stack")/outputs.json.new"
  mv "$(compose_home "$stack")/outputs.json.new" "$(compose_home "$stack")/outputs.json"
  echo "odoo-stack: stack $stack is up: $(plan_output "$stack" url)" >&2
}

# pulumi_swarm_up STACK [pulumi up options]: pulumi up on a swarm, between the same preparation and waits as
# docker stack deploy's (a service's convergeConfig waits for that service alone, and a one-shot one has none)
pulumi_swarm_up() {
  local stack=$1 state builds t0 rc=0
  shift
  state=$(plan_output "$stack" stateDir)
  builds=$(mktemp -d)
  java "${java_fast[@]}" -cp "$jar" dev.odoostack.cli.Cli builds write "$stack" --out "$builds" \
    --docker-host "${DOCKER_HOST:-unix:///var/run/docker.sock}" --project-dir "$project" || { rm -rf "$builds"; exit 1; }
  (swarm_prepare "$state" "$builds" "$(stack_home)/logs/$stack-build.log") || { rm -rf "$builds"; exit 1; }
  rm -rf "$builds"
  t0=$(date +%s)
  pulumi_up "$stack" "$@" || rc=$?
  if ((rc != 0)); then
    # an update the swarm rolls back by itself ends in the same line as on compose, whatever Pulumi reported,
    # once every update has ended
    swarm_updates_settled "$stack" "$t0"
    exit 1
  fi
  swarm_settle "$stack" "$state" "$t0" "bin/odoo-stack up $stack"
  echo "odoo-stack: stack $stack is up: $(plan_output "$stack" url)" >&2
}

# swarm_updates_ended STACK SINCE: prints the services whose update started since SINCE (epoch seconds) is still
# rolling. Once none is, the updates the swarm rolled back by itself, or paused, end here in one line naming each
# (a new image rolls Odoo and its cron service alike, and either may be the first to roll back)
swarm_updates_ended() {
  local stack=$1 since=$2 name restart update started
  local -a rolling=() rolled=() paused=()
  while read -r name; do
    read -r restart update started < <(docker service inspect --format '{{.Spec.TaskTemplate.RestartPolicy.Condition}} {{if .UpdateStatus}}{{.UpdateStatus.State}} {{if .UpdateStatus.StartedAt}}{{.UpdateStatus.StartedAt.Unix}}{{else}}0{{end}}{{else}}none 0{{end}}' "$name")
    # a one-shot service's update ends with its tasks, which swarm_wait looks at
    if [[ $restart == none ]] || ((started < since)); then continue; fi
    case "$update" in
      rollback_completed) rolled+=("$name") ;;
      paused | rollback_paused) paused+=("$name ($(docker service inspect --format '{{.UpdateStatus.Message}}' "$name"))") ;;
      updating | rollback_started) rolling+=("$name") ;;
    esac
  done < <(docker stack services "$stack" --format '{{.Name}}')
  if ((${#rolling[@]} > 0)); then
    printf '%s\n' "${rolling[@]}"
    return 0
  fi
  ((${#paused[@]} == 0)) ||
    die "the update is paused in $(words "${paused[@]}"): docker service ps ${paused[0]%% *} --no-trunc shows why"
  ((${#rolled[@]} == 0)) ||
    die "the update rolled back by itself in $(words "${rolled[@]}") (the new tasks did not become healthy); the previous version serves on: docker service ps ${rolled[0]} --no-trunc shows why"
}

# words A B C: "A, B and C"
words() {
  local all=("$@") last
  last=${all[-1]}
  unset 'all[-1]'
  if ((${#all[@]} == 0)); then printf '%s' "$last"; else printf '%s and %s' "$(printf '%s, ' "${all[@]}" | sed 's/, $//')" "$last"; fi
}

# swarm_updates_settled STACK SINCE: waits until no update started since SINCE is rolling (swarm_updates_ended)
swarm_updates_settled() {
  local deadline=$((SECONDS + ${ODOO_STACK_WAIT_SECONDS:-300})) rolling
  while true; do
    rolling=$(swarm_updates_ended "$1" "$2") || exit 1 # its line said which update rolled back
    [[ -n $rolling ]] || return 0
    ((SECONDS < deadline)) || die "updates of $1 still rolling after ${ODOO_STACK_WAIT_SECONDS:-300} s: docker stack ps $1 shows which"
    sleep 1
  done
}

# swarm_wait STACK SINCE: every service has its tasks running (healthy, where it has a health check: a swarm task
# is running only after its first healthy check), one-shot services are complete, and no update started since
# SINCE (epoch seconds) is still rolling; an update the swarm rolled back by itself ends here, in one line
swarm_wait() {
  local stack=$1 since=$2 deadline=$((SECONDS + ${ODOO_STACK_WAIT_SECONDS:-300})) name replicas restart rolling
  local -A reported=()
  while true; do
    local pending=0
    rolling=$(swarm_updates_ended "$stack" "$since") || exit 1
    while read -r name replicas; do
      if grep -qx "$name" <<<"$rolling"; then
        pending=$((pending + 1))
        continue
      fi
      restart=$(docker service inspect --format '{{.Spec.TaskTemplate.RestartPolicy.Condition}}' "$name")
      if [[ $restart == none ]]; then
        # one-shot: done once none of its tasks is still to run; a failed one is the end of it
        local states
        states=$(docker service ps "$name" --format '{{.CurrentState}}')
        if grep -Eq '^(Failed|Rejected)' <<<"$states"; then
          die "$name failed: $(docker service ps "$name" --no-trunc --format '{{.Error}}' | grep -m1 . || true)"
        elif grep -Eqv '^Complete' <<<"$states"; then
          pending=$((pending + 1))
        fi
        continue
      fi
      if [[ ${replicas%%/*} == "${replicas#*/}" && ${replicas%%/*} != 0 ]]; then
        [[ -n "${reported[$name]:-}" ]] || { echo "odoo-stack: $name $replicas running" >&2; reported[$name]=1; }
      else
        pending=$((pending + 1))
      fi
    done < <(docker stack services "$stack" --format '{{.Name}} {{.Replicas}}' | sed 's/ (.*//')
    ((pending == 0)) && return 0
    ((SECONDS < deadline)) || die "services of $stack not running after ${ODOO_STACK_WAIT_SECONDS:-300} s: docker stack ps $stack shows which"
    sleep 1
  done
}

# swarm_check_shared STACK DIR AGAIN: each node's newest odoo-init task wrote its id into DIR/.odoo-stack-nodes/<node> of
# the filestore it mounts; that every one is in the DIR this machine sees is what makes the filestore shared
swarm_check_shared() {
  local stack=$1 dir=$2 again=$3 id node seen=() missing=()
  # newest task first for each node (docker service ps orders a node's tasks so)
  while read -r id node; do
    [[ " ${seen[*]} " != *" $node "* ]] || continue
    seen+=("$node")
    [[ "$(cat "$dir/.odoo-stack-nodes/$node" 2>/dev/null)" == "$id" ]] || missing+=("$node")
  done < <(docker service ps "${stack}_odoo-init" --no-trunc --format '{{.ID}} {{.Node}}')
  ((${#missing[@]} == 0)) ||
    die "the filestore is not shared: ${missing[*]} wrote into a $dir that is not the one this machine sees, so Odoo's replicas there would not see each other's files; mount the shared filestore at $dir on every node (and run up on one of them: docs/scale-out.md, 'Preparing the nodes'), then $again"
  echo "odoo-stack: the filestore $dir is the one all ${#seen[@]} nodes mount" >&2
}

swarm_destroy() {
  local stack=$1 deadline=$((SECONDS + 120))
  docker stack rm "$stack" >&2
  # the networks go last, once the tasks on them have stopped: a new up before that would find them in use
  while [[ -n $(docker network ls -q --filter "label=com.docker.stack.namespace=$stack") ]]; do
    ((SECONDS < deadline)) || die "the networks of $stack are still there after 120 s: docker network ls"
    sleep 1
  done
}

# compose_destroy STACK: the compose engine's destroy on a swarm
compose_destroy() {
  local stack=$1 dir
  dir="$(compose_home "$stack")/project"
  need_compose
  refuse_production_destroy "$stack"
  [[ -f "$dir/docker-compose.yml" ]] || die "stack $stack was never brought up with the compose engine here ($dir)"
  # on one host, engine.ComposeEngine does the destroy
  is_swarm "$dir" || die "destroy $stack: the compose engine on one host is the Java command's: bin/odoo-stack destroy $stack --engine compose"
  swarm_destroy "$stack"
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
          destroy) compose_destroy "$stack" ;;
        esac
        return 0
      fi
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
        if [[ $(plan_output "$stack" dockerMode) == swarm ]]; then
          pulumi_swarm_up "$stack" "$@"
        else
          pulumi_up "$stack" "$@" || exit 1
        fi
      else
        pulumi preview --diff --stack "$stack" "$@"
      fi
      ;;
    *) die "unknown command '$command': bin/odoo-stack --help lists them" ;;
  esac
}

main "$@"
