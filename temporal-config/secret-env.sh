#!/bin/sh
# Runs a command with secrets read from files (compose secrets, mounted at /run/secrets/<name>) into the
# variables the Temporal images read, in that process only: `docker inspect` shows the file's path, never
# the secret.   POSTGRES_PWD_FILE -> POSTGRES_PWD (the server's config/docker.yaml)
#               SQL_PASSWORD_FILE -> SQL_PASSWORD (temporal-sql-tool in the schema job)
# Used by docker/docker-compose.yml in front of the upstream images' entrypoints and the local ones alike.
set -eu
read_secret() { # variable file
  [ -r "$2" ] || { echo "secret-env.sh: $1's file $2 is not readable" >&2; exit 1; }
  value=$(cat "$2")
  [ -n "$value" ] || { echo "secret-env.sh: $1's file $2 is empty" >&2; exit 1; }
  export "$1=$value"
}
[ -z "${POSTGRES_PWD_FILE:-}" ] || read_secret POSTGRES_PWD "$POSTGRES_PWD_FILE"
[ -z "${SQL_PASSWORD_FILE:-}" ] || read_secret SQL_PASSWORD "$SQL_PASSWORD_FILE"
unset value
[ "$#" -gt 0 ] || { echo "secret-env.sh: no command given" >&2; exit 2; }
exec "$@"
