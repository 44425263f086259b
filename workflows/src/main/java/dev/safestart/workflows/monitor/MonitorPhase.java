package dev.safestart.workflows.monitor;

public enum MonitorPhase {
    /** Connected, validated, the gameplan's strategy (or the startup's C) active. */
    MONITORING,
    /** Strategy C after a disconnection; reconnection attempts with backoff until a fresh validation. */
    RECOVERING,
    /** Re-validated but still in Strategy C: AUTO_RESUME=false, forced C, or a latched restart storm. */
    AWAITING_RESUME
}
