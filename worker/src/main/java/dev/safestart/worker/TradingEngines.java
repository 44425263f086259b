package dev.safestart.worker;

import dev.safestart.engine.TradingEngine;

/** Builds the worker process's trading engine from the configuration. */
public final class TradingEngines {
    private TradingEngines() {}

    public static TradingEngine create(WorkerConfig config) {
        throw new UnsupportedOperationException("the trading engine implementation has not been merged yet");
    }
}
