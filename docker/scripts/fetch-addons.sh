#!/usr/bin/env bash
# Fetches the configured addon repositories on the operator's machine, with the operator's own git and SSH
# credentials, into host directories that the Odoo container mounts read-only. Nothing of it enters an image.
set -euo pipefail

readonly MARKER=odoo-stack-fetch-addons # in <checkout>/.git: this checkout was made by this script
readonly TMP_PREFIX=.fetch-addons.new.   # in ADDONS_DIR: a first clone, renamed into place once checked out
readonly LOCK_NAME=.fetch-addons.lock    # in ADDONS_DIR: one run at a time

usage() {
  cat <<'USAGE'
usage: ADDONS_DIR=DIR ADDON_REPOSITORIES=LINES docker/scripts/fetch-addons.sh

Clones or updates each addon repository into ADDONS_DIR/<dir> and checks out exactly <ref>
(detached HEAD). Runs on the operator's machine with the operator's git, SSH agent, keys and
known_hosts; needs only bash and git (no jq, no python).

Environment:
  ADDONS_DIR           host directory that holds the checkouts (created if missing)
  ADDON_REPOSITORIES   one repository per line: <url> TAB <ref> TAB <dir>
                         url  any URL git can fetch (ssh, https, file); no password in it
                         ref  a branch, a tag or a full commit id
                         dir  one path segment under ADDONS_DIR: letters, digits, '.', '_', '-',
                              not starting with '.'
                       Empty lines are ignored; an empty value means no repository.
  ADDONS_FETCH_DEPTH   commits of history to fetch (default 1; 0 = the full history)

Behaviour:
  - Every repository is fetched first; checkouts are switched only when all fetches succeeded,
    so a missing ref or an unreachable URL leaves every previous checkout as it was.
  - A checkout is switched with 'git checkout --detach' after a successful fetch, and put back
    on its previous commit if that fails. A first clone is made in a temporary directory and
    renamed into place only once checked out.
  - Only directories it created itself are touched (marker .git/odoo-stack-fetch-addons);
    nothing is ever deleted, not even a checkout that is no longer configured.
  - A checkout with local changes to tracked files is refused, not overwritten.
  - SSH: the operator's own configuration applies. Unless GIT_SSH_COMMAND, GIT_SSH or
    core.sshCommand is set, ssh runs with BatchMode=yes: no prompt, so an unknown host key is
    refused (never accepted) unless the operator's ssh config says otherwise.
    Git never prompts for a password (GIT_TERMINAL_PROMPT=0).

Output:
  stdout: one line per repository, in input order, once all are in place: <dir> <commit> <ref>
  stderr: progress, one line 'fetch-addons: <dir>: <reason>' per failed repository (a repository
          that cannot be fetched: its URL, the credential tried by name, never its value, and git's
          reason), and then a last line that repeats every reason and says that nothing was changed

Exit status:
  0  every repository is checked out at its ref
  1  a repository could not be fetched or checked out (see stderr)
  2  usage or input error: nothing was touched
  3  another fetch-addons run holds ADDONS_DIR/.fetch-addons.lock
USAGE
}

die() { # status, message
  echo "fetch-addons: $2" >&2
  exit "$1"
}

is_commit_id() {
  [[ "$1" =~ ^[0-9a-f]{40}$ || "$1" =~ ^[0-9a-f]{64}$ ]]
}

# ---- input ----------------------------------------------------------------------------------------------

URLS=()
REFS=()
DIRS=()
LINES=() # the ADDON_REPOSITORIES line of each repository

