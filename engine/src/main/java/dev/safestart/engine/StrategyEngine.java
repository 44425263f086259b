package dev.safestart.engine;

import java.util.Set;

/**
 * Which strategy is active: the gameplan's A or B, or C (cash preservation: no new orders). Starts in C.
 * Guarded by the engine's lock.
 */
final class StrategyEngine {
    static final String C = "C";
    static final Set<String> KNOWN = Set.of("A", "B", "C");

    private volatile String active = C;
    private volatile String planned;
    private String lastCReason = "not activated";

    void arm(String planStrategy) {
        if (planStrategy == null || !KNOWN.contains(planStrategy)) {
            throw new IllegalArgumentException("unknown strategy '" + planStrategy + "' (accepted: A, B, C)");
        }
        planned = planStrategy;
        active = planStrategy;
        if (C.equals(planStrategy)) {
            lastCReason = "gameplan strategy is C";
        }
    }

    void enterC(String reason) {
        active = C;
        lastCReason = reason;
    }

    /** Back to the gameplan's strategy; false when there is none to go back to. */
    boolean resume() {
        if (planned == null) {
            return false;
        }
        active = planned;
        return true;
    }

    String active() {
        return active;
    }

    String planned() {
        return planned;
    }

    boolean trades() {
        return !C.equals(active);
    }

    String lastCReason() {
        return lastCReason;
    }
}
