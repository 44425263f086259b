package dev.safestart.workflows.startup;

import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import dev.safestart.workflows.model.AlertSeverity;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Alert activity that records every delivery attempt; can be told to reject like a deleted webhook. */
final class RecordingAlerts implements AlertActivities {
    final List<Alert> sent = Collections.synchronizedList(new ArrayList<>());
    volatile boolean reject;
    /** Every delivery fails with a retryable error, like Discord being down. */
    volatile boolean discordDown;

    @Override
    public AlertReceipt sendAlert(Alert alert) {
        sent.add(alert);
        if (discordDown) {
            throw ApplicationFailure.newFailure("Discord answered HTTP 503", "AlertDeliveryFailed");
        }
        if (reject) {
            throw ApplicationFailure.newFailure("alert invalid", "AlertInvalid");
        }
        return new AlertReceipt(alert.alertId(), AlertReceipt.Status.LOGGED_ONLY, 0, "");
    }

    List<Alert> ofSeverity(AlertSeverity severity) {
        synchronized (sent) {
            return sent.stream().filter(a -> a.severity() == severity).toList();
        }
    }
}
