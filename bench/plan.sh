#!/usr/bin/env bash
# Benchmark: how long the program takes to evaluate a stack through the prebuilt jar (bin/odoo-stack plan, the
# path Pulumi.yaml's runtime.options.binary gives `pulumi preview`) versus Pulumi's Maven path
# (mvn compile exec:java). Runs from any directory.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/plan.sh [--runs N] [--stack NAME] [--offline]

Times the offline plan of a stack two ways, N times each (runs alternate so drift hits both alike):
  jar    bin/odoo-stack plan <stack>     (the prebuilt target/odoo-stack.jar; when bin/odoo-stack is
                                          missing, java -cp target/odoo-stack.jar dev.odoostack.commands.OdooStack)
  maven  mvn --no-transfer-progress compile exec:java -Dexec.mainClass=dev.odoostack.commands.OdooStack -Dexec.args="plan <stack>"
         (how Pulumi's Java host runs a Maven project: compile, then exec:java, on every preview)
Each path first runs once untimed (warm-up; it also builds the jar if bin/odoo-stack has to, and checks that
the command prints a plan). Prints every run, the medians, the ratio maven/jar and whether the targets hold:
jar median < 2 s, and maven at least 5 times slower than the jar.

  --runs N      timed runs per path (default 5)
  --stack NAME  stack to plan (default opw)
  --offline     pass -o to Maven (faster than what Pulumi runs; a lower bound for the Maven path)
  -h, --help    this text

exit: 0 both targets hold, 1 a target is missed, 2 usage or setup error (a command failed)
Environment: JAVA (default java), MVN (default mvn).
EOF
}

runs=5
stack=opw
offline=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --runs)
            [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "bench/plan.sh: --runs needs a positive whole number" >&2; exit 2; }
            runs=$2; shift 2 ;;
        --stack)
            [[ $# -ge 2 && -n "$2" ]] || { echo "bench/plan.sh: --stack needs a stack name" >&2; exit 2; }
            stack=$2; shift 2 ;;
        --offline) offline=(-o); shift ;;
        *) echo "bench/plan.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.."
java=${JAVA:-java}
mvn=${MVN:-mvn}
log=$(mktemp)
trap 'rm -f -- "$log"' EXIT

# --- the two commands ---

if [[ -x bin/odoo-stack ]]; then
    jar_label="bin/odoo-stack plan $stack"
    jar_cmd=(bin/odoo-stack plan "$stack")
else
    if [[ ! -f target/odoo-stack.jar ]]; then
        echo "bench/plan.sh: neither bin/odoo-stack nor target/odoo-stack.jar exists; build the jar first:" >&2
        echo "  mvn -q -B -DskipTests package" >&2
        exit 2
    fi
    jar_label="$java -cp target/odoo-stack.jar dev.odoostack.commands.OdooStack plan $stack (bin/odoo-stack not found)"
    jar_cmd=("$java" -cp target/odoo-stack.jar dev.odoostack.commands.OdooStack plan "$stack")
fi
maven_label="mvn --no-transfer-progress ${offline[*]} compile exec:java -Dexec.mainClass=dev.odoostack.commands.OdooStack -Dexec.args=\"plan $stack\""
maven_cmd=("$mvn" -B --no-transfer-progress -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${offline[@]}" compile exec:java
    -Dexec.mainClass=dev.odoostack.commands.OdooStack "-Dexec.args=plan $stack")

# Runs a command with its output in $log; true when it exited 0 and printed a plan.
plans() {
    "$@" >"$log" 2>&1 && grep -q '# odoo-stack plan of stack ' "$log"
}

# Prints the wall time of one run in milliseconds; a failed run ends the benchmark.
time_ms() {
    local start end
    start=$(date +%s%N)
    if ! plans "$@"; then
        echo "bench/plan.sh: this run did not print a plan: $*" >&2
        tail -n 20 -- "$log" >&2
        exit 2
    fi
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

# Median of whole numbers (the mean of the middle two for an even count, rounded down).
median() {
    local sorted n
    mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
    n=${#sorted[@]}
    if ((n % 2 == 1)); then
        echo "${sorted[n / 2]}"
    else
        echo $(((sorted[n / 2 - 1] + sorted[n / 2]) / 2))
    fi
}

# Milliseconds as seconds with three decimals.
seconds() {
    printf '%d.%03d s' $(($1 / 1000)) $(($1 % 1000))
}

# --- warm-up: one untimed run of each, which also proves the commands work ---

echo "odoo-stack plan benchmark: stack $stack, $runs timed run(s) per path, $(nproc 2>/dev/null || echo '?') CPU(s)"
echo "  jar:   $jar_label"
if ! plans "${jar_cmd[@]}"; then
    echo "bench/plan.sh: the jar path did not print a plan:" >&2
    tail -n 20 -- "$log" >&2
    exit 2
fi
if ! plans "${maven_cmd[@]}"; then
    echo "bench/plan.sh: the Maven path did not print a plan:" >&2
    tail -n 20 -- "$log" >&2
    exit 2
fi
echo "  maven: $maven_label"

# --- timed runs, alternating ---

jar_ms=()
maven_ms=()
for ((i = 1; i <= runs; i++)); do
    j=$(time_ms "${jar_cmd[@]}")
    m=$(time_ms "${maven_cmd[@]}")
    jar_ms+=("$j")
    maven_ms+=("$m")
    printf '  run %d: jar %s   maven %s\n' "$i" "$(seconds "$j")" "$(seconds "$m")"
done

jar_median=$(median "${jar_ms[@]}")
maven_median=$(median "${maven_ms[@]}")
ratio_tenths=$(((maven_median * 10 + jar_median / 2) / jar_median))
echo "median: jar $(seconds "$jar_median")   maven $(seconds "$maven_median")   ratio maven/jar $((ratio_tenths / 10)).$((ratio_tenths % 10))x"

status=0
if ((jar_median < 2000)); then
    echo "target jar median < 2 s: held"
else
    echo "target jar median < 2 s: MISSED"
    status=1
fi
if ((maven_median >= 5 * jar_median)); then
    echo "target ratio >= 5x: held"
else
    echo "target ratio >= 5x: MISSED"
    status=1
fi
exit "$status"
