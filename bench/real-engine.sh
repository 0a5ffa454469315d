#!/usr/bin/env bash
# Benchmark of the real-engine harness and of the operator's first commands on it, from one run:
# harness set-up (warm, and cold with --cold), `up` of a fresh opw until every container is healthy,
# `preview` with no change, and `up` after odooWorkers 4 -> 6. Prints figures and ratios.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'USAGE'
usage: bench/real-engine.sh [--cold]

  Times, on the engine of bin/real-engine (compose engine of bin/odoo-stack, stand-in Odoo image):
    warm set-up     bin/real-engine prepare with everything cached
    up (fresh)      bin/odoo-stack up opw --engine compose, fresh state, until all healthy
    preview         bin/odoo-stack preview opw --engine compose, no change
    up (change)     the same up after odooWorkers 4 -> 6 (recreates Odoo only)
  --cold  also times a set-up from an empty cache (a cache of its own, deleted afterwards; the warm
          engine is stopped meanwhile, since two engines would share the host's bridge): about 25 minutes.
Needs root. Leaves no stack behind (opw is destroyed and its state removed at the end).
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
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
say() { printf 'bench: %s\n' "$*" >&2; }

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

work=$(mktemp -d)
export ODOO_STACK_HOME="$work/home" ODOO_STACK_PROJECT_DIR="$work/project"
mkdir -p "$ODOO_STACK_PROJECT_DIR"
cp "$repo/Pulumi.yaml" "$ODOO_STACK_PROJECT_DIR/"
ln -s "$repo/docker" "$ODOO_STACK_PROJECT_DIR/docker"
{ cat "$repo/Pulumi.opw.yaml"; echo "  odoo-stack:stateRoot: $work/state"; } >"$ODOO_STACK_PROJECT_DIR/Pulumi.opw.yaml"
cleanup() {
  "$repo/bin/odoo-stack" destroy opw --engine compose >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$repo/bin/odoo-stack" build >/dev/null
say "up of a fresh opw"
t0=$(now)
"$repo/bin/odoo-stack" up opw --engine compose >/dev/null 2>&1
up_s=$(elapsed "$t0" "$(now)")

say "preview, no change"
t0=$(now)
"$repo/bin/odoo-stack" preview opw --engine compose | grep -q 'no changes'
preview_s=$(elapsed "$t0" "$(now)")

say "up after odooWorkers 4 -> 6"
sed -i 's/odoo-stack:odooWorkers: 4/odoo-stack:odooWorkers: 6/' "$ODOO_STACK_PROJECT_DIR/Pulumi.opw.yaml"
t0=$(now)
"$repo/bin/odoo-stack" up opw --engine compose >/dev/null 2>&1
change_s=$(elapsed "$t0" "$(now)")

printf '\n%-34s %10s\n' "what (seconds, one run)" "seconds"
[[ -n "$cold_s" ]] && printf '%-34s %10s\n' "harness set-up, cold (empty cache)" "$cold_s"
printf '%-34s %10s\n' "harness set-up, warm" "$warm_s"
printf '%-34s %10s\n' "up, fresh opw, until all healthy" "$up_s"
printf '%-34s %10s\n' "preview, no change" "$preview_s"
printf '%-34s %10s\n' "up after odooWorkers 4 -> 6" "$change_s"
echo
[[ -n "$cold_s" ]] && echo "cold / warm set-up:      $(ratio "$cold_s" "$warm_s")x"
echo "fresh up / preview:      $(ratio "$up_s" "$preview_s")x"
echo "fresh up / changed up:   $(ratio "$up_s" "$change_s")x"
