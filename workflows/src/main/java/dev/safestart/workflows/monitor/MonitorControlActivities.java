package dev.safestart.workflows.monitor;

import io.temporal.activity.ActivityInterface;

/**
 * The startup's hand-over to the bot's owner (its monitor), run on the bot's queue because the monitor's settings
 * (MONITOR_INTERVAL, AUTO_RESUME, MAX_DISCONNECTS, GATEWAY_RESTART_WINDOW, …) live in the worker's configuration.
 */
@ActivityInterface(namePrefix = "Monitor")
public interface MonitorControlActivities {
    /**
     * Signal-with-start of {@code monitor-<botId>} with {@code STARTUP_VALIDATED}: the hand-over of startups
     * recorded before the owner decided arming. Kept for their replay and for running old startups.
     *
     * @return the monitor's workflow id ({@code monitor-<botId>})
     */
    String startMonitor(String botId, String activeStrategy);

    /**
     * Update-with-start of {@code monitor-<botId>}: the {@link RuntimeMonitorWorkflow#reportValidation} Update, the
     * monitor started first if none runs. Returns when the owner decided (and, if it armed, after the engine armed).
     */
    OwnerDecision reportValidation(ValidationReport report);
}
