package dev.safestart.workflows.monitor;

import dev.safestart.workflows.AlertActivities;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public class RecordingAlerts implements AlertActivities {
    public final List<Alert> sent = new CopyOnWriteArrayList<>();

    @Override
    public AlertReceipt sendAlert(Alert alert) {
        sent.add(alert);
        return new AlertReceipt(alert.alertId(), AlertReceipt.Status.LOGGED_ONLY, 0, "recorded");
    }
}
