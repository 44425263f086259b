package dev.safestart.engine;

/** A snapshot of the trading engine, in the field names operators already use. */
public record EngineStatus(
        boolean initialized,
        boolean gatewayConnected,
        boolean orderGateOpen,
        String strategyActive,
        int positionsOpen,
        String lastError,
        long sessionEpoch) {}
