package dev.safestart.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands test classes one Temporal dev server shared by the whole test run (starting it costs
 * seconds); it is stopped when the run ends. Skips (or fails, with SAFESTART_REQUIRE_TOOLS=1) when
 * the temporal CLI is missing.
 */
final class DevServerExtension implements ParameterResolver {
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final DevServer server = DevServer.start(Tools.requireTemporal(), Tools.workDir("dev-server"));

        @Override
        public void close() {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == DevServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Tools.requireTemporal();
        return c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class).server;
    }
}
