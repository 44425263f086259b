package dev.safestart.worker;

import dev.safestart.engine.DefaultTradingEngine;
import dev.safestart.engine.EngineSettings;
import dev.safestart.engine.TradingEngine;
import dev.safestart.engine.TwsBrokerConnection;

/**
 * Builds the worker process's trading engine: the default engine over a real TWS session. The engine connects
 * only when the startup's initModules asks it to, with the settings the workflow passes (trading CLIENT_ID).
 */
public final class TradingEngines {
    private TradingEngines() {}

    public static TradingEngine create(WorkerConfig config) {
        // HEARTBEAT_INTERVAL, FLATTEN_ON_DISCONNECT and the handshake timeout belong to this process, not to the
        // workflow's initModules request: applied to every initialize.
        return new DefaultTradingEngine(
                TwsBrokerConnection.connector(),
                settings -> settings.withHeartbeat(
                                config.heartbeatIntervalSeconds() * 1000L,
                                EngineSettings.DEFAULT_HEARTBEAT_TIMEOUT_MILLIS)
                        .withFlattenOnDisconnect(config.flattenOnDisconnect())
                        .withHandshakeTimeout(config.handshakeTimeoutSeconds() * 1000L));
    }
}
