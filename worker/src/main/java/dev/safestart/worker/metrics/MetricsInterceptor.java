package dev.safestart.worker.metrics;

import dev.safestart.workflows.model.AlertReceipt;
import dev.safestart.workflows.model.GatewayCheck;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Safestart's own metrics off activity results as they leave the worker, so neither the workflows nor
 * the activities change: startup attempts by classification and readiness lag (gateway checks of a
 * StartupWorkflow) and alert deliveries and retries.
 */
public final class MetricsInterceptor extends WorkerInterceptorBase {
    private static final String STARTUP_TYPE = "StartupWorkflow";
    private final WorkerMetrics metrics;
    /** Per startup, when the last not-ready check was made; bounded, oldest dropped. */
    private final Map<String, Long> lastNotReady = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 256;
        }
    };

    public MetricsInterceptor(WorkerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            private ActivityInfo info;

            @Override
            public void init(ActivityExecutionContext context) {
                info = context.getInfo();
                super.init(context);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                long started = System.nanoTime();
                ActivityOutput out;
                try {
                    out = super.execute(input);
                } catch (RuntimeException e) {
                    if (isAlert(info)) {
                        metrics.alert("failed");
                    }
                    throw e;
                }
                record(info, out == null ? null : out.getResult(), started);
                return out;
            }
        };
    }

    private static boolean isAlert(ActivityInfo info) {
        return info != null && info.getActivityType().equalsIgnoreCase("sendAlert");
    }

    private void record(ActivityInfo info, Object result, long startedNanos) {
        if (info == null) {
            return;
        }
        if (result instanceof GatewayCheck check && STARTUP_TYPE.equals(info.getWorkflowType())) {
            metrics.startupAttempt(info.getActivityType(), check.state().name());
            recordReadiness(info.getWorkflowId(), check);
        } else if (result instanceof AlertReceipt receipt) {
            metrics.alert(
                    switch (receipt.status()) {
                        case DELIVERED -> "posted";
                        case LOGGED_ONLY -> "logged_only";
                        case ALREADY_DELIVERED -> "already_delivered";
                        case REJECTED -> "rejected";
                    });
            if (info.getAttempt() > 1) {
                metrics.alertRetried();
            }
        }
    }

    private void recordReadiness(String workflowId, GatewayCheck check) {
        synchronized (lastNotReady) {
            if (check.ready()) {
                Long before = lastNotReady.remove(workflowId);
                if (before != null && check.checkedAtEpochMillis() >= before) {
                    metrics.readinessLag(Duration.ofMillis(check.checkedAtEpochMillis() - before));
                }
            } else if (check.state() != dev.safestart.workflows.model.GatewayState.UNKNOWN) {
                lastNotReady.put(workflowId, check.checkedAtEpochMillis());
            }
        }
    }
}
