# shellcheck shell=bash
# CPU seconds per side, for the benchmarks (bench/restore.sh, bench/backup.sh). The machine may be shared with
# other work, so the busy % of its cores (/proc/stat) would count that work too: each side's own processes go
# into a cgroup v1 cpuacct group of their own, and containers are read from the accounting docker keeps for
# each (cgroupfs driver). Sourced, not run. Without a writable cpuacct hierarchy every figure is 0 and
# cpu_setup says so once.

CPU_CG=''
CPU_GROUPS=()

# cpu_setup NAME GROUP...: one group per side under /sys/fs/cgroup/cpuacct/NAME.
cpu_setup() {
  local base=/sys/fs/cgroup/cpuacct name=$1 g
  shift
  [[ -w $base ]] || { printf 'bench: no writable %s: cpu seconds per side not reported\n' "$base" >&2; return 0; }
  CPU_CG=$base/$name CPU_GROUPS=("$@")
  for g in "$@"; do mkdir -p "$CPU_CG/$g" || { CPU_CG=''; return 0; }; done
}

# cpu_add GROUP PID...: those processes (and what they start from now on) count for GROUP.
cpu_add() {
  [[ -n $CPU_CG ]] || return 0
  local g=$1 pid
  shift
  for pid in "$@"; do echo "$pid" >"$CPU_CG/$g/cgroup.procs" 2>/dev/null || true; done
}

# cpu_usage GROUP: nanoseconds used so far by the group.
cpu_usage() { if [[ -n $CPU_CG ]]; then cat "$CPU_CG/$1/cpuacct.usage"; else echo 0; fi; }

# cpu_container_usage ID: nanoseconds used so far by a container (docker's cgroupfs accounting), 0 if unknown.
cpu_container_usage() { cat "/sys/fs/cgroup/cpuacct/docker/$1/cpuacct.usage" 2>/dev/null || echo 0; }

# cpu_pid_usage PID...: nanoseconds used so far by those processes (user + system, all threads), e.g. dockerd.
cpu_pid_usage() {
  local pid ticks=0 tck
  tck=$(getconf CLK_TCK)
  for pid in "$@"; do
    # fields 14 and 15 after the command (which may hold spaces, inside parentheses)
    ticks=$(( ticks + $(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0) ))
  done
  echo $(( ticks * 1000000000 / tck ))
}

# cpu_secs BEFORE AFTER: the difference of two nanosecond counts, in seconds.
cpu_secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

cpu_teardown() {
  [[ -n $CPU_CG ]] || return 0
  local g
  # this shell leaves its group first, or the group cannot go
  echo "$BASHPID" >/sys/fs/cgroup/cpuacct/cgroup.procs 2>/dev/null || true
  for g in "${CPU_GROUPS[@]}"; do rmdir "$CPU_CG/$g" 2>/dev/null || true; done
  rmdir "$CPU_CG" 2>/dev/null || true
}
