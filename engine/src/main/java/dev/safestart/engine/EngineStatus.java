package dev.safestart.engine;

/**
 * A snapshot of the trading engine, in the field names operators already use. Once the account has been loaded
 * from the gateway, {@code positionsOpen} and {@code openOrders} are the gateway's; {@code accountDifference} is the
 * last re-validation's difference from what the engine expected (empty when none).
 */
public record EngineStatus(
        boolean initialized,
        boolean gatewayConnected,
        boolean orderGateOpen,
        String strategyActive,
        int positionsOpen,
        String lastError,
        long sessionEpoch,
        int openOrders,
        String accountDifference) {

    /** Without the gateway's account (not loaded yet). */
    public EngineStatus(boolean initialized, boolean gatewayConnected, boolean orderGateOpen, String strategyActive,
                        int positionsOpen, String lastError, long sessionEpoch) {
        this(initialized, gatewayConnected, orderGateOpen, strategyActive, positionsOpen, lastError, sessionEpoch, 0, "");
    }

    public EngineStatus {
        accountDifference = accountDifference == null ? "" : accountDifference;
    }
}
