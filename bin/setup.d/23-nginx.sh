#!/usr/bin/env bash
# Debian's nginx (and openssl), for the end-to-end test that puts a TLS-terminating gRPC proxy in front of
# the Temporal dev server. The test runs nginx itself, on its own ports and config; no service is started.
set -euo pipefail
if { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } && command -v openssl >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# CI runs as root; a developer's machine goes through sudo.
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -E"
install() { $sudo apt-get install -y -qq --no-install-recommends nginx-light openssl >/dev/null 2>&1; }
install || { $sudo apt-get update -qq; install; }
# The package may start its default site on port 80; the tests need no service.
$sudo service nginx stop >/dev/null 2>&1 || true
/usr/sbin/nginx -v 2>&1 | head -1