parse_repositories() {
  local line lineno=0 url ref dir rest problems=0 i seen
  while IFS= read -r line || [[ -n "$line" ]]; do
    lineno=$((lineno + 1))
    [[ -z "$line" ]] && continue
    if [[ "$line" == *$'\r'* ]]; then
      echo "fetch-addons: ADDON_REPOSITORIES line $lineno: carriage return in the line" >&2
      problems=$((problems + 1))
      continue
    fi
    url=${line%%$'\t'*}
    rest=${line#*$'\t'}
    ref=${rest%%$'\t'*}
    dir=${rest#*$'\t'}
    if [[ "$line" != *$'\t'*$'\t'* || "$dir" == *$'\t'* ]]; then
      echo "fetch-addons: ADDON_REPOSITORIES line $lineno: expected <url> TAB <ref> TAB <dir>" >&2
      problems=$((problems + 1))
      continue
    fi
    local bad=""
    seen=""
    for i in "${!DIRS[@]}"; do
      [[ "${DIRS[$i]}" == "$dir" ]] && seen=${LINES[$i]}
    done
    if [[ -z "$url" || "$url" =~ [[:space:]] || "$url" == -* ]]; then
      bad="url '$url' is empty, starts with '-' or contains spaces"
    elif [[ "$url" =~ ^[A-Za-z][A-Za-z0-9+.-]*://[^/@]*:[^/@]*@ ]]; then
      bad="url carries a password; use an SSH URL or a git credential helper instead"
    elif [[ -z "$ref" || "$ref" == -* ]] || ! git check-ref-format --allow-onelevel "$ref"; then
      bad="ref '$ref' is not a valid branch, tag or commit id"
    elif [[ ! "$dir" =~ ^[A-Za-z0-9_][A-Za-z0-9._-]*$ ]]; then
      bad="dir '$dir' must be one path segment (letters, digits, '.', '_', '-'), not starting with '.'"
    elif [[ -n "$seen" ]]; then
      bad="dir '$dir' is already used on line $seen"
    fi
    if [[ -n "$bad" ]]; then
      echo "fetch-addons: ADDON_REPOSITORIES line $lineno: $bad" >&2
      problems=$((problems + 1))
      continue
    fi
    LINES+=("$lineno")
    URLS+=("$url")
    REFS+=("$ref")
    DIRS+=("$dir")
  done <<<"$ADDON_REPOSITORIES"
  if ((problems > 0)); then
    die 2 "$problems invalid line(s) in ADDON_REPOSITORIES; nothing was fetched"
  fi
}

# ---- locking and temporary directories ------------------------------------------------------------------

TEMPS=()
LOCK_DIR=""

cleanup() {
  local t
  for t in ${TEMPS[@]+"${TEMPS[@]}"}; do
    [[ -n "$t" && -e "$t" ]] && rm -rf -- "$t"
  done
  if [[ -n "$LOCK_DIR" ]]; then
    rm -rf -- "$LOCK_DIR"
  fi
  return 0
}

take_lock() {
  local lock="$ADDONS_DIR/$LOCK_NAME" pid
  if ! mkdir "$lock" 2>/dev/null; then
    pid=$(cat "$lock/pid" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      die 3 "another run (pid $pid) is fetching into $ADDONS_DIR (if not, remove $lock)"
    fi
    echo "fetch-addons: removing the stale lock $lock (pid ${pid:-unknown} is gone)" >&2
    rm -rf -- "$lock"
    mkdir "$lock" 2>/dev/null || die 3 "cannot take the lock $lock"
  fi
  LOCK_DIR=$lock
  echo "$$" >"$lock/pid"
  # first clones of a run that was killed: ours by name, never configured checkouts
  local leftover
  for leftover in "$ADDONS_DIR/$TMP_PREFIX"*; do
    [[ -e "$leftover" || -L "$leftover" ]] && rm -rf -- "$leftover"
  done
  return 0
}

# ---- git ------------------------------------------------------------------------------------------------

# The first line of git's error output, without its "fatal: " prefix.
git_reason() {
  local line
  while IFS= read -r line; do
    line=${line//$'\r'/} # ssh ends its messages with CR LF: a CR would split the one line
    line=${line#fatal: }
    line=${line#error: }
    if [[ -n "${line//[[:space:]]/}" ]]; then
      printf '%s' "$line"
      return 0
    fi
  done <"$1"
  printf 'git failed'
}

# A URL as messages show it: the user part of an http(s) URL can be a token (https://<token>@host/...), so it
# is never printed.
shown_url() {
  local url=$1
  if [[ "$url" =~ ^(https?://)[^/@]+@(.*)$ ]]; then
    printf '%s…@%s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  else
    printf '%s' "$url"
  fi
}

# What git authenticates a fetch of <url> with, by name only, never a value: the SSH agent and key files for
# ssh, the credential helper for http(s); empty for a local repository.
credential_tried() {
  local url=$1 host helper keys=() f agent=""
  case "$url" in
    file://* | /* | ./* | ../*) return 0 ;;
    http://* | https://*)
      helper=$(git config --get-urlmatch credential.helper "$url" 2>/dev/null || true)
      local who=""
      [[ "$url" =~ ^https?://[^/@]+@ ]] && who="the user name in the URL and "
      if [[ -z "$helper" ]]; then
        printf '%sno git credential helper for %s' "$who" "$(printf '%s' "$url" | sed -E 's#^(https?://)([^/@]*@)?([^/]*).*#\1\3#')"
      elif [[ "$helper" == '!'* ]]; then
        printf '%san inline git credential helper (credential.helper)' "$who"
      else
        printf "%sgit credential helper '%s'" "$who" "${helper%% *}"
      fi
      return 0
      ;;
    git://*) printf 'none (the git protocol has no authentication)'; return 0 ;;
  esac
  # ssh://[user@]host[:port]/path or scp-like [user@]host:path
  if [[ -n "$OPERATOR_SSH" ]]; then
    printf 'the ssh command of %s' "$OPERATOR_SSH"
    return 0
  fi
  host=${url#ssh://}
  host=${host%%/*}
  host=${host%%:*}
  host=${host#*@}
  if [[ -n "${SSH_AUTH_SOCK:-}" && -S "$SSH_AUTH_SOCK" ]]; then
    local n
    n=$(ssh-add -l 2>/dev/null | grep -c . || true)
    agent="the SSH agent's $n key(s)"
  fi
  while read -r f; do
    [[ -f "${f/#\~/$HOME}" ]] && keys+=("$f")
  done < <(ssh -G "$host" 2>/dev/null | sed -n 's/^identityfile //p')
  if [[ -z "$agent" && ${#keys[@]} -eq 0 ]]; then
    printf 'no SSH key: no agent (SSH_AUTH_SOCK) and none of ssh'"'"'s key files for %s exists' "$host"
  elif ((${#keys[@]} == 0)); then
    printf '%s' "$agent"
  else
    printf '%s%sSSH key file(s) %s' "$agent" "${agent:+ and }" "${keys[*]}"
  fi
}

ref_missing() {
  grep -qiE "couldn't find remote ref|not our ref|unadvertised object|no such remote ref|invalid refspec|no such ref" "$1"
}

# Fetches <ref> into <repo>; prints the commit it resolves to, or a one-line reason (status 1).
fetch_ref() {
  local repo=$1 ref=$2 errfile=$3 depth_args=() commit
  if is_commit_id "$ref" && commit=$(git -C "$repo" rev-parse --verify --quiet "$ref^{commit}"); then
    printf '%s' "$commit" # already here: no network needed
    return 0
  fi
  if [[ "$DEPTH" != 0 ]]; then
    depth_args=(--depth "$DEPTH")
  fi
  if git -C "$repo" fetch --quiet --no-tags ${depth_args[@]+"${depth_args[@]}"} origin "$ref" 2>"$errfile"; then
    if commit=$(git -C "$repo" rev-parse --verify --quiet "FETCH_HEAD^{commit}"); then
      printf '%s' "$commit"
      return 0
    fi
    printf "ref '%s' does not name a commit" "$ref"
    return 1
  fi
  if is_commit_id "$ref" && ref_missing "$errfile"; then
    # Some servers refuse to send a commit by id unless a branch or tag points at it: fetch them all.
    local unshallow=()
    if [[ "$(git -C "$repo" rev-parse --is-shallow-repository)" == true ]]; then
      unshallow=(--unshallow)
    fi
    if git -C "$repo" fetch --quiet --no-tags ${unshallow[@]+"${unshallow[@]}"} origin \
      '+refs/heads/*:refs/fetch-addons/heads/*' '+refs/tags/*:refs/fetch-addons/tags/*' 2>"$errfile"; then
      commit=$(git -C "$repo" rev-parse --verify --quiet "$ref^{commit}" || true)
      git -C "$repo" for-each-ref --format='delete %(refname)' refs/fetch-addons/ | git -C "$repo" update-ref --stdin
      if [[ -n "$commit" ]]; then
        printf '%s' "$commit"
        return 0
      fi
      printf "commit '%s' not found in %s" "$ref" "$(shown_url "$(git -C "$repo" config remote.origin.url)")"
      return 1
    fi
  fi
  local url tried
  url=$(git -C "$repo" config remote.origin.url)
  if ref_missing "$errfile"; then
    printf "ref '%s' not found in %s" "$ref" "$(shown_url "$url")"
  else
    tried=$(credential_tried "$url")
    # the repository, the credential by name, git's own reason, and what to check
    printf 'cannot fetch %s%s: %s' "$(shown_url "$url")" "${tried:+ with $tried}" \
      "$(git_reason "$errfile" | sed -E 's#(https?://)[^/@ ]+@#\1…@#g')"
    [[ -z "$tried" ]] || printf '; check that this machine reaches it and that this credential may read it'
  fi
  return 1
}

# ---- the two phases -------------------------------------------------------------------------------------

REPO_PATHS=() # where each repository is fetched: its checkout, or a temporary first clone
COMMITS=()
IS_NEW=()

# Phase 1: fetch everything; no checkout changes. Prints one reason line per failure, keeps them in
# FAILURES; status 1 if any.
FAILURES=()
fetch_all() {
  local i dir url ref dest repo errfile reason status failures=0
  errfile=$(mktemp "$ADDONS_DIR/$TMP_PREFIX""err.XXXXXX")
  TEMPS+=("$errfile")
  for i in "${!DIRS[@]}"; do
    dir=${DIRS[$i]} url=${URLS[$i]} ref=${REFS[$i]}
    dest="$ADDONS_DIR/$dir"
    reason=""
    if [[ -e "$dest" || -L "$dest" ]]; then
      if [[ -L "$dest" || ! -f "$dest/.git/$MARKER" ]]; then
        reason="$dest exists but was not created by fetch-addons; move it away or choose another dir"
      elif ! status=$(git -C "$dest" status --porcelain --untracked-files=no 2>"$errfile"); then
        reason="$dest is not a usable git checkout: $(git_reason "$errfile")"
      elif [[ -n "$status" ]]; then
        reason="$dest has local changes to tracked files; commit, stash or discard them first"
      else
        repo=$dest
        IS_NEW[i]=0
        git -C "$repo" config remote.origin.url "$url"
      fi
    else
      repo=$(mktemp -d "$ADDONS_DIR/$TMP_PREFIX$dir.XXXXXX")
      TEMPS+=("$repo")
      chmod "$(printf '%o' $((0777 & ~8#$(umask))))" "$repo" # mktemp made it private; the container must read it
      IS_NEW[i]=1
      git init --quiet "$repo"
      git -C "$repo" config remote.origin.url "$url"
    fi
    if [[ -z "$reason" ]]; then
      echo "fetch-addons: $dir: fetching $ref" >&2
      if COMMITS[i]=$(fetch_ref "$repo" "$ref" "$errfile"); then
        REPO_PATHS[i]=$repo
        continue
      fi
      reason=${COMMITS[$i]}
    fi
    echo "fetch-addons: $dir: $reason" >&2
    FAILURES+=("$dir: $reason")
    failures=$((failures + 1))
  done
  ((failures == 0))
}

# Phase 2: move every checkout to its commit, then print the result lines.
switch_all() {
  local i dir repo commit dest previous lines=()
  for i in "${!DIRS[@]}"; do
    dir=${DIRS[$i]} repo=${REPO_PATHS[$i]} commit=${COMMITS[$i]}
    dest="$ADDONS_DIR/$dir"
    if [[ "${IS_NEW[$i]}" == 1 ]]; then
      git -C "$repo" -c advice.detachedHead=false checkout --quiet --detach "$commit" \
        || die 1 "$dir: cannot check out $commit (nothing was put in place)"
      echo "created by odoo-stack docker/scripts/fetch-addons.sh; do not edit this checkout by hand" >"$repo/.git/$MARKER"
      if [[ -e "$dest" || -L "$dest" ]]; then
        die 1 "$dir: $dest appeared while fetching; nothing was put in place"
      fi
      mv -- "$repo" "$dest" || die 1 "$dir: cannot move the new checkout into $dest"
    else
      previous=$(git -C "$repo" rev-parse --verify --quiet HEAD || true)
      if [[ "$previous" != "$commit" ]]; then
        if ! git -C "$repo" -c advice.detachedHead=false checkout --quiet --detach "$commit"; then
          if [[ -n "$previous" ]]; then
            git -C "$repo" -c advice.detachedHead=false checkout --quiet --force --detach "$previous" || true
          fi
          die 1 "$dir: cannot check out $commit; left at ${previous:-its previous state}"
        fi
      fi
    fi
    lines+=("$dir $commit ${REFS[$i]}")
  done
  if ((${#lines[@]} > 0)); then
    printf '%s\n' "${lines[@]}"
  fi
}

report_unconfigured() {
  local d name i listed
  for d in "$ADDONS_DIR"/*/; do
    d=${d%/}
    [[ -f "$d/.git/$MARKER" ]] || continue
    name=${d##*/}
    listed=0
    for i in "${!DIRS[@]}"; do
      [[ "${DIRS[$i]}" == "$name" ]] && listed=1
    done
    if ((listed == 0)); then
      echo "fetch-addons: $name: no longer configured; left in place (remove $d by hand if unused)" >&2
    fi
  done
  return 0
}

main() {
  case "${1:-}" in
    -h | --help)
      usage
      exit 0
      ;;
    "") ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
  [[ -n "${ADDONS_DIR:-}" ]] || die 2 "ADDONS_DIR is not set (see --help)"
  [[ -n "${ADDON_REPOSITORIES+set}" ]] || die 2 "ADDON_REPOSITORIES is not set (see --help)"
  DEPTH=${ADDONS_FETCH_DEPTH:-1}
  [[ "$DEPTH" =~ ^[0-9]+$ ]] || die 2 "ADDONS_FETCH_DEPTH must be a number (0 = full history)"
  command -v git >/dev/null 2>&1 || die 2 "git is not installed"

  parse_repositories

  export GIT_TERMINAL_PROMPT=0
  OPERATOR_SSH=""
  if [[ -n "${GIT_SSH_COMMAND:-}" ]]; then OPERATOR_SSH=GIT_SSH_COMMAND
  elif [[ -n "${GIT_SSH:-}" ]]; then OPERATOR_SSH=GIT_SSH
  elif git config --get core.sshCommand >/dev/null 2>&1; then OPERATOR_SSH=core.sshCommand
  fi
  if [[ -z "$OPERATOR_SSH" ]]; then
    # No prompt can be answered here: BatchMode makes ssh refuse an unknown host key instead of asking.
    export GIT_SSH_COMMAND="ssh -o BatchMode=yes"
  fi

  mkdir -p -- "$ADDONS_DIR" || die 2 "cannot create ADDONS_DIR $ADDONS_DIR"
  ADDONS_DIR=$(cd -- "$ADDONS_DIR" && pwd -P)
  trap cleanup EXIT
  take_lock

  if ! fetch_all; then
    # the last line: every cause, and that nothing moved
    local all
    all=$(printf '%s; ' "${FAILURES[@]}")
    die 1 "nothing was changed, every checkout is left as it was: ${all%; }; check the url and ref of each repository named here"
  fi
  switch_all
  report_unconfigured
}

DEPTH=1
OPERATOR_SSH=""
main "$@"
