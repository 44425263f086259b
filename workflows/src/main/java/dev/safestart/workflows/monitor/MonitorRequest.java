package dev.safestart.workflows.monitor;

/**
 * Input of one monitor run. {@code initialStrategy} is the startup's active strategy (the gameplan's, or C);
 * {@code carried} is null on the first run and the previous run's state after continue-as-new.
 */
public record MonitorRequest(MonitorSettings settings, String initialStrategy, MonitorState carried) {}
