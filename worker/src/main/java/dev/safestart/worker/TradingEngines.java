package dev.safestart.worker;

import dev.safestart.engine.DefaultTradingEngine;
import dev.safestart.engine.TradingEngine;
import dev.safestart.engine.TwsBrokerConnection;

/**
 * Builds the worker process's trading engine: the default engine over a real TWS session. The engine connects
 * only when the startup's initModules asks it to, with the settings the workflow passes (trading CLIENT_ID).
 */
public final class TradingEngines {
    private TradingEngines() {}

    public static TradingEngine create(WorkerConfig config) {
        return new DefaultTradingEngine(TwsBrokerConnection.connector());
    }
}
