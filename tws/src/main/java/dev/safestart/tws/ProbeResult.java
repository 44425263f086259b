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

    /**
     * A verdict reached before the gateway answered anything (no server version, no accounts): for {@code request},
     * begun at {@code startedAt} and {@code startNanos} ({@link System#nanoTime()}), ending now.
     */
    static ProbeResult unanswered(
            ProbeState state, ProbeRequest request, Instant startedAt, long startNanos, String detail) {
        return new ProbeResult(
                state,
                request.host(),
                request.port(),
                request.clientId(),
                startedAt,
                (System.nanoTime() - startNanos) / 1e6,
                0,
                "",
                List.of(),
                -1,
                detail);
    }

    public boolean isReady() {
        return state == ProbeState.READY;
    }
}
