package dev.safestart.e2e;

/**
 * Hands test classes one real Temporal server on PostgreSQL ({@link PostgresTemporalServer}), started once for the
 * whole test run (PostgreSQL, schema, server, setup, UI cost seconds) and stopped when the run ends, also after a
 * failure. Tests that take it are skipped when a part is missing, unless SAFESTART_REQUIRE_TOOLS=1, where they fail.
 */
final class PostgresServerExtension extends SharedServerExtension<PostgresTemporalServer> {
    PostgresServerExtension() {
        super(PostgresTemporalServer.class);
    }

    @Override
    PostgresTemporalServer start() {
        return PostgresTemporalServer.start(Tools.requirePostgresTemporal(), Tools.workDir("postgres-temporal"));
    }

    @Override
    boolean installed() {
        return Tools.postgresTemporal().isPresent();
    }

    @Override
    String missing() {
        return "PostgreSQL 15 or the Temporal server binaries are missing"
                + " (bin/setup.d/24-postgresql.sh, bin/lib/temporal-binaries.sh build); skipping";
    }
}
