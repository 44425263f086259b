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
 * Hands test classes one Temporal dev server shared by the whole test run (starting it costs
 * seconds); it is stopped when the run ends. Tests that take it are skipped when the temporal CLI is
 * missing, unless SAFESTART_REQUIRE_TOOLS=1, where they fail.
 */
final class DevServerExtension implements ParameterResolver, ExecutionCondition {
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final DevServer server = DevServer.start(Tools.requireTemporal(), Tools.workDir("dev-server"));

        @Override
        public void close() {
            server.close();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Tools.temporal().isPresent() || Tools.toolsRequired() || !needsServer(context)) {
            return ConditionEvaluationResult.enabled("the temporal CLI is installed or required");
        }
        return ConditionEvaluationResult.disabled(
                "the temporal CLI (dev server) is not installed (bin/setup.d/21-temporal.sh); skipping");
    }

    /** A test method taking a DevServer, or a class whose @BeforeAll takes one. */
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
        return Arrays.asList(m.getParameterTypes()).contains(DevServer.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == DevServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class)
                .server;
    }
}
