package dev.safestart.engine;

import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For tests of the engine over the real protocol client against the gateway simulator, over real loopback sockets:
 * a fresh simulator (its defaults: one paper account DU1234567, READY) and engine for each test, both closed after
 * it, and the engine's events as they came.
 */
abstract class EngineOnSimulator {
    GatewaySimulator sim;
    DefaultTradingEngine engine;
    final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSimulatorAndEngine() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults());
        engine = new DefaultTradingEngine(TwsBrokerConnection.connector());
        engine.addListener(events::add);
    }

    @AfterEach
    void closeEngineAndSimulator() {
        engine.close();
        sim.close();
    }

    /** Bot {@code bot1} on the simulator, CLIENT_ID 1, DRY_RUN, a 60 s heartbeat answered within 2 s. */
    EngineSettings settings() {
        return settings(true);
    }

    EngineSettings settings(boolean dryRun) {
        return settings(dryRun, 60_000, 2_000);
    }

    EngineSettings settings(long heartbeatMs, long timeoutMs) {
        return settings(true, heartbeatMs, timeoutMs);
    }

    /** The same with a 3 s handshake timeout, so a test against a silent simulator ends quickly. */
    private EngineSettings settings(boolean dryRun, long heartbeatMs, long timeoutMs) {
        return new EngineSettings("bot1", sim.host(), sim.port(), 1, dryRun)
                .withHeartbeat(heartbeatMs, timeoutMs)
                .withHandshakeTimeout(3_000);
    }
}
