#!/usr/bin/env bash
# Builds every image the compose stack needs from Debian's packages and Go/Maven source modules
# alone, for machines without access to an image registry (docker/compose.local.yml uses them):
#
#   debian:bookworm-slim                       debootstrap --variant=minbase bookworm + docker import
#   safestart-local/safestart:<version>        docker/Dockerfile
#   safestart-local/postgresql:15              Debian's postgresql-15
#   safestart-local/temporal-server:1.29.1     go.temporal.io/server/cmd/server
#   safestart-local/temporal-admin-tools:1.29.1  cmd/tools/sql + schema files, temporal CLI
#   safestart-local/temporal-ui:2.42.1         github.com/temporalio/ui-server/v2/cmd/server
#
# Needs: a running Docker engine (DOCKER_HOST), go, and root (or sudo) for debootstrap when the base
# image is missing. RUN steps reach the Debian and Maven repositories through `--network host`.
# Go binaries are cached in $SAFESTART_LOCAL_CACHE (default ~/.cache/safestart-local), one GOBIN each.
#   --list   print the image names this script builds, one a line, and exit
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

temporal_version=1.29.1
ui_version=2.42.1
cli_version=1.5.1
postgresql_version=15
safestart_version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)
base=debian:bookworm-slim

img_safestart=safestart-local/safestart:$safestart_version
img_postgresql=safestart-local/postgresql:$postgresql_version
img_server=safestart-local/temporal-server:$temporal_version
img_admin=safestart-local/temporal-admin-tools:$temporal_version
img_ui=safestart-local/temporal-ui:$ui_version

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "$img_safestart" "$img_postgresql" "$img_server" "$img_admin" "$img_ui"
  exit 0
fi

cache=${SAFESTART_LOCAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/safestart-local}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
log() { echo "build-local-images: $*"; }
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
docker info >/dev/null 2>&1 || { echo "build-local-images: no Docker engine at ${DOCKER_HOST:-the default socket}" >&2; exit 1; }

# --- base image ---------------------------------------------------------------------------------
if docker image inspect "$base" >/dev/null 2>&1; then
  log "$base present"
else
  log "$base: debootstrap --variant=minbase bookworm ($mirror)"
  command -v debootstrap >/dev/null 2>&1 || { $sudo apt-get install -y -qq debootstrap || { $sudo apt-get update -qq && $sudo apt-get install -y -qq debootstrap; }; }
  rootfs=$(mktemp -d)
  trap '$sudo rm -rf "$rootfs"' EXIT
  $sudo debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
  $sudo rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  $sudo tar -C "$rootfs" -c . | docker import - "$base" >/dev/null
  $sudo rm -rf "$rootfs"; trap - EXIT
fi

# --- Go binaries (each in its own GOBIN: two of them are called `server`) ------------------------
# shellcheck source=../bin/lib/temporal-binaries.sh
. "$root/bin/lib/temporal-binaries.sh"  # go_bin NAME MODULE@VERSION: the cached binary's path, built when missing
server_bin=$(go_bin server "go.temporal.io/server/cmd/server@v$temporal_version")
sql_bin=$(go_bin sql "go.temporal.io/server/cmd/tools/sql@v$temporal_version")
ui_bin=$(go_bin ui "github.com/temporalio/ui-server/v2/cmd/server@v$ui_version")
cli_bin=$(go_bin cli "github.com/temporalio/cli/cmd/temporal@v$cli_version")
server_mod=$(GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' "go.temporal.io/server@v$temporal_version" 2>/dev/null || true)
[ -d "$server_mod" ] || server_mod="$(go env GOMODCACHE)/go.temporal.io/server@v$temporal_version"
ui_mod="$(go env GOMODCACHE)/github.com/temporalio/ui-server/v2@v$ui_version"
[ -d "$server_mod/schema" ] && [ -d "$ui_mod/config" ] || { echo "build-local-images: module sources missing in $(go env GOMODCACHE)" >&2; exit 1; }

# --- images ---------------------------------------------------------------------------------------
ctx_root=$(mktemp -d)
trap 'rm -rf "$ctx_root"' EXIT
build() { # image context-dir
  log "docker build $1"
  chmod -R u+w,go-w "$2"; find "$2/rootfs/usr/local/bin" -type f -exec chmod 0755 {} +  # no chmod layer
  docker build -q --network host -t "$1" "$2" >/dev/null
}
stage() { # name -> a fresh context with the committed Dockerfile (and entrypoint) of docker/local/<name>
  local ctx="$ctx_root/$1"
  mkdir -p "$ctx/rootfs/usr/local/bin"
  cp "$here/local/$1/"* "$ctx/"
  echo "$ctx"
}

ctx=$(stage postgresql)
build "$img_postgresql" "$ctx"

ctx=$(stage temporal-server)
cp "$server_bin" "$ctx/rootfs/usr/local/bin/temporal-server"
cp "$cli_bin" "$ctx/rootfs/usr/local/bin/temporal"
mv "$ctx/entrypoint.sh" "$ctx/rootfs/usr/local/bin/temporal-entrypoint"
mkdir -p "$ctx/rootfs/etc/temporal/config/dynamicconfig"
cp "$server_mod/config/docker.yaml" "$ctx/rootfs/etc/temporal/config/docker.yaml"
chmod -R u+w "$ctx/rootfs"
cp "$server_mod/config/dynamicconfig/"*.yaml "$ctx/rootfs/etc/temporal/config/dynamicconfig/" 2>/dev/null || true
build "$img_server" "$ctx"

ctx=$(stage temporal-admin-tools)
cp "$sql_bin" "$ctx/rootfs/usr/local/bin/temporal-sql-tool"
cp "$cli_bin" "$ctx/rootfs/usr/local/bin/temporal"
mkdir -p "$ctx/rootfs/etc/temporal"
cp -r "$server_mod/schema" "$ctx/rootfs/etc/temporal/schema"
chmod -R u+w "$ctx/rootfs"  # the module cache is read-only
build "$img_admin" "$ctx"

ctx=$(stage temporal-ui)
cp "$ui_bin" "$ctx/rootfs/usr/local/bin/ui-server"
mkdir -p "$ctx/rootfs/home/ui-server/config"
cp "$ui_mod/config/base.yaml" "$ui_mod/config/docker.yaml" "$ctx/rootfs/home/ui-server/config/" 2>/dev/null \
  || cp "$ui_mod/config/docker.yaml" "$ctx/rootfs/home/ui-server/config/"
build "$img_ui" "$ctx"

# The machine's extra CAs (an HTTPS proxy in front of Maven Central) for the jar's build stage only.
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  cp /usr/local/share/ca-certificates/*.crt "$here/ca-certificates/"
fi
log "docker build $img_safestart"
docker build -q --network host -f "$here/Dockerfile" -t "$img_safestart" "$root" >/dev/null

for image in $("$0" --list); do
  docker image inspect --format "build-local-images: {{index .RepoTags 0}} {{.Size}}" "$image"
done
