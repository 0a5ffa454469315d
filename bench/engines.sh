#!/usr/bin/env bash
# Benchmark of the two engines of bin/odoo-stack side by side, and of the harness, from one run: harness set-up
# (warm, and cold with --cold), then for stack cm on the Pulumi engine and on the compose engine: a fresh `up`
# until every container is healthy, `preview` with no change, `up` after odooWorkers 2 -> 3, and `destroy`
# then `up`. Prints the figures and the Pulumi / compose ratios.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'USAGE'
usage: bench/engines.sh [--cold]

  Times, on the engine of bin/real-engine (stand-in Odoo image; Pulumi: the real CLI and providers, the
  language host a stand-in: docs/testing.md), for stack cm on each engine in turn:
    up (fresh)        bin/odoo-stack up cm, fresh state, until all healthy
    preview           bin/odoo-stack preview cm, no change
    up (change)       up after odooWorkers 2 -> 3 (replaces Odoo only)
    destroy + up      bin/odoo-stack destroy cm, then up again on the kept data
  and the harness:
    warm set-up       bin/real-engine prepare with everything cached
  --cold  also times a set-up from an empty cache (a cache of its own, deleted afterwards; the warm
          engine is stopped meanwhile, since two engines would share the host's bridge): 20-30 minutes.
Needs root. Run it alone on the engine (the suite takes /tmp/odoo-stack-e2e.lock; so does this script).
Leaves no stack behind.
USAGE
}

cold=0
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --cold) cold=1 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
say() { printf 'bench: %s\n' "$*" >&2; }

exec {lock}>/tmp/odoo-stack-e2e.lock
flock "$lock"

cold_s=""
if ((cold)); then
  say "cold set-up: stopping the warm engine, preparing from an empty cache"
  "$repo/bin/real-engine" stop
  cold_cache=$(mktemp -d /var/cache/odoo-stack-bench-cold.XXXXXX)
  t0=$(now)
  ODOO_STACK_CACHE=$cold_cache "$repo/bin/real-engine" prepare
  cold_s=$(elapsed "$t0" "$(now)")
  ODOO_STACK_CACHE=$cold_cache "$repo/bin/real-engine" clear
fi

say "warm set-up"
"$repo/bin/real-engine" prepare >/dev/null 2>&1 # make sure everything is built once
t0=$(now)
eval "$("$repo/bin/real-engine" prepare --env)"
warm_s=$(elapsed "$t0" "$(now)")
"$repo/bin/odoo-stack" build >/dev/null

work=$(mktemp -d)
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local engine
  for engine in pulumi compose; do
    [[ -d "$work/$engine" ]] || continue
    ODOO_STACK_HOME="$work/$engine/home" ODOO_STACK_PROJECT_DIR="$work/$engine/project" \
      "$repo/bin/odoo-stack" destroy cm --engine "$engine" --yes >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

declare -A fig
# measure ENGINE: the four steps on a project and state of its own
measure() {
  local engine=$1 dir="$work/$1" t0
  local -a yes=()
  [[ "$engine" == pulumi ]] && yes=(--yes --skip-preview)
  export ODOO_STACK_HOME="$dir/home" ODOO_STACK_PROJECT_DIR="$dir/project"
  mkdir -p "$ODOO_STACK_PROJECT_DIR"
  cp "$repo/Pulumi.yaml" "$ODOO_STACK_PROJECT_DIR/"
  ln -s "$repo/docker" "$ODOO_STACK_PROJECT_DIR/docker"
  ln -s "$repo/target" "$ODOO_STACK_PROJECT_DIR/target"
  { cat "$repo/Pulumi.cm.yaml"; echo "  odoo-stack:stateRoot: $dir/state"; } >"$ODOO_STACK_PROJECT_DIR/Pulumi.cm.yaml"
  # the first command of a new checkout sets the stack up (Pulumi: stack, passwords): not part of the figures
  "$repo/bin/odoo-stack" preview cm --engine "$engine" >/dev/null 2>&1

  say "$engine: up of a fresh cm"
  t0=$(now)
  "$repo/bin/odoo-stack" up cm --engine "$engine" "${yes[@]}" >"$dir/up.log" 2>&1 || { tail -20 "$dir/up.log" >&2; exit 1; }
  fig[$engine.up]=$(elapsed "$t0" "$(now)")

  say "$engine: preview, no change"
  t0=$(now)
  "$repo/bin/odoo-stack" preview cm --engine "$engine" >"$dir/preview.log" 2>&1
  fig[$engine.preview]=$(elapsed "$t0" "$(now)")

  say "$engine: up after odooWorkers 2 -> 3"
  sed -i 's/odoo-stack:odooWorkers: 2/odoo-stack:odooWorkers: 3/' "$ODOO_STACK_PROJECT_DIR/Pulumi.cm.yaml"
  t0=$(now)
  "$repo/bin/odoo-stack" up cm --engine "$engine" "${yes[@]}" >"$dir/change.log" 2>&1 || { tail -20 "$dir/change.log" >&2; exit 1; }
  fig[$engine.change]=$(elapsed "$t0" "$(now)")

  say "$engine: destroy, then up"
  t0=$(now)
  "$repo/bin/odoo-stack" destroy cm --engine "$engine" "${yes[@]}" >"$dir/destroy.log" 2>&1
  "$repo/bin/odoo-stack" up cm --engine "$engine" "${yes[@]}" >"$dir/again.log" 2>&1 || { tail -20 "$dir/again.log" >&2; exit 1; }
  fig[$engine.again]=$(elapsed "$t0" "$(now)")
  "$repo/bin/odoo-stack" destroy cm --engine "$engine" "${yes[@]}" >/dev/null 2>&1
}

measure pulumi
measure compose

printf '\n%-36s %10s %10s %8s\n' "what (seconds, one run; stack cm)" "pulumi" "compose" "ratio"
for step in up preview change again; do
  case $step in
    up) label="up, fresh, until all healthy" ;;
    preview) label="preview, no change" ;;
    change) label="up after odooWorkers 2 -> 3" ;;
    again) label="destroy, then up" ;;
  esac
  printf '%-36s %10s %10s %7sx\n' "$label" "${fig[pulumi.$step]}" "${fig[compose.$step]}" \
    "$(ratio "${fig[pulumi.$step]}" "${fig[compose.$step]}")"
done
echo
[[ -n "$cold_s" ]] && printf '%-36s %10s\n' "harness set-up, cold (empty cache)" "$cold_s"
printf '%-36s %10s\n' "harness set-up, warm" "$warm_s"
[[ -n "$cold_s" ]] && echo "cold / warm set-up: $(ratio "$cold_s" "$warm_s")x"
exit 0
