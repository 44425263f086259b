#!/usr/bin/env bash
# Debian's Docker engine, debootstrap and binutils (strip), for the stack checks on locally built images
# (docker/build-local-images.sh, docker/checklist.sh). The daemon itself is started by .ci/run.
set -euo pipefail
if command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 && command -v debootstrap >/dev/null 2>&1 \
  && command -v strip >/dev/null 2>&1 && command -v nsenter >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -E"
packages=(docker.io debootstrap binutils util-linux)
$sudo apt-get install -y -qq "${packages[@]}" >/dev/null 2>&1 || {
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${packages[@]}"
}
dockerd --version
