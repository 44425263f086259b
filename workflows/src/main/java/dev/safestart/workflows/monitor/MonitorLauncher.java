package dev.safestart.workflows.monitor;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * For workflow code (StartupWorkflowImpl's {@code afterValidated()} hook): starts — or re-validates — the bot's
 * monitor through {@link MonitorControlActivities} on the current task queue. Deterministic: only an activity call.
 */
public final class MonitorLauncher {
    private MonitorLauncher() {}

    public static String startMonitor(String botId, String activeStrategy) {
        MonitorControlActivities control = Workflow.newActivityStub(MonitorControlActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
                        .build());
        return control.startMonitor(botId, activeStrategy);
    }
}
