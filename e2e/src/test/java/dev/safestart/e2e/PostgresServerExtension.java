package dev.safestart.e2e;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands test classes one real Temporal server on PostgreSQL ({@link PostgresTemporalServer}), started once for the
 * whole test run (PostgreSQL, schema, server, setup, UI cost seconds) and stopped when the run ends, also after a
 * failure. Tests that take it are skipped when a part is missing, unless SAFESTART_REQUIRE_TOOLS=1, where they fail.
 */
final class PostgresServerExtension implements ParameterResolver, ExecutionCondition {
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final PostgresTemporalServer server =
                PostgresTemporalServer.start(Tools.requirePostgresTemporal(), Tools.workDir("postgres-temporal"));

        @Override
        public void close() {
            server.close();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!needsServer(context) || Tools.toolsRequired()) {
            return ConditionEvaluationResult.enabled("no server needed, or the server's parts are required");
        }
        return Tools.postgresTemporal().isPresent()
                ? ConditionEvaluationResult.enabled("PostgreSQL and the Temporal server are installed")
                : ConditionEvaluationResult.disabled("PostgreSQL 15 or the Temporal server binaries are missing"
                        + " (bin/setup.d/24-postgresql.sh, 25-temporal-server.sh); skipping");
    }

    /** A test method taking the server, or a class whose @BeforeAll takes it. */
    private static boolean needsServer(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return takesServer(context.getTestMethod().get());
        }
        return context.getTestClass()
                .map(c -> Arrays.stream(c.getDeclaredMethods())
                        .anyMatch(m -> m.isAnnotationPresent(BeforeAll.class) && takesServer(m)))
                .orElse(false);
    }

    private static boolean takesServer(Method m) {
        return Arrays.asList(m.getParameterTypes()).contains(PostgresTemporalServer.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == PostgresTemporalServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class)
                .server;
    }
}
