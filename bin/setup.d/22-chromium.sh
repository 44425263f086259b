#!/usr/bin/env bash
# Debian's Chromium, for the end-to-end test that opens the Temporal Web UI in a real browser.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# CI runs as root; a developer's machine goes through sudo.
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -E"
$sudo apt-get install -y -qq chromium >/dev/null 2>&1 || {
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium
}
chromium --version 2>/dev/null | head -1
