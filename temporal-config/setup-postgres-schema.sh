#!/bin/sh
# Creates Temporal's two PostgreSQL databases (temporal, temporal_visibility) when missing and
# brings both schemas to the versions shipped in the admin-tools image. Idempotent: `create` of an
# existing database and `setup-schema -v 0.0` on a set-up one are no-ops or harmless errors we skip;
# `update-schema` only applies what is missing. Runs in the temporalio/admin-tools image, and in the
# end-to-end tests on the host with TEMPORAL_SQL_TOOL and TEMPORAL_SCHEMA_DIR (the server module's
# schema/postgresql/v12) pointing at what bin/lib/temporal-binaries.sh built.
set -eu
host=${POSTGRES_SEEDS:-postgresql}
port=${DB_PORT:-5432}
user=${POSTGRES_USER:-temporal}
export SQL_PASSWORD=${SQL_PASSWORD:-${POSTGRES_PWD:-temporal}}
schema_root=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}
sql_tool=${TEMPORAL_SQL_TOOL:-temporal-sql-tool}

sql() { "$sql_tool" --plugin postgres12 --ep "$host" -p "$port" -u "$user" "$@"; }

if command -v nc >/dev/null 2>&1; then
  echo "setup-postgres-schema.sh: waiting for PostgreSQL at $host:$port"
  tries=0
  until nc -z -w 5 "$host" "$port"; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || { echo "setup-postgres-schema.sh: PostgreSQL not reachable" >&2; exit 1; }
    sleep 2
  done
fi

for db in temporal temporal_visibility; do
  case $db in
    temporal) dir=$schema_root/temporal/versioned ;;
    *) dir=$schema_root/visibility/versioned ;;
  esac
  sql --db "$db" create || echo "setup-postgres-schema.sh: database $db exists"
  # setup-schema -v 0.0 lays the version table; on an existing schema it fails, which is fine.
  sql --db "$db" setup-schema -v 0.0 || echo "setup-postgres-schema.sh: $db schema already initialised"
  sql --db "$db" update-schema -d "$dir"
done
echo "setup-postgres-schema.sh: done"
