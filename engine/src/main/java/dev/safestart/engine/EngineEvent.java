package dev.safestart.engine;

/**
 * Something the engine wants the outside (the worker, the monitor workflow) to know at once.
 * {@code gateClosedNanos} is the {@link System#nanoTime()} at which the gate was closed for this event (0 when
 * the event did not close it): benchmarks measure detection latency from it.
 */
public record EngineEvent(
        Kind kind,
        BrokerEvent brokerEvent,
        String detail,
        long sessionEpoch,
        boolean gateOpen,
        long occurredAtEpochMillis,
        long gateClosedNanos) {

    public enum Kind {
        /** A connection event from the trading session (see {@link #brokerEvent()}). */
        CONNECTION,
        /** The session was (re)validated: a fresh epoch may trade once a strategy is armed. */
        VALIDATED,
        /** Strategy C entered (no new orders). */
        STRATEGY_C,
        /** The gameplan's strategy is active again. */
        RESUMED,
        /** The gateway's API is read-only (probe or a 321 on an order request): Strategy C cannot cancel orders. */
        READ_ONLY_API,
        /**
         * The account at the gateway differs from what the engine expected (a fill during a drop, a moved position).
         */
        ACCOUNT_DIFFERENCE
    }
}
