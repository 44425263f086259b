#!/usr/bin/env bash
# The Temporal binaries Safestart builds from their Go modules (no prebuilt download anywhere), each in its
# own GOBIN because two of them are called `server`, cached in $SAFESTART_LOCAL_CACHE
# (default ~/.cache/safestart-local)/gobin/<name>/ with a stamp <name>.version holding "module@version".
# Used by docker/build-local-images.sh (the local images) and the end-to-end tests (the server on
# PostgreSQL, which build them on first use).
#
# Sourced: defines go_bin, go_bin_cached and temporal_module_dir.
# Run:
#   temporal-binaries.sh build [NAME...]   build the named binaries (default: all) unless cached
#   temporal-binaries.sh path NAME         print the cached binary's path; exit 1 when it is not built
#   temporal-binaries.sh schema-dir        print the server module's PostgreSQL schema directory (v12)
# NAME is one of: server (go.temporal.io/server/cmd/server), sql (temporal-sql-tool), ui (the Web UI
# server), cli (the temporal CLI).

safestart_temporal_version=1.29.1
safestart_ui_version=2.42.1
safestart_cli_version=1.5.1
safestart_gobin_cache=${SAFESTART_LOCAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/safestart-local}/gobin

safestart_go_module() { # NAME -> module@version
  case $1 in
    server) echo "go.temporal.io/server/cmd/server@v$safestart_temporal_version" ;;
    sql) echo "go.temporal.io/server/cmd/tools/sql@v$safestart_temporal_version" ;;
    ui) echo "github.com/temporalio/ui-server/v2/cmd/server@v$safestart_ui_version" ;;
    cli) echo "github.com/temporalio/cli/cmd/temporal@v$safestart_cli_version" ;;
    *) echo "temporal-binaries: unknown binary '$1' (server, sql, ui, cli)" >&2; return 2 ;;
  esac
}

go_bin_cached() { # name module@version -> prints the cached binary's path, or returns 1
  local dir="$safestart_gobin_cache/$1" stamp="$safestart_gobin_cache/$1.version" bin
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$2" ] || return 1
  bin=$(ls "$dir" 2>/dev/null | head -1)
  [ -n "$bin" ] && [ -x "$dir/$bin" ] || return 1
  echo "$dir/$bin"
}

go_bin() { # name module@version -> prints the binary's path; builds it when the cached one is missing
  local dir="$safestart_gobin_cache/$1" stamp="$safestart_gobin_cache/$1.version"
  mkdir -p "$safestart_gobin_cache"
  # One build of a binary at a time: CI builds the images beside the test setup, and both may ask for it.
  # The second caller waits for the first and then finds the binary cached.
  (
    flock 9
    if ! go_bin_cached "$1" "$2" >/dev/null; then
      echo "temporal-binaries: go install $2" >&2
      rm -rf "$dir" "$stamp"; mkdir -p "$dir"
      GOBIN="$dir" GOFLAGS=-mod=mod go install "$2" >&2 || exit 1
      echo "$2" > "$stamp"  # written last: an interrupted build leaves no stamp and is redone
    fi
  ) 9>"$safestart_gobin_cache/$1.lock" || return 1
  go_bin_cached "$1" "$2"
}

temporal_module_dir() { # module@version (default the server's) -> its source directory in the module cache
  local module=${1:-go.temporal.io/server@v$safestart_temporal_version} modcache dir
  modcache=$(go env GOMODCACHE 2>/dev/null || true)
  dir="${modcache:-$HOME/go/pkg/mod}/${module%@*}@${module#*@}"
  if [ ! -d "$dir" ] && command -v go >/dev/null 2>&1; then
    GOFLAGS=-mod=mod go mod download "$module" >&2 || true
  fi
  [ -d "$dir" ] || { echo "temporal-binaries: $module is not in the Go module cache" >&2; return 1; }
  echo "$dir"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case ${1:-} in
    build)
      shift
      [ $# -gt 0 ] || set -- server sql ui cli
      for name in "$@"; do go_bin "$name" "$(safestart_go_module "$name")" >/dev/null; done
      ;;
    path)
      [ $# -eq 2 ] || { echo "usage: $0 path server|sql|ui|cli" >&2; exit 2; }
      module=$(safestart_go_module "$2")
      go_bin_cached "$2" "$module" || { echo "temporal-binaries: $2 ($module) is not built" >&2; exit 1; }
      ;;
    schema-dir)
      dir=$(temporal_module_dir)/schema/postgresql/v12
      [ -d "$dir" ] || { echo "temporal-binaries: no $dir" >&2; exit 1; }
      echo "$dir"
      ;;
    *) echo "usage: $0 build [NAME...] | path NAME | schema-dir" >&2; exit 2 ;;
  esac
fi
