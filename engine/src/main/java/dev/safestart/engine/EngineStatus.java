package dev.safestart.engine;

/**
 * A snapshot of the trading engine, in the field names operators already use. Once the account has been loaded
 * from the gateway, {@code positionsOpen} and {@code openOrders} are the gateway's; {@code accountDifference} is the
 * last re-validation's difference from what the engine expected (empty when none).
 *
 * @param initialized  a trading session was opened and validated at least once (initModules succeeded)
 * @param sessionEpoch the gate's epoch: every connect and every dangerous event starts a new one
 * @param engineId     this engine instance (random at construction, never reused; blank if it has none)
 * @param validated    the session is validated in the current epoch (false whenever {@code initialized} is)
 */
public record EngineStatus(
        boolean initialized,
        boolean gatewayConnected,
        boolean orderGateOpen,
        String strategyActive,
        int positionsOpen,
        String lastError,
        long sessionEpoch,
        String engineId,
        boolean validated,
        int openOrders,
        String accountDifference) {

    public EngineStatus {
        engineId = engineId == null ? "" : engineId;
        accountDifference = accountDifference == null ? "" : accountDifference;
    }

    /** Without identity or account (test doubles, older engines): never validated. */
    public EngineStatus(
            boolean initialized,
            boolean gatewayConnected,
            boolean orderGateOpen,
            String strategyActive,
            int positionsOpen,
            String lastError,
            long sessionEpoch) {
        this(
                initialized,
                gatewayConnected,
                orderGateOpen,
                strategyActive,
                positionsOpen,
                lastError,
                sessionEpoch,
                "",
                false,
                0,
                "");
    }

    /** With identity, without the gateway's account (not loaded yet). */
    public EngineStatus(
            boolean initialized,
            boolean gatewayConnected,
            boolean orderGateOpen,
            String strategyActive,
            int positionsOpen,
            String lastError,
            long sessionEpoch,
            String engineId,
            boolean validated) {
        this(
                initialized,
                gatewayConnected,
                orderGateOpen,
                strategyActive,
                positionsOpen,
                lastError,
                sessionEpoch,
                engineId,
                validated,
                0,
                "");
    }

    /** With the gateway's account, without identity. */
    public EngineStatus(
            boolean initialized,
            boolean gatewayConnected,
            boolean orderGateOpen,
            String strategyActive,
            int positionsOpen,
            String lastError,
            long sessionEpoch,
            int openOrders,
            String accountDifference) {
        this(
                initialized,
                gatewayConnected,
                orderGateOpen,
                strategyActive,
                positionsOpen,
                lastError,
                sessionEpoch,
                "",
                false,
                openOrders,
                accountDifference);
    }
}
