package dev.safestart.workflows;

import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertReceipt;
import io.temporal.activity.ActivityInterface;

/** Delivers alerts (Discord webhook, or the log when none is configured). Implemented in {@code activities}. */
@ActivityInterface
public interface AlertActivities {
    AlertReceipt sendAlert(Alert alert);
}
