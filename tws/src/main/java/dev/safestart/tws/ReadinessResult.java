package dev.safestart.tws;

import java.time.Instant;

/**
 * The outcome of one {@link ReadinessCheck}: the winning READY handshake, or the most telling classification seen,
 * with what it cost the gateway.
 *
 * @param result       the READY probe, or the last classification (API_NOT_READY, PORT_CLOSED, …)
 * @param readyAt      when READY was seen (null unless READY)
 * @param connections  TCP connections accepted by the gateway during the check (refused connects not counted)
 * @param refused      connects that were refused (TCP only, nothing sent)
 * @param hedges       of the accepted connections, how many were hedges beside the long handshake
 * @param peakOpen     the most probe sockets open at once
 * @param wonByHedge   true when a hedge, not the long handshake, reached READY first
 * @param elapsedMs    the whole check's duration
 */
public record ReadinessResult(
        ProbeResult result,
        Instant readyAt,
        int connections,
        int refused,
        int hedges,
        int peakOpen,
        boolean wonByHedge,
        double elapsedMs) {

    public boolean isReady() {
        return result.isReady();
    }

    public ProbeState state() {
        return result.state();
    }

    /** One line for logs and history: the classification's detail plus what the check did. */
    public String detail() {
        return result.detail() + " [" + connections + " connection(s)" + (hedges > 0 ? ", " + hedges + " hedged" : "")
                + (refused > 0 ? ", " + refused + " refused" : "") + ", at most " + peakOpen + " open"
                + (wonByHedge ? ", READY on a hedge" : "") + ", " + Math.round(elapsedMs) + " ms]";
    }
}
