#!/bin/sh
# Idempotent Temporal setup for Safestart: waits for the server, creates the namespace when it is
# missing and each custom search attribute (search-attributes.txt) when it is missing.
# Used by the compose stack's setup job and against a local dev server; safe to run any number of times.
#
#   TEMPORAL_ADDRESS   server address (default 127.0.0.1:7233)
#   TEMPORAL_NAMESPACE namespace (default "default")
#   NAMESPACE_RETENTION retention of closed workflows for a namespace this script creates (default 72h)
#   SETUP_WAIT_SECONDS how long to wait for the server to answer (default 120)
#   TEMPORAL_BIN       the temporal CLI (default: temporal on PATH, else ~/go/bin/temporal)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
address=${TEMPORAL_ADDRESS:-127.0.0.1:7233}
namespace=${TEMPORAL_NAMESPACE:-default}
retention=${NAMESPACE_RETENTION:-72h}
wait_seconds=${SETUP_WAIT_SECONDS:-120}
attributes_file=${SEARCH_ATTRIBUTES_FILE:-$here/search-attributes.txt}

# shellcheck source=find-temporal.sh
. "$here/find-temporal.sh"
# The CLI also reads TEMPORAL_ADDRESS/TEMPORAL_NAMESPACE; pass both explicitly so the log says what was used.
t() { "$temporal_bin" --address "$address" --command-timeout 10s "$@"; }

echo "setup.sh: waiting up to ${wait_seconds}s for Temporal at $address"
waited=0
until t operator cluster health >/dev/null 2>&1; do
  if [ "$waited" -ge "$wait_seconds" ]; then
    echo "setup.sh: Temporal at $address did not answer within ${wait_seconds}s" >&2
    exit 1
  fi
  sleep 2
  waited=$((waited + 2))
done

if t operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  echo "setup.sh: namespace $namespace exists"
else
  t operator namespace create --namespace "$namespace" --retention "$retention"
  echo "setup.sh: namespace $namespace created (retention $retention)"
fi

# A new namespace may take a moment to be served by every frontend; retry the listing.
existing=""
tries=0
until existing=$(t operator search-attribute list --namespace "$namespace" 2>/dev/null); do
  tries=$((tries + 1))
  if [ "$tries" -ge 15 ]; then
    echo "setup.sh: cannot list search attributes of namespace $namespace" >&2
    exit 1
  fi
  sleep 2
done

grep -v '^[[:space:]]*#' "$attributes_file" | while read -r name type; do
  [ -n "$name" ] || continue
  # The listing is a table "Name  Type"; match the name as a whole word at line start.
  if printf '%s\n' "$existing" | grep -Eq "^[[:space:]]*$name[[:space:]]+$type[[:space:]]*$"; then
    echo "setup.sh: search attribute $name ($type) exists"
  elif printf '%s\n' "$existing" | grep -Eq "^[[:space:]]*$name[[:space:]]+"; then
    # A wrong type cannot be changed in place; say so rather than leave queries silently broken.
    echo "setup.sh: search attribute $name exists with another type than $type in namespace $namespace:" >&2
    printf '%s\n' "$existing" | grep -E "^[[:space:]]*$name[[:space:]]+" >&2
    exit 1
  else
    t operator search-attribute create --namespace "$namespace" --name "$name" --type "$type"
    echo "setup.sh: search attribute $name ($type) created"
  fi
done
echo "setup.sh: done"
