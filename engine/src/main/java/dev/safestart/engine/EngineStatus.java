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
}
