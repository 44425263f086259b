package dev.safestart.engine;

/**
 * The bot's trading side inside the worker process: broker session (trading client id), strategy engine,
 * risk manager and the order gate. Every order passes the gate; the gate is open only for a session validated
 * by the latest validation and still connected, with a non-C strategy armed.
 */
public interface TradingEngine extends AutoCloseable {

    /**
     * initModules: connects the broker session with the trading client id and sets up strategy engine and risk
     * manager in Strategy C (gate closed). Idempotent for the same settings: a retried activity must not open
     * a second session.
     *
     * @throws EngineException when the session cannot be established or the settings are refused
     */
    EngineStatus initialize(EngineSettings settings) throws EngineException;

    /**
     * loadGameplan's last step: arms the validated plan's strategy and hard limits. Opens the order gate only if
     * the session is validated and connected.
     */
    EngineStatus activate(TradingPlan plan) throws EngineException;

    /** Closes the order gate at once and enters Strategy C (cash preservation). */
    void enterStrategyC(String reason);

    EngineStatus status();

    @Override
    void close();

    // ---- runtime additions. Defaults keep simple test doubles compiling and are safe: they refuse. ----

    /** The one order path: refused unless the gate is open and risk passes; DRY_RUN logs instead of sending. */
    default OrderResult submitOrder(OrderRequest request) {
        return new OrderResult(OrderResult.Status.REFUSED_GATE_CLOSED, request, -1, "this engine accepts no orders");
    }

    /** Strategy C with its actions reported (cancelled orders, flattened positions if requested). */
    default StrategyCReport enterStrategyC(String reason, boolean flatten) {
        enterStrategyC(reason);
        return new StrategyCReport(reason, "?", java.util.List.of(), java.util.Map.of(), flatten, true, -1);
    }

    /** A fresh validation of the trading session (reconnecting if needed): the same proof as startup's. */
    default EngineStatus revalidate() throws EngineException {
        throw new EngineException("revalidate not supported by " + getClass().getSimpleName());
    }

    /** Leaves Strategy C for the gameplan's strategy; refused unless the session is validated now. */
    default EngineStatus resume() throws EngineException {
        throw new EngineException("resume not supported by " + getClass().getSimpleName());
    }

    /**
     * This engine instance's identity, fixed at construction and never reused: a restarted worker has a new engine
     * with a new id, so its owner sees at once that the old validation does not hold. Blank: no identity.
     */
    default String engineId() {
        return "";
    }

    default void addListener(EngineEventListener listener) {
        throw new UnsupportedOperationException(
                "listeners not supported by " + getClass().getSimpleName());
    }
}
