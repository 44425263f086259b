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

    /** A result for {@code request}, begun at {@code startedAt} and {@code startNanos} ({@link System#nanoTime()}). */
    static ProbeResult of(
            ProbeState state,
            ProbeRequest request,
            Instant startedAt,
            long startNanos,
            int serverVersion,
            String connectionTime,
            List<String> accounts,
            long nextOrderId,
            String detail) {
        double latencyMs = (System.nanoTime() - startNanos) / 1e6;
        return new ProbeResult(
                state,
                request.host(),
                request.port(),
                request.clientId(),
                startedAt,
                latencyMs,
                serverVersion,
                connectionTime,
                accounts,
                nextOrderId,
                detail);
    }

    /** A verdict reached before the gateway answered anything: no server version, no accounts. */
    static ProbeResult unanswered(
            ProbeState state, ProbeRequest request, Instant startedAt, long startNanos, String detail) {
        return of(state, request, startedAt, startNanos, 0, "", List.of(), -1, detail);
    }

    public boolean isReady() {
        return state == ProbeState.READY;
    }
}
