package dev.safestart.engine;

import java.util.Optional;

/**
 * The single door every order passes. Open iff
 * <ul>
 *   <li>the session is connected,</li>
 *   <li>it was validated in the LATEST epoch (every connect and every dangerous event starts a new epoch, which
 *   revokes any earlier validation), and</li>
 *   <li>a strategy other than C is armed.</li>
 * </ul>
 * Every state change and every submission take the same lock, so a {@link #close(String, boolean)} that has
 * returned guarantees that no order passes afterwards; it is called synchronously on the protocol reader thread.
 */
public final class OrderGate {
    private final OrderSender sender;
    private final RiskManager risk;
    private final PositionBook book;

    private long epoch;
    private long validatedEpoch = -1;
    private boolean connected;
    private boolean trading;
    private String closedReason = "not initialized";
    private volatile boolean open;

    OrderGate(OrderSender sender, RiskManager risk, PositionBook book) {
        this.sender = sender;
        this.risk = risk;
        this.book = book;
    }

    /** A new session is up: a new epoch, not yet validated. */
    synchronized long sessionConnected() {
        connected = true;
        epoch++;
        closedReason = "session not validated";
        recompute();
        return epoch;
    }

    /** Marks the given epoch validated; refused (false) if anything happened since it was read. */
    synchronized boolean validate(long validatedAt) {
        if (!connected || validatedAt != epoch) {
            return false;
        }
        validatedEpoch = validatedAt;
        recompute();
        return true;
    }

    /**
     * Closes the gate now: starts a new epoch, which revokes the current validation. {@code disconnected} also
     * marks the session as gone.
     */
    synchronized void close(String reason, boolean disconnected) {
        epoch++;
        if (disconnected) {
            connected = false;
        }
        closedReason = reason;
        recompute();
    }

    /** Whether the armed strategy trades (A/B) or not (C). */
    synchronized void setTrading(boolean trading, String reasonIfNot) {
        this.trading = trading;
        if (!trading) {
            closedReason = reasonIfNot;
        }
        recompute();
    }

    /** The only path from an order request to a sender. */
    synchronized OrderResult submit(OrderRequest request) {
        if (!open) {
            return new OrderResult(
                    OrderResult.Status.REFUSED_GATE_CLOSED, request, epoch, "order gate closed: " + closedReason);
        }
        Optional<String> refusal = risk.check(request, book);
        if (refusal.isPresent()) {
            return new OrderResult(OrderResult.Status.REFUSED_RISK, request, epoch, refusal.get());
        }
        OrderResult result = sender.send(request, epoch);
        if (result.accepted()) {
            book.apply(request);
        }
        return result;
    }

    /**
     * Strategy C's flatten: a closing order passes while Strategy C holds the gate shut for new exposure, but only on
     * a connected session validated in the latest epoch, and only if it reduces the position. Same lock, same sender.
     */
    synchronized OrderResult submitClosing(OrderRequest request) {
        if (!(connected && validatedEpoch == epoch)) {
            return new OrderResult(
                    OrderResult.Status.REFUSED_GATE_CLOSED,
                    request,
                    epoch,
                    "closing order refused: session not validated (" + closedReason + ")");
        }
        int before = Math.abs(book.position(request.symbol()));
        int after = Math.abs(book.position(request.symbol()) + request.signedQuantity());
        if (after >= before) {
            return new OrderResult(OrderResult.Status.REFUSED_RISK, request, epoch, "not a closing order");
        }
        OrderResult result = sender.send(request, epoch);
        if (result.accepted()) {
            book.apply(request);
        }
        return result;
    }

    synchronized long epoch() {
        return epoch;
    }

    synchronized boolean connected() {
        return connected;
    }

    synchronized boolean validatedNow() {
        return connected && validatedEpoch == epoch;
    }

    synchronized String closedReason() {
        return open ? "" : closedReason;
    }

    /** Lock-free read for status and tests. */
    public boolean isOpen() {
        return open;
    }

    private void recompute() {
        open = connected && validatedEpoch == epoch && trading;
    }
}
