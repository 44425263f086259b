package dev.safestart.workflows.alerts;

import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * How workflows send alerts: the recommended activity options and a send that never fails the workflow.
 *
 * <pre>{@code
 * private final AlertActivities alerts = AlertDelivery.stub();
 * ...
 * AlertReceipt r = AlertDelivery.sendSafely(alerts, alert);                 // waits for the outcome
 * Promise<AlertReceipt> p = Async.function(alerts::sendAlert, alert);       // or in the background —
 * // but wait for p (or use sendSafely) before the workflow completes or continues-as-new, else the
 * // pending delivery is abandoned.
 * }</pre>
 *
 * <p>Retry: the activity throws {@code AlertDeliveryFailed} (5xx, timeouts; exponential backoff 2 s → 60 s) or
 * {@code AlertRateLimited} (429; the activity sets the next retry delay to Discord's {@code retry_after}, so the
 * wait is a durable Temporal retry). Rejections (401/403/404) come back as a {@code REJECTED} receipt, not as a
 * failure. Up to {@value #MAX_ATTEMPTS} attempts within {@link #SCHEDULE_TO_CLOSE}; after that
 * {@link #sendSafely} returns a {@code REJECTED} receipt whose detail starts with {@code "undelivered:"}.
 */
public final class AlertDelivery {
    public static final int MAX_ATTEMPTS = 12;
    public static final Duration SCHEDULE_TO_CLOSE = Duration.ofMinutes(15);
    /** Must exceed the worker's ALERT_HTTP_TIMEOUT (default 10 s) so an attempt is never abandoned mid-POST. */
    public static final Duration START_TO_CLOSE = Duration.ofSeconds(30);
    /** Failure types that retrying cannot fix (a bad alert, a programming error). */
    public static final String[] NON_RETRYABLE_TYPES = {
        "AlertRejected", "AlertInvalid", "java.lang.IllegalStateException"
    };

    private AlertDelivery() {}

    public static RetryOptions retryOptions() {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(2))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(60))
                .setMaximumAttempts(MAX_ATTEMPTS)
                .setDoNotRetry(NON_RETRYABLE_TYPES)
                .build();
    }

    public static ActivityOptions activityOptions() {
        return activityOptions(Duration.ofSeconds(10));
    }

    /** For a worker configured with a longer ALERT_HTTP_TIMEOUT: start-to-close stays 15 s above it. */
    public static ActivityOptions activityOptions(Duration httpCallTimeout) {
        Duration startToClose = httpCallTimeout.plusSeconds(15).compareTo(START_TO_CLOSE) > 0
                ? httpCallTimeout.plusSeconds(15)
                : START_TO_CLOSE;
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(startToClose)
                .setScheduleToCloseTimeout(SCHEDULE_TO_CLOSE)
                .setRetryOptions(retryOptions())
                .build();
    }

    /** A stub with the recommended options; call from workflow code only. */
    public static AlertActivities stub() {
        return Workflow.newActivityStub(AlertActivities.class, activityOptions());
    }

    /**
     * Sends and returns the receipt; if every attempt failed, returns a {@code REJECTED} receipt with detail
     * {@code "undelivered: …"} instead of failing the workflow (EC-13: alerting never takes the bot down).
     */
    public static AlertReceipt sendSafely(AlertActivities stub, Alert alert) {
        try {
            return stub.sendAlert(alert);
        } catch (ActivityFailure e) {
            String why = e.getCause() instanceof ApplicationFailure af
                    ? af.getType() + ": " + af.getOriginalMessage()
                    : String.valueOf(
                            e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            Logger log = Workflow.getLogger(AlertDelivery.class);
            log.error("alert {} could not be delivered: {}", alert.alertId(), why);
            return new AlertReceipt(alert.alertId(), AlertReceipt.Status.REJECTED, 0, "undelivered: " + why);
        }
    }
}
