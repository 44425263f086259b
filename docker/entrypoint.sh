#!/usr/bin/env bash
# Container entrypoint: runs the safestart CLI with $JAVA_OPTS. The output of the long-running
# commands (worker, sim: JSON log lines) goes to the container log as usual and, when
# SAFESTART_LOG_DIR is a writable directory, is also appended to $SAFESTART_LOG_DIR/safestart-<command>.log
# (the compose stack mounts a volume there). Short commands (probe from a health check every few
# seconds, start, status, ...) only print, so the log volume does not fill with health checks.
# `exec java` keeps the JVM as the process that receives docker's SIGTERM.
set -euo pipefail
jar=${SAFESTART_JAR:-/app/safestart.jar}
# The compose stack always mounts the webhook's secret file; left empty, it means "no webhook" (alerts
# are logged only), as an unset DISCORD_WEBHOOK_URL does. A missing or unreadable file is still refused
# by the worker's own check.
if [ -n "${DISCORD_WEBHOOK_URL_FILE:-}" ] && [ -f "$DISCORD_WEBHOOK_URL_FILE" ] && [ -r "$DISCORD_WEBHOOK_URL_FILE" ] \
  && ! grep -q '[^[:space:]]' "$DISCORD_WEBHOOK_URL_FILE"; then
  unset DISCORD_WEBHOOK_URL_FILE
fi
case "${1:-}" in
  worker|sim)
    if [ -n "${SAFESTART_LOG_DIR:-}" ] && [ -d "$SAFESTART_LOG_DIR" ] && [ -w "$SAFESTART_LOG_DIR" ]; then
      # One file per process kind: safestart-worker-monitor.log beside safestart-worker-bot.log on a shared volume.
      exec > >(tee -a "$SAFESTART_LOG_DIR/safestart-$1${WORKER_ROLE:+-$WORKER_ROLE}.log") 2>&1
    fi
    ;;
esac
# JAVA_OPTS is a list of JVM flags: split on spaces on purpose.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
