package dev.safestart.workflows.monitor;

/**
 * A long-lived watch of the engine: completes as soon as the engine differs from {@code expected} in identity,
 * epoch, initialisation, connection, gate or strategy (at once when {@code expected} is null), or after
 * {@code maxSeconds} with the current snapshot. Heartbeats every {@code heartbeatSeconds}, so a dead worker is
 * noticed by the heartbeat timeout.
 */
public record EngineWatch(String botId, EngineSnapshot expected, int heartbeatSeconds, int maxSeconds) {

    /** Does {@code now} differ from {@code expected} in anything the owner decides on? */
    public static boolean changed(EngineSnapshot expected, EngineSnapshot now) {
        return expected == null
                || expected.initialized() != now.initialized()
                || expected.gatewayConnected() != now.gatewayConnected()
                || expected.orderGateOpen() != now.orderGateOpen()
                || expected.sessionEpoch() != now.sessionEpoch()
                || !expected.engineId().equals(now.engineId())
                || !String.valueOf(expected.strategyActive()).equals(String.valueOf(now.strategyActive()));
    }
}
