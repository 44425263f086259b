#!/usr/bin/env bash
# Debian's Chromium, for the end-to-end test that opens the Temporal Web UI in a real browser.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq chromium >/dev/null 2>&1 || {
  apt-get update -qq
  apt-get install -y -qq chromium
}
chromium --version 2>/dev/null | head -1
