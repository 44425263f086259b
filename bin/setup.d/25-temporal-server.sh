#!/usr/bin/env bash
# The real Temporal server, its SQL schema tool and the Web UI server, built from their Go modules
# (bin/lib/temporal-binaries.sh; cached, so only a fresh machine pays the ~4 min build), and the server
# module's sources (its PostgreSQL schema), for the end-to-end tests on PostgreSQL.
set -euo pipefail
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)/temporal-binaries.sh"
nice -n 10 bash "$lib" build server sql ui
bash "$lib" schema-dir >/dev/null
