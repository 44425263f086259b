package dev.safestart.engine;

/**
 * The bot's trading side inside the worker process: broker session (trading client id), strategy engine,
 * risk manager and the order gate. Every order passes the gate; the gate is open only for a session validated
 * by the latest validation and still connected.
 */
public interface TradingEngine extends AutoCloseable {

    /**
     * Connects the broker session with the plan's trading client id and arms strategy and risk limits.
     * Idempotent for the same plan (a retried activity must not open a second session).
     *
     * @throws EngineException when the session cannot be established or the plan is refused
     */
    EngineStatus initialize(EnginePlan plan) throws EngineException;

    /** Closes the order gate at once and enters Strategy C (cash preservation). */
    void enterStrategyC(String reason);

    EngineStatus status();

    @Override
    void close();
}
