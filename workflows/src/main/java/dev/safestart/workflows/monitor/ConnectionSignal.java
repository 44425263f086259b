package dev.safestart.workflows.monitor;

/**
 * What the trading worker saw, signalled to the monitor the moment its engine listener heard it (the order gate
 * is already closed by then). {@code detectedAtEpochMillis} is the worker's clock when the gate closed.
 */
public record ConnectionSignal(Kind kind, String detail, long detectedAtEpochMillis, long sessionEpoch) {

    public enum Kind {
        SOCKET_CLOSED,
        CONNECTIVITY_LOST,
        CONNECTION_BROKEN,
        SOCKET_PORT_CHANGED,
        PROTOCOL_ERROR,
        HEARTBEAT_TIMEOUT,
        RESTORED_DATA_LOST,
        RESTORED_DATA_KEPT,
        /** A StartupWorkflow validated the bot again while this monitor was running (e.g. the bot was restarted). */
        STARTUP_VALIDATED;

        public boolean isDisconnection() {
            return this != RESTORED_DATA_LOST && this != RESTORED_DATA_KEPT && this != STARTUP_VALIDATED;
        }
    }

    public ConnectionSignal {
        detail = detail == null ? "" : detail;
    }
}
