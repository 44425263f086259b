#!/usr/bin/env bash
# A compose implementation for the offline check of docker/docker-compose.yml (no Docker engine is
# needed for `config`): the docker compose plugin when present, else Debian's docker-compose.
set -euo pipefail
if docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# CI runs as root; a developer's machine goes through sudo.
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -E"
$sudo apt-get install -y -qq docker-compose >/dev/null 2>&1 || {
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq docker-compose
}
docker-compose version | head -1
