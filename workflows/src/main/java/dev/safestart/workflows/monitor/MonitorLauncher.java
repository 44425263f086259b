package dev.safestart.workflows.monitor;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * For workflow code (StartupWorkflowImpl): hands a validation over to the bot's owner through
 * {@link MonitorControlActivities} on the current task queue. Deterministic: only an activity call.
 */
public final class MonitorLauncher {
    private MonitorLauncher() {}

    /** The hand-over of startups recorded before the owner decided arming (kept for replay). */
    public static String startMonitor(String botId, String activeStrategy) {
        return control(Duration.ofSeconds(30)).startMonitor(botId, activeStrategy);
    }

    /**
     * Reports a validation to the owner and returns its decision. The owner may arm the plan before answering
     * (an activity on the bot's queue), so the call may take up to a few minutes.
     */
    public static OwnerDecision reportValidation(ValidationReport report) {
        return control(Duration.ofMinutes(3)).reportValidation(report);
    }

    private static MonitorControlActivities control(Duration startToClose) {
        return Workflow.newActivityStub(
                MonitorControlActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(startToClose)
                        .setRetryOptions(
                                RetryOptions.newBuilder().setMaximumAttempts(5).build())
                        .build());
    }
}
