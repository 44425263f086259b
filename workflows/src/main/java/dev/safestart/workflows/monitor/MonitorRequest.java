package dev.safestart.workflows.monitor;

/**
 * Input of one monitor run. {@code initialStrategy} is the startup's active strategy for monitors started by the
 * older hand-over (the owner itself starts in Strategy C, not validated); {@code carried} is the state handed over
 * by a run of the earlier monitor at continue-as-new; {@code owner} the state handed over by an owner run. Both
 * null on a first run.
 */
public record MonitorRequest(MonitorSettings settings, String initialStrategy, MonitorState carried, OwnerCarry owner) {

    public MonitorRequest(MonitorSettings settings, String initialStrategy, MonitorState carried) {
        this(settings, initialStrategy, carried, null);
    }
}
