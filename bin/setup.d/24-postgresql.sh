#!/usr/bin/env bash
# Debian's PostgreSQL 15, for the end-to-end tests that run the real Temporal server on it. The tests
# run their own cluster (initdb in a temp dir, a free loopback port); the package's service is not needed.
set -euo pipefail
if [ -x /usr/lib/postgresql/15/bin/postgres ] && [ -x /usr/lib/postgresql/15/bin/initdb ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# CI runs as root; a developer's machine goes through sudo.
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -E"
install() { $sudo apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null 2>&1; }
install || { $sudo apt-get update -qq; install; }
/usr/lib/postgresql/15/bin/postgres --version
