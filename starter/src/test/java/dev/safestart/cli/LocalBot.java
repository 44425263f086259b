package dev.safestart.cli;

import dev.safestart.engine.TradingEngine;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.localrun.LocalSettings;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import dev.safestart.worker.WorkerConfig;
import dev.safestart.worker.WorkerWiring;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * One bot wired to real parts: its own gateway simulator over real sockets, its own trading engine and a worker
 * on its own task queue (an engine belongs to one bot), all against the embedded Temporal server.
 */
final class LocalBot implements AutoCloseable {
    final String botId;
    final GatewaySimulator sim;
    final Map<String, String> env;
    final TradingEngine engine;
    final WorkerWiring worker;
    private final TemporalConnection connection;

    LocalBot(
            String botId,
            EmbeddedTemporal temporal,
            SimMode mode,
            Path gameplan,
            Path stateDir,
            Map<String, String> overrides)
            throws Exception {
        this.botId = botId;
        sim = GatewaySimulator.start(SimConfig.defaults().withInitialMode(mode));
        env = new HashMap<>(LocalSettings.env(botId, sim.port(), gameplan, temporal, "q-" + botId, stateDir));
        env.put("GATEWAY_HANDSHAKE_TIMEOUT", "2");
        env.putAll(overrides);
        WorkerConfig config = WorkerConfig.fromEnv(env);
        connection = TemporalConnection.open(temporal.address(), temporal.namespace());
        worker = WorkerWiring.start(connection.client(), config);
        engine = worker.engine().orElseThrow();
    }

    /** Skips the test when the temporal CLI's dev server is not installed, unless SAFESTART_REQUIRE_TOOLS=1. */
    static void assumeDevServer() {
        if (!"1".equals(System.getenv("SAFESTART_REQUIRE_TOOLS"))) {
            Assumptions.assumeTrue(
                    EmbeddedTemporal.devServerBinary().isPresent(), "the temporal binary is not installed");
        }
    }

    @Override
    public void close() {
        worker.close(); // and its engine
        sim.close();
        connection.close();
    }
}
