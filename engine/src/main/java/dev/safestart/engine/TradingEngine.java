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

    /** The one order path: refused unless the gate is open and risk passes; DRY_RUN logs instead of sending. */
    OrderResult submitOrder(OrderRequest request);

    /** Strategy C with its actions reported (cancelled orders, flattened positions if requested). */
    StrategyCReport enterStrategyC(String reason, boolean flatten);

    /** A fresh validation of the trading session (reconnecting if needed): the same proof as startup's. */
    EngineStatus revalidate() throws EngineException;

    /** Leaves Strategy C for the gameplan's strategy; refused unless the session is validated now. */
    EngineStatus resume() throws EngineException;

    /**
     * This engine instance's identity, fixed at construction and never reused: a restarted worker has a new engine
     * with a new id, so its owner sees at once that the old validation does not hold. Blank: no identity, so the
     * worker serves no per-engine task queue and every status names the engine it came from.
     */
    String engineId();

    /** Tells the listener of every session and gate change. */
    void addListener(EngineEventListener listener);
}
