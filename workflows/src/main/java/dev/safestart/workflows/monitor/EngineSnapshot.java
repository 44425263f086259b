package dev.safestart.workflows.monitor;

/**
 * The trading engine's status as the workflows see it (mirrors engine's EngineStatus; workflows cannot depend on it).
 * {@code openOrders} and {@code accountDifference} come from the gateway's account: the latter is what the last
 * re-validation found different from what the engine expected (empty when nothing), a WARNING for the monitor.
 *
 * @param sessionEpoch    the engine's validation epoch: grows with every fresh validation of its trading session
 * @param engineId        one per engine instance (random at construction, never reused); blank from an engine that
 *                        does not report one
 * @param engineTaskQueue the task queue only this engine's worker polls ({@code <TASK_QUEUE>@<engineId>}), where
 *                        commands meant for exactly this engine are scheduled; blank if the worker has none
 */
public record EngineSnapshot(
        boolean initialized,
        boolean gatewayConnected,
        boolean orderGateOpen,
        String strategyActive,
        int positionsOpen,
        String lastError,
        long sessionEpoch,
        String engineId,
        String engineTaskQueue,
        int openOrders,
        String accountDifference) {

    public EngineSnapshot {
        engineId = engineId == null ? "" : engineId;
        engineTaskQueue = engineTaskQueue == null ? "" : engineTaskQueue;
        lastError = lastError == null ? "" : lastError;
        accountDifference = accountDifference == null ? "" : accountDifference;
    }

    /** Alias of {@link #sessionEpoch()}. */
    public long epoch() {
        return sessionEpoch;
    }

    /** Alias of {@link #orderGateOpen()}. */
    public boolean gateOpen() {
        return orderGateOpen;
    }
}
