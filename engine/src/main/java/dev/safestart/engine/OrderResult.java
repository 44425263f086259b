package dev.safestart.engine;

/** What became of one order request at the gate. Only {@link Status#SENT_DRY_RUN} means it passed. */
public record OrderResult(Status status, OrderRequest request, long sessionEpoch, String detail) {

    public enum Status {
        /** Passed gate and risk; DRY_RUN: logged, not sent. */
        SENT_DRY_RUN,
        /** The order gate was closed (not validated, disconnected, Strategy C, not armed). */
        REFUSED_GATE_CLOSED,
        /** The gameplan's hard limits refused it. */
        REFUSED_RISK,
        /** DRY_RUN=false: this build has no wire encoding of placeOrder and never sends. */
        REFUSED_LIVE_NOT_IMPLEMENTED
    }

    public boolean accepted() {
        return status == Status.SENT_DRY_RUN;
    }
}
