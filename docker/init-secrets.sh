#!/usr/bin/env bash
# Creates the compose stack's secret files that are missing (never overwrites one), in docker/secrets/
# or the directory given: random values for the PostgreSQL password and the simulator's control token,
# empty files for the IBKR password and the Discord webhook (fill those in; an empty webhook file means
# alerts are logged only). The directory is private to its owner (0700); the files stay readable (0644)
# because each container reads its own as a non-root user through the bind mount compose makes.
set -euo pipefail
dir=${1:-"$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets"}
mkdir -p "$dir"
chmod 0700 "$dir"
umask 022
random() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; }
for name in postgres-password sim-control-token tws-password discord-webhook; do
  file=$dir/$name
  [ -e "$file" ] && continue
  case $name in
    postgres-password|sim-control-token) random > "$file" ;;
    *) : > "$file" ;;
  esac
  echo "init-secrets: created $file"
done
