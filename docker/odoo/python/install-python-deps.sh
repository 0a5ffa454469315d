#!/usr/bin/env bash
# Image build step shared by docker/odoo/official and docker/odoo/source: installs the Python dependencies
# pinned by pyproject.toml + uv.lock into a directory of their own, which the image puts first on PYTHONPATH.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: install-python-deps.sh PROJECT_DIR

Runs inside an image build, as root, with uv on PATH. When PROJECT_DIR holds pyproject.toml
and uv.lock, installs exactly the locked packages into DEPS_TARGET (see below); without a uv.lock
it installs nothing and says so. DEPS_TARGET is always created, so the Dockerfile can copy it.

  1. uv export --frozen: the lock as it is (never re-resolved, never updated), without the
     project itself; the dev group only when UV_DEV=1.
  2. uv pip install --target DEPS_TARGET --no-deps: those exact versions, hashes checked, for the
     image's interpreter.

Why not 'uv sync --frozen' into the interpreter's own environment: uv sync makes an
environment match the lock exactly, so pointed at the image's Python (UV_PROJECT_ENVIRONMENT)
it would also uninstall Odoo's own dependencies, which are not in our lock; and in the official
image those are Debian packages, which no installer may remove or replace (they have no RECORD
file; PEP 668 marks that Python externally managed). A separate directory leaves the base
untouched, and PYTHONPATH puts it first, so a locked version wins over the image's own.

Environment:
  UV_DEV=0|1   1 also installs the 'dev' dependency group (default 0)
  DEPS_TARGET  where to install (default /opt/odoo-stack/site-packages)
  PYTHON       the interpreter the packages are for (default: python3 on PATH)
USAGE
}

main() {
  case "${1:-}" in
    -h | --help)
      usage
      exit 0
      ;;
  esac
  if [[ $# -ne 1 ]]; then
    usage >&2
    exit 2
  fi
  local project=$1
  local target=${DEPS_TARGET:-/opt/odoo-stack/site-packages}
  local dev=${UV_DEV:-0}
  local python=${PYTHON:-}
  if [[ "$dev" != 0 && "$dev" != 1 ]]; then
    echo "install-python-deps: UV_DEV must be 0 or 1, not '$dev'" >&2
    exit 2
  fi
  mkdir -p "$target"
  if [[ ! -f "$project/pyproject.toml" || ! -f "$project/uv.lock" ]]; then
    echo "install-python-deps: no pyproject.toml + uv.lock in $project: no extra Python dependencies"
    return 0
  fi
  if [[ -z "$python" ]]; then
    python=$(command -v python3) || {
      echo "install-python-deps: no python3 on PATH; set PYTHON" >&2
      exit 2
    }
  fi

  # Never download a Python; keep no cache in the image layer; copy files rather than hard-link them.
  # Trust the image's own CA certificates (/etc/ssl/certs), not only those built into uv: PyPI's chain is in
  # every ca-certificates, and a base image that adds a company's TLS-inspecting proxy CA then builds behind it.
  export UV_PYTHON_DOWNLOADS=never UV_NO_CACHE=1 UV_LINK_MODE=copy UV_SYSTEM_CERTS=1

  local groups=(--no-dev)
  if [[ "$dev" == 1 ]]; then
    groups=(--group dev)
  fi
  local requirements
  requirements=$(mktemp)
  uv export --project "$project" --frozen --format requirements-txt --no-emit-project --no-header \
    "${groups[@]}" --output-file "$requirements" >/dev/null
  local count
  count=$(grep -cE '^[A-Za-z0-9]' "$requirements" || true)
  echo "install-python-deps: installing $count locked package(s) for $("$python" --version 2>&1) into $target (UV_DEV=$dev)"
  if ((count > 0)); then
    local log status=0
    log=$(mktemp)
    # uv's messages are kept, to name the cause in one line if it fails, and shown
    uv pip install --python "$python" --target "$target" --no-deps --compile-bytecode \
      -r "$requirements" 2>"$log" || status=$?
    cat "$log" >&2
    if ((status != 0)); then
      echo "install-python-deps: $(failure_reason "$log")" >&2
      exit 1
    fi
    rm -f "$log"
  fi
  rm -f "$requirements"
}

# One line for a failed 'uv pip install': uv's own cause, and what to do about it.
failure_reason() {
  local cause
  # uv ends with "error: <what>" and one "cause: <why>" line per level; the last cause is the root
  cause=$(sed -n 's/^[[:space:]]*cause: //p' "$1" | tail -n 1)
  [[ -n "$cause" ]] || cause=$(sed -n 's/^error: //p' "$1" | tail -n 1)
  [[ -n "$cause" ]] || cause="uv pip install failed"
  cause=${cause%.}
  case "$cause" in
    *"Hash mismatch"*)
      echo "uv.lock cannot be installed: $cause: the file PyPI serves is not the one uv.lock pins;" \
        "find out how uv.lock changed (git log -p -- docker/odoo/python/uv.lock), then re-lock with uv lock"
      ;;
    *"not found in the package registry"* | *"no version of"* | *"No solution found"*)
      echo "uv.lock cannot be installed: $cause: fix pyproject.toml, run uv lock in docker/odoo/python" \
        "and commit both files"
      ;;
    *)
      echo "uv.lock cannot be installed: $cause (the build needs https://pypi.org and files.pythonhosted.org)"
      ;;
  esac
}

main "$@"
