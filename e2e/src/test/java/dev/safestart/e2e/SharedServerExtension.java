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
 * Hands test classes one server of type {@code T} shared by the whole test run: started when a test first takes it
 * (as a parameter of the test method or of the class's @BeforeAll) and stopped when the run ends, also after a
 * failure. Tests that take it are skipped while its parts are missing, unless SAFESTART_REQUIRE_TOOLS=1, where
 * they fail.
 */
abstract class SharedServerExtension<T extends AutoCloseable> implements ParameterResolver, ExecutionCondition {
    private final Class<T> type;

    SharedServerExtension(Class<T> type) {
        this.type = type;
    }

    /** Starts the server; its parts are installed, or required (then a missing one fails the test). */
    abstract T start();

    /** Whether the server's parts are installed. */
    abstract boolean installed();

    /** Why a test that takes the server is skipped: what is missing and which setup script installs it. */
    abstract String missing();

    private record Running<T extends AutoCloseable>(T server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!needsServer(context) || Tools.toolsRequired() || installed()) {
            return ConditionEvaluationResult.enabled("no server needed, or its parts are installed or required");
        }
        return ConditionEvaluationResult.disabled(missing());
    }

    /** A test method taking the server, or a class whose @BeforeAll takes it. */
    private boolean needsServer(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return takesServer(context.getTestMethod().get());
        }
        return context.getTestClass()
                .map(c -> Arrays.stream(c.getDeclaredMethods())
                        .anyMatch(m -> m.isAnnotationPresent(BeforeAll.class) && takesServer(m)))
                .orElse(false);
    }

    private boolean takesServer(Method m) {
        return Arrays.asList(m.getParameterTypes()).contains(type);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(type, k -> new Running<>(start()), Running.class)
                .server();
    }
}
