#!/usr/bin/env bash
# Installs the TWS API clients nobody here wrote, for the interoperability tests in gateway-sim:
# @stoqey/ib (npm, interop/node/node_modules) and ib_async (PyPI, interop/python/.venv).
# Idempotent: a stamp holding the hash of the lock/requirements file skips work already done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

hash_of() { sha256sum "$1" | cut -d' ' -f1; }

node_dir="$root/interop/node"
node_stamp="$node_dir/node_modules/.safestart-stamp"
if ! command -v npm >/dev/null 2>&1; then
  echo "10-interop: npm not found; the @stoqey/ib interop tests will skip (or fail with SAFESTART_REQUIRE_TOOLS=1)" >&2
elif [ -f "$node_stamp" ] && [ "$(cat "$node_stamp")" = "$(hash_of "$node_dir/package-lock.json")" ]; then
  echo "10-interop: @stoqey/ib already installed"
else
  echo "10-interop: npm ci in interop/node"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
  hash_of "$node_dir/package-lock.json" > "$node_stamp"
fi

py_dir="$root/interop/python"
venv="$py_dir/.venv"
py_stamp="$venv/.safestart-stamp"
python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "10-interop: $python not found; the ib_async interop tests will skip (or fail with SAFESTART_REQUIRE_TOOLS=1)" >&2
elif [ -x "$venv/bin/python" ] && [ -f "$py_stamp" ] && [ "$(cat "$py_stamp")" = "$(hash_of "$py_dir/requirements.txt")" ]; then
  echo "10-interop: ib_async already installed"
else
  if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
    echo "10-interop: ib_async needs Python >= 3.10; $("$python" --version 2>&1) found" >&2
    exit 1
  fi
  echo "10-interop: creating interop/python/.venv and installing requirements.txt"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$py_dir/requirements.txt"
  hash_of "$py_dir/requirements.txt" > "$py_stamp"
fi

# IB's official Python client (ibapi-latest), in a venv of its own so its pins never move ib_async's.
ibapi_venv="$py_dir/.venv-ibapi"
ibapi_stamp="$ibapi_venv/.safestart-stamp"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "10-interop: $python not found; the official-client interop tests will skip (or fail with SAFESTART_REQUIRE_TOOLS=1)" >&2
elif [ -x "$ibapi_venv/bin/python" ] && [ -f "$ibapi_stamp" ] && [ "$(cat "$ibapi_stamp")" = "$(hash_of "$py_dir/requirements-ibapi.txt")" ]; then
  echo "10-interop: ibapi-latest already installed"
else
  echo "10-interop: creating interop/python/.venv-ibapi and installing requirements-ibapi.txt"
  rm -rf "$ibapi_venv"
  "$python" -m venv "$ibapi_venv"
  "$ibapi_venv/bin/pip" install --quiet --disable-pip-version-check -r "$py_dir/requirements-ibapi.txt"
  hash_of "$py_dir/requirements-ibapi.txt" > "$ibapi_stamp"
fi
