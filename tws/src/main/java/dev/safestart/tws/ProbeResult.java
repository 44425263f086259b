package dev.safestart.tws;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one probe. {@code latencyMs} is the time from connect to the final classification
 * (for READY: the handshake latency).
 */
public record ProbeResult(
        ProbeState state,
        String host,
        int port,
        int clientId,
        Instant startedAt,
        double latencyMs,
        int serverVersion,
        String connectionTime,
        List<String> accounts,
        long nextOrderId,
        String detail) {

    public ProbeResult {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        detail = detail == null ? "" : detail;
    }

    public boolean isReady() {
        return state == ProbeState.READY;
    }
}
