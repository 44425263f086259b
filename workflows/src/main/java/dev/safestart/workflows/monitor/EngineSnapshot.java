package dev.safestart.workflows.monitor;

/** The trading engine's status as the workflows see it (mirrors engine's EngineStatus; workflows cannot depend on it). */
public record EngineSnapshot(
        boolean initialized,
        boolean gatewayConnected,
        boolean orderGateOpen,
        String strategyActive,
        int positionsOpen,
        String lastError,
        long sessionEpoch) {}
