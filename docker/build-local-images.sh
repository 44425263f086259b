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
# Go binaries are cached in $SAFESTART_LOCAL_CACHE (default ~/.cache/safestart-local), one GOBIN each;
# the images get stripped copies (no debug symbols: about 100 MB less).
# Builds go through BuildKit when a client for it is found (the buildx plugin, or a Docker client
# older than 23 with DOCKER_BUILDKIT=1): it skips unused stages and commits no layer for metadata
# instructions, which matters on the vfs storage driver, where every layer is a full copy.
#
#   build-local-images.sh [--jar FILE] [NAME...]
#   NAME         base, postgresql, temporal-server, temporal-admin-tools, temporal-ui, safestart
#                (default: all; the base is built first whenever it is missing)
#   --jar FILE   the safestart image takes FILE, the shaded jar `mvn -DskipTests package -pl starter -am`
#                built (starter/target/safestart.jar), instead of compiling it in its build stage
#                (JAR_STAGE=prebuilt in docker/Dockerfile; needs BuildKit, else it builds from source)
#   --list       print the image names this script builds, one a line, and exit
# Each build's output goes to $SAFESTART_BUILD_LOGS (default: a temporary directory), shown on failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

temporal_version=1.29.1
ui_version=2.42.1
cli_version=1.5.1
postgresql_version=15
safestart_version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)
base=debian:bookworm-slim
# Bumped when the way the base is made changes, so an engine's cached older base is replaced.
base_revision=2

img_safestart=safestart-local/safestart:$safestart_version
img_postgresql=safestart-local/postgresql:$postgresql_version
img_server=safestart-local/temporal-server:$temporal_version
img_admin=safestart-local/temporal-admin-tools:$temporal_version
img_ui=safestart-local/temporal-ui:$ui_version

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "$img_safestart" "$img_postgresql" "$img_server" "$img_admin" "$img_ui"
  exit 0
fi
jar=""
if [ "${1:-}" = "--jar" ]; then
  [ -f "${2:-}" ] || { echo "build-local-images: --jar needs an existing jar file, got '${2:-}'" >&2; exit 2; }
  jar=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2
fi
all="base postgresql temporal-server temporal-admin-tools temporal-ui safestart"
wanted=" ${*:-$all} "
for name in $wanted; do
  case " $all " in *" $name "*) ;; *) echo "build-local-images: unknown image '$name' (expected one of: $all)" >&2; exit 2 ;; esac
done
want() { [[ "$wanted" == *" $1 "* ]]; }

mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
log() { echo "build-local-images: $*"; }
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
docker info >/dev/null 2>&1 || { echo "build-local-images: no Docker engine at ${DOCKER_HOST:-the default socket}" >&2; exit 1; }
tmp=$(mktemp -d)
trap '$sudo rm -rf "$tmp"' EXIT
logs=${SAFESTART_BUILD_LOGS:-$tmp/logs}
mkdir -p "$logs"

# --- the builder: BuildKit when a client for it is here, else the classic builder ----------------
builder=(docker build)
buildkit=0
if docker buildx version >/dev/null 2>&1; then
  builder=(env DOCKER_BUILDKIT=1 docker build --progress=plain); buildkit=1
else
  while read -r client; do
    v=$("$client" version --format '{{.Client.Version}}' 2>/dev/null || true)
    if [[ "$v" =~ ^(1[89]|2[0-2])\. ]]; then
      builder=(env DOCKER_BUILDKIT=1 "$client" build --progress=plain); buildkit=1; break
    fi
  done < <(type -ap docker)
fi
[ "$buildkit" = 1 ] || log "no BuildKit client (docker buildx, or a Docker client before 23): classic builder"
build() { # image context-dir [docker build options...]
  local image=$1 ctx=$2 start=$SECONDS out
  shift 2
  out="$logs/$(echo "$image" | tr '/:' '__').log"
  if ! nice "${builder[@]}" --network host -t "$image" "$@" "$ctx" >"$out" 2>&1; then
    tail -60 "$out" >&2
    echo "build-local-images: docker build $image failed (whole log: $out)" >&2
    exit 1
  fi
  log "$image built in $((SECONDS - start)) s"
}

# --- base image ---------------------------------------------------------------------------------
if [ "$(docker image inspect -f '{{index .Config.Labels "dev.safestart.base"}}' "$base" 2>/dev/null)" = "$base_revision" ]; then
  log "$base present"
else
  start=$SECONDS
  log "$base: debootstrap --variant=minbase bookworm ($mirror)"
  command -v debootstrap >/dev/null 2>&1 || { $sudo apt-get install -y -qq debootstrap || { $sudo apt-get update -qq && $sudo apt-get install -y -qq debootstrap; }; }
  rootfs=$tmp/rootfs
  mkdir "$rootfs"
  $sudo nice debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$logs/debootstrap.log" 2>&1 \
    || { tail -30 "$logs/debootstrap.log" >&2; exit 1; }
  $sudo rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  # The root directory as in any image (mktemp made it 0700: no non-root user could start a program).
  $sudo chmod 0755 "$rootfs"
  $sudo tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' --change "LABEL dev.safestart.base=$base_revision" - "$base" >/dev/null
  $sudo rm -rf "$rootfs"
  log "$base imported in $((SECONDS - start)) s"
fi

