package dev.safestart.workflows.model;

/** The only three ways a startup may end. */
public enum StartupOutcome {
    /** Gateway authenticated, gameplan valid, its strategy active. */
    VALIDATED,
    /** Gateway authenticated, gameplan unusable: cash preservation. */
    STRATEGY_C,
    /** Never validated within the limits, or a refused configuration: orders refused, CRITICAL alert. */
    FAILED
}
