package dev.safestart.workflows.monitor;

/**
 * The trading engine's status as the workflows see it (mirrors engine's EngineStatus; workflows cannot depend on it).
 * {@code openOrders} and {@code accountDifference} come from the gateway's account: the latter is what the last
 * re-validation found different from what the engine expected (empty when nothing), a WARNING for the monitor.
 */
public record EngineSnapshot(
        boolean initialized,
        boolean gatewayConnected,
        boolean orderGateOpen,
        String strategyActive,
        int positionsOpen,
        String lastError,
        long sessionEpoch,
        int openOrders,
        String accountDifference) {

    /** A snapshot without the gateway's account (as recorded before the engine loaded it). */
    public EngineSnapshot(boolean initialized, boolean gatewayConnected, boolean orderGateOpen, String strategyActive,
                          int positionsOpen, String lastError, long sessionEpoch) {
        this(initialized, gatewayConnected, orderGateOpen, strategyActive, positionsOpen, lastError, sessionEpoch, 0, "");
    }

    public EngineSnapshot {
        accountDifference = accountDifference == null ? "" : accountDifference;
    }
}
