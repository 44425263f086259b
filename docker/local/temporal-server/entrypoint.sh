#!/bin/sh
# POSTGRES_PWD_FILE (a mounted secret) becomes the POSTGRES_PWD that config/docker.yaml reads,
# in this process only (docker inspect shows the file name, not the password).
set -eu
if [ -n "${POSTGRES_PWD_FILE:-}" ]; then
  [ -r "$POSTGRES_PWD_FILE" ] || { echo "temporal-entrypoint: POSTGRES_PWD_FILE $POSTGRES_PWD_FILE is not readable" >&2; exit 1; }
  POSTGRES_PWD=$(cat "$POSTGRES_PWD_FILE"); export POSTGRES_PWD
fi
# As the official image does: listening on all interfaces, the cluster's members reach this one at
# the container's own address.
if [ "${BIND_ON_IP:-}" = "0.0.0.0" ] && [ -z "${TEMPORAL_BROADCAST_ADDRESS:-}" ]; then
  TEMPORAL_BROADCAST_ADDRESS=$(hostname -i | awk '{print $1}'); export TEMPORAL_BROADCAST_ADDRESS
fi
exec temporal-server --root /etc/temporal --config config --env docker start "$@"
