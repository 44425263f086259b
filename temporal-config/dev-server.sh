#!/usr/bin/env bash
# Runs the local Temporal dev server with Safestart's search attributes and the same dynamic config
# as the compose stack's server (dynamicconfig/safestart.yaml). Extra arguments go to
# `temporal server start-dev`, e.g. --db-filename /tmp/temporal.db --port 7233 --ui-port 8233.
# Replaces itself with the server process (exec), so its pid is the server's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# shellcheck source=find-temporal.sh
. "$here/find-temporal.sh"

args=()
while read -r name type; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  args+=(--search-attribute "$name=$type")
done < "$here/search-attributes.txt"

# Each `key:` followed by `- value: <scalar>` becomes --dynamic-config-value key=<scalar>
# (YAML scalars used there are valid JSON: numbers, true/false, "strings").
while IFS= read -r pair; do
  args+=(--dynamic-config-value "$pair")
done < <(awk '
  /^[A-Za-z][A-Za-z0-9_.]*:[[:space:]]*$/ { key = $1; sub(/:$/, "", key); next }
  key != "" && /^[[:space:]]*-[[:space:]]*value:[[:space:]]*/ {
    v = $0; sub(/^[[:space:]]*-[[:space:]]*value:[[:space:]]*/, "", v); sub(/[[:space:]]+#.*$/, "", v)
    print key "=" v; key = ""
  }' "$here/dynamicconfig/safestart.yaml")

exec "$temporal_bin" server start-dev --ip 127.0.0.1 "${args[@]}" "$@"
