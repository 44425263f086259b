package dev.safestart.workflows.startup;

import dev.safestart.workflows.alerts.AlertDelivery;
import dev.safestart.workflows.model.StartupSettings;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Activity options of the startup. Their retry policies cover infrastructure failures only (a crashed worker,
 * an activity timeout): a classified non-READY gateway is a normal result and the workflow's own loop decides
 * about the next attempt, so every attempt shows up in history with its classification.
 */
public final class StartupActivityOptions {

    /** How long one startup alert may keep retrying (Discord down or rate-limiting) before it is given up. */
    public static final Duration ALERT_BUDGET = Duration.ofMinutes(2);

    private StartupActivityOptions() {}

    private static RetryOptions infraRetry(int attempts) {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(500))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(5))
                .setMaximumAttempts(attempts)
                .build();
    }

    /** resolveSettings: the worker reads its own configuration; a refusal is non-retryable. */
    public static ActivityOptions resolveSettings() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(infraRetry(3))
                .build();
    }

    /** resolveSettings as a local activity (from the warm-start-local-steps version on): the same bounds. */
    public static LocalActivityOptions resolveSettingsLocal() {
        return LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(infraRetry(3))
                .build();
    }

    /** probePort: a TCP connect bounded by a few seconds. */
    public static ActivityOptions probePort() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(15))
                .setRetryOptions(infraRetry(3))
                .build();
    }

    /**
     * probePort as a local activity (from the readiness-check version on): a TCP connect bounded by a few seconds,
     * run inside the workflow task so the warm path saves an activity round trip; its result is the marker's.
     */
    public static LocalActivityOptions probePortLocal() {
        return LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(15))
                .setRetryOptions(infraRetry(3))
                .build();
    }

    /**
     * validateAuth: one readiness check (a long handshake with hedges beside it, first READY wins), bounded by
     * GATEWAY_HANDSHAKE_TIMEOUT plus connect time.
     */
    public static ActivityOptions validateAuth(StartupSettings s) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(s.handshakeTimeoutSeconds() + 15L))
                .setRetryOptions(infraRetry(3))
                .build();
    }

    /**
     * validateAuth's quick look as a local activity (from the warm-start-one-task version on): the readiness check on
     * a handshake budget of {@code seconds}, inside the workflow task; bounded like validateAuth on that budget.
     */
    public static LocalActivityOptions quickLookLocal(int seconds) {
        return LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(seconds + 15L))
                .setRetryOptions(infraRetry(3))
                .build();
    }

    /**
     * The watch during a backoff wait. It heartbeats so that cancellation reaches it quickly, and the workflow
     * waits for the cancellation to complete so its socket is closed before the next probe reuses
     * PROBE_CLIENT_ID.
     */
    public static ActivityOptions watch(long maxWaitMillis) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMillis(maxWaitMillis).plusSeconds(15))
                .setHeartbeatTimeout(Duration.ofSeconds(5))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(infraRetry(2))
                .build();
    }

    /** initModules / activatePlan / enterStrategyC: the engine in this worker; a few retries, then give up. */
    public static ActivityOptions engine(StartupSettings s) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(s.handshakeTimeoutSeconds() + 30L))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(2))
                        .setBackoffCoefficient(2.0)
                        .setMaximumInterval(Duration.ofSeconds(10))
                        .setMaximumAttempts(3)
                        .build())
                .build();
    }

    /** initModules as a local activity (from the warm-start-local-steps version on): the same bounds and retries. */
    public static LocalActivityOptions engineLocal(StartupSettings s) {
        ActivityOptions regular = engine(s);
        return LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(regular.getStartToCloseTimeout())
                .setRetryOptions(regular.getRetryOptions())
                .build();
    }

    /** loadGameplan as a local activity (from the warm-start-local-steps version on): the same bounds. */
    public static LocalActivityOptions gameplanLocal() {
        return LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(infraRetry(3))
                .build();
    }

    /** loadGameplan: reads one small file. */
    public static ActivityOptions gameplan() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(infraRetry(3))
                .build();
    }

    /**
     * sendAlert: the alerting delivery policy ({@link AlertDelivery}: backoff, Discord's retry_after, non-retryable
     * rejections), but bounded to {@link #ALERT_BUDGET} overall, because the startup waits for its alerts before it
     * ends and a Discord outage must not hold a VALIDATED/FAILED result back for long. The workflow never fails
     * over an alert.
     */
    public static ActivityOptions alert() {
        return ActivityOptions.newBuilder(AlertDelivery.activityOptions())
                .setScheduleToCloseTimeout(ALERT_BUDGET)
                .build();
    }
}
