#!/usr/bin/env bash
# Benchmark of bin/odoo-stack before and after its move into Java (issue 26), from one run: --help, status, and
# up of an unchanged stack on each engine, with the old bin/odoo-stack (a worktree of REV) and this checkout's.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'USAGE'
usage: bench/cli.sh [--before REV] [--runs N]

  Times, on the engine of bin/real-engine (stand-in Odoo image; Pulumi: the real CLI and providers), with the
  bin/odoo-stack of REV ("before", default 1c688a8: the last one in bash) and of this checkout ("after"):
    --help              the overview
    status cm           of a running cm (before: bash, four JVMs; after: one JVM)
    up cm, unchanged    on the Pulumi engine (before: the raw CLI, the program run by the Java language host;
                        after: the Automation API, the program in bin/odoo-stack's own JVM) and on the compose
                        engine (before: bash and the jar's inner commands; after: engine.ComposeEngine, one JVM)
  Each figure is the median of N runs (default 3). Prints before, after and after/before.
Needs root and git. Run it alone on the engine (the suite takes /tmp/odoo-stack-e2e.lock; so does this script).
Leaves no stack behind.
USAGE
}

before=1c688a8
runs=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --before) before=${2:?--before needs a revision}; shift ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

now() { date +%s.%N; }
say() { printf 'bench: %s\n' "$*" >&2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

exec {lock}>/tmp/odoo-stack-e2e.lock
flock "$lock"

eval "$("$repo/bin/real-engine" prepare --env)"
work=$(mktemp -d)
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local engine
  for engine in pulumi compose; do
    [[ -d "$work/$engine" ]] || continue
    ODOO_STACK_HOME="$work/$engine/home" ODOO_STACK_PROJECT_DIR="$work/$engine/project" \
      "$repo/bin/odoo-stack" destroy cm --engine "$engine" --yes >/dev/null 2>&1 || true
  done
  git -C "$repo" worktree remove --force "$work/before" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say "before: bin/odoo-stack of $before, in a worktree; building both jars"
git -C "$repo" worktree add --detach "$work/before" "$before" >/dev/null 2>&1
"$work/before/bin/odoo-stack" build >/dev/null 2>&1
"$repo/bin/odoo-stack" build >/dev/null 2>&1
tool() { if [[ $1 == before ]]; then echo "$work/before/bin/odoo-stack"; else echo "$repo/bin/odoo-stack"; fi; }

# median SECONDS...: the middle one
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# timed WHO CMD...: the median wall time of N runs of bin/odoo-stack CMD (its output dropped; a failure stops all)
timed() {
  local who=$1 t0 i
  local -a all=()
  shift
  for ((i = 0; i < runs; i++)); do
    t0=$(now)
    "$(tool "$who")" "$@" >"$work/last.log" 2>&1 || { tail -20 "$work/last.log" >&2; exit 1; }
    all+=("$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')")
  done
  median "${all[@]}"
}

declare -A fig
# project ENGINE: a project and state of its own, the repository's cm in it
project() {
  local dir="$work/$1"
  export ODOO_STACK_HOME="$dir/home" ODOO_STACK_PROJECT_DIR="$dir/project"
  [[ -d "$ODOO_STACK_PROJECT_DIR" ]] && return 0
  mkdir -p "$ODOO_STACK_PROJECT_DIR"
  cp "$repo/Pulumi.yaml" "$ODOO_STACK_PROJECT_DIR/"
  ln -s "$repo/docker" "$ODOO_STACK_PROJECT_DIR/docker"
  ln -s "$repo/target" "$ODOO_STACK_PROJECT_DIR/target" # the raw CLI's program (Pulumi.yaml's runtime)
  { cat "$repo/Pulumi.cm.yaml"; echo "  odoo-stack:stateRoot: $dir/state"; } >"$ODOO_STACK_PROJECT_DIR/Pulumi.cm.yaml"
}

for who in before after; do
  say "$who: --help"
  fig[$who.help]=$(timed "$who" --help)
done

for engine in pulumi compose; do
  project "$engine"
  say "$engine: up of a fresh cm (not timed)"
  "$repo/bin/odoo-stack" up cm --engine "$engine" --yes --skip-preview >"$work/up.log" 2>&1 || { tail -20 "$work/up.log" >&2; exit 1; }
  for who in before after; do
    say "$engine: $who: up, unchanged"
    fig[$who.$engine]=$(timed "$who" up cm --engine "$engine" --yes --skip-preview)
  done
  if [[ $engine == pulumi ]]; then
    for who in before after; do
      say "$who: status"
      fig[$who.status]=$(timed "$who" status cm)
    done
  fi
  "$repo/bin/odoo-stack" destroy cm --engine "$engine" --yes --skip-preview >/dev/null 2>&1
done

printf '\n%-40s %8s %8s %8s\n' "what (seconds, median of $runs; stack cm)" "before" "after" "after/before"
row() { printf '%-40s %8s %8s %7sx\n' "$1" "${fig[before.$2]}" "${fig[after.$2]}" "$(ratio "${fig[after.$2]}" "${fig[before.$2]}")"; }
row "--help" help
row "status" status
row "up, unchanged, Pulumi engine" pulumi
row "up, unchanged, compose engine" compose
exit 0
