package dev.safestart.engine;

/** What became of one order request at the gate. {@link Status#SENT_DRY_RUN} and {@link Status#SENT_PAPER} passed. */
public record OrderResult(Status status, OrderRequest request, long sessionEpoch, String detail) {

    public enum Status {
        /** Passed gate and risk; DRY_RUN: logged, not sent. */
        SENT_DRY_RUN,
        /** The order gate was closed (not validated, disconnected, Strategy C, not armed). */
        REFUSED_GATE_CLOSED,
        /** The gameplan's hard limits refused it. */
        REFUSED_RISK,
        /** DRY_RUN=false on a live port: live order submission stays refused in this build. */
        REFUSED_LIVE_NOT_IMPLEMENTED,
        /** DRY_RUN=false, paper port, paper account: placeOrder handed to the session's writer. */
        SENT_PAPER,
        /** DRY_RUN=false but the session's accounts are not (exactly one) paper account: never sent. */
        REFUSED_NOT_PAPER
    }

    public boolean accepted() {
        return status == Status.SENT_DRY_RUN || status == Status.SENT_PAPER;
    }
}
