package dev.safestart.workflows.monitor;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * For workflow code (StartupWorkflowImpl): hands a validation over to the bot's owner through
 * {@link MonitorControlActivities} on the current task queue. Deterministic: only an activity call.
 */
public final class MonitorLauncher {
    /** How long one report may take: the owner may arm the plan (an activity on the bot's queue) before answering. */
    private static final Duration REPORT_TIMEOUT = Duration.ofMinutes(3);

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
        return control(REPORT_TIMEOUT).reportValidation(report);
    }

    /**
     * {@link #reportValidation} as a local activity (from the startup's warm-start-one-task version on): the same
     * activity on the same worker (the one running the startup, which holds the monitor's settings), inside the
     * workflow task instead of an activity task and a workflow task of its own. Its marker records the report and
     * the owner's decision; the owner's own history records the Update.
     */
    public static OwnerDecision reportValidationLocal(ValidationReport report) {
        return Workflow.newLocalActivityStub(
                        MonitorControlActivities.class,
                        LocalActivityOptions.newBuilder()
                                .setStartToCloseTimeout(REPORT_TIMEOUT)
                                .setRetryOptions(RetryOptions.newBuilder()
                                        .setMaximumAttempts(5)
                                        .build())
                                .build())
                .reportValidation(report);
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
