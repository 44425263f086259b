#!/usr/bin/env bash
# Container entrypoint: runs the safestart CLI. Stdout/stderr (JSON log lines) go to the container
# log as usual and, when SAFESTART_LOG_DIR is a writable directory, are also appended to
# $SAFESTART_LOG_DIR/safestart-<command>.log (the compose stack mounts a volume there).
# `exec java` keeps the JVM as the process that receives docker's SIGTERM.
set -euo pipefail
jar=${SAFESTART_JAR:-/app/safestart.jar}
if [ -n "${SAFESTART_LOG_DIR:-}" ] && [ -d "$SAFESTART_LOG_DIR" ] && [ -w "$SAFESTART_LOG_DIR" ]; then
  # One file per command (worker, sim, ...): letters, digits and underscores only.
  name=$(printf '%s' "${1:-cli}" | tr -c 'A-Za-z0-9_' '_' | sed 's/^_*//')
  name=${name:-cli}
  exec > >(tee -a "$SAFESTART_LOG_DIR/safestart-$name.log") 2>&1
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