# --- Go binaries (each in its own GOBIN: two of them are called `server`) ------------------------
# shellcheck source=../bin/lib/temporal-binaries.sh
. "$root/bin/lib/temporal-binaries.sh"  # go_bin NAME MODULE@VERSION: the cached binary's path, built when missing
if want temporal-server || want temporal-admin-tools || want temporal-ui; then
  server_bin=$(go_bin server "go.temporal.io/server/cmd/server@v$temporal_version")
  sql_bin=$(go_bin sql "go.temporal.io/server/cmd/tools/sql@v$temporal_version")
  ui_bin=$(go_bin ui "github.com/temporalio/ui-server/v2/cmd/server@v$ui_version")
  cli_bin=$(go_bin cli "github.com/temporalio/cli/cmd/temporal@v$cli_version")
  server_mod=$(GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' "go.temporal.io/server@v$temporal_version" 2>/dev/null || true)
  [ -d "$server_mod" ] || server_mod="$(go env GOMODCACHE)/go.temporal.io/server@v$temporal_version"
  ui_mod="$(go env GOMODCACHE)/github.com/temporalio/ui-server/v2@v$ui_version"
  [ -d "$server_mod/schema" ] && [ -d "$ui_mod/config" ] || { echo "build-local-images: module sources missing in $(go env GOMODCACHE)" >&2; exit 1; }
fi

# --- images ---------------------------------------------------------------------------------------
stage() { # name -> a fresh context with the committed Dockerfile (and entrypoint) of docker/local/<name>
  local ctx="$tmp/$1"
  mkdir -p "$ctx/rootfs/usr/local/bin"
  cp -p "$here/local/$1/"* "$ctx/"
  echo "$ctx"
}
install_bin() { # binary destination: a stripped copy when binutils' strip is here (Go binaries strip cleanly)
  if command -v strip >/dev/null 2>&1; then strip -o "$2" "$1"; else cp "$1" "$2"; fi
  chmod 0755 "$2"
}
finish() { # context: no write bits for group and others, so the image needs no chmod layer
  chmod -R u+w,go-w "$1"
}

if want postgresql; then
  ctx=$(stage postgresql)
  finish "$ctx"
  build "$img_postgresql" "$ctx"
fi

if want temporal-server; then
  ctx=$(stage temporal-server)
  install_bin "$server_bin" "$ctx/rootfs/usr/local/bin/temporal-server"
  install_bin "$cli_bin" "$ctx/rootfs/usr/local/bin/temporal"
  # The upstream image's entrypoint path, so the compose file's secret wrapper runs either image's.
  mkdir -p "$ctx/rootfs/etc/temporal/config/dynamicconfig"
  mv "$ctx/entrypoint.sh" "$ctx/rootfs/etc/temporal/entrypoint.sh"
  cp "$server_mod/config/docker.yaml" "$ctx/rootfs/etc/temporal/config/docker.yaml"
  cp "$server_mod/config/dynamicconfig/"*.yaml "$ctx/rootfs/etc/temporal/config/dynamicconfig/" 2>/dev/null || true
  finish "$ctx"
  build "$img_server" "$ctx"
fi

if want temporal-admin-tools; then
  ctx=$(stage temporal-admin-tools)
  install_bin "$sql_bin" "$ctx/rootfs/usr/local/bin/temporal-sql-tool"
  install_bin "$cli_bin" "$ctx/rootfs/usr/local/bin/temporal"
  mkdir -p "$ctx/rootfs/etc/temporal"
  cp -r "$server_mod/schema" "$ctx/rootfs/etc/temporal/schema"
  finish "$ctx"  # the module cache is read-only
  build "$img_admin" "$ctx"
fi

if want temporal-ui; then
  ctx=$(stage temporal-ui)
  install_bin "$ui_bin" "$ctx/rootfs/usr/local/bin/ui-server"
  mkdir -p "$ctx/rootfs/home/ui-server/config"
  cp "$ui_mod/config/base.yaml" "$ui_mod/config/docker.yaml" "$ctx/rootfs/home/ui-server/config/" 2>/dev/null \
    || cp "$ui_mod/config/docker.yaml" "$ctx/rootfs/home/ui-server/config/"
  finish "$ctx"
  build "$img_ui" "$ctx"
fi

if want safestart; then
  if [ -n "$jar" ] && [ "$buildkit" = 1 ]; then
    # A context of the entrypoint and the jar only: BuildKit never builds the unused `build` stage.
    ctx=$tmp/safestart
    mkdir -p "$ctx/docker/prebuilt"
    cp -p "$here/entrypoint.sh" "$ctx/docker/"
    cp "$jar" "$ctx/docker/prebuilt/safestart.jar"
    build "$img_safestart" "$ctx" -f "$here/Dockerfile" --build-arg JAR_STAGE=prebuilt
  else
    [ -z "$jar" ] || log "--jar needs BuildKit: building the jar in the image instead"
    # The machine's extra CAs (an HTTPS proxy in front of Maven Central) for the jar's build stage only.
    if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
      cp /usr/local/share/ca-certificates/*.crt "$here/ca-certificates/"
    fi
    build "$img_safestart" "$root" -f "$here/Dockerfile"
  fi
fi

for image in $("$0" --list); do
  docker image inspect --format "build-local-images: {{index .RepoTags 0}} {{.Size}}" "$image" 2>/dev/null || true
done
