package dev.safestart.workflows.monitor;

import io.temporal.activity.ActivityInterface;

/**
 * Starts the monitor from the StartupWorkflow's {@code afterValidated()} hook. An activity (not a child workflow)
 * because the monitor's settings (MONITOR_INTERVAL, AUTO_RESUME, MAX_DISCONNECTS, GATEWAY_RESTART_WINDOW, …) live in
 * the worker's configuration, and because signal-with-start makes it idempotent: a retried activity, or a second
 * startup of a bot whose monitor still runs, signals {@code STARTUP_VALIDATED} to the running monitor instead of
 * starting a duplicate.
 */
@ActivityInterface(namePrefix = "Monitor")
public interface MonitorControlActivities {
    /** @return the monitor's workflow id ({@code monitor-<botId>}) */
    String startMonitor(String botId, String activeStrategy);
}
