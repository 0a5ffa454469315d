#!/bin/sh
# As the official traefik image's entrypoint: a first argument that is an option means "run traefik with these".
set -eu
case "${1:-}" in
  -*) set -- traefik "$@" ;;
esac
exec "$@"
