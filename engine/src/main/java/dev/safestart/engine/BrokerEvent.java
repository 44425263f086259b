package dev.safestart.engine;

/**
 * What the trading session can see happen to its gateway connection. Mirrors the protocol client's connection
 * events (socket closed, 1100, 1101, 1102, 2110, 1300, malformed bytes) plus the engine's own heartbeat timeout.
 */
public enum BrokerEvent {
    /** The socket is gone. */
    SOCKET_CLOSED(true),
    /** 1100: connectivity between the gateway and IB lost; the socket stays up. */
    CONNECTIVITY_LOST(true),
    /** 1101: connectivity restored, market data lost. */
    RESTORED_DATA_LOST(false),
    /** 1102: connectivity restored, data kept. */
    RESTORED_DATA_KEPT(false),
    /** 2110: connection between TWS and the server broken, will be restored (often the nightly reset). */
    CONNECTION_BROKEN(true),
    /** 1300: the gateway's socket port changed; this session must reconnect. */
    SOCKET_PORT_CHANGED(true),
    /** The peer sent bytes that do not follow the protocol; the session is unusable. */
    PROTOCOL_ERROR(true),
    /** reqCurrentTime was not answered within the heartbeat timeout: a half-open or dead socket. */
    HEARTBEAT_TIMEOUT(true);

    private final boolean closesGate;

    BrokerEvent(boolean closesGate) {
        this.closesGate = closesGate;
    }

    /** True for every event after which no order may pass until a fresh validation. */
    public boolean closesGate() {
        return closesGate;
    }

    /** True for the two "connectivity restored" notices: the gate stays closed, re-validation may now succeed. */
    public boolean isRestore() {
        return this == RESTORED_DATA_LOST || this == RESTORED_DATA_KEPT;
    }
}
