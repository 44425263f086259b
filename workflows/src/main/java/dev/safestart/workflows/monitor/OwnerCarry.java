package dev.safestart.workflows.monitor;

import dev.safestart.workflows.alerts.AlertPolicy;
import dev.safestart.workflows.model.Alert;
import java.util.List;

/**
 * What one owner run hands to the next at continue-as-new: the rules' state, the alert policy's memory, alerts
 * not yet confirmed delivered (sent again with the same id; the delivery ledger drops duplicates), and the last
 * engine snapshot the watches expect.
 */
public record OwnerCarry(
        OwnerRules.State rules,
        AlertPolicy.State alertPolicy,
        long alertSequence,
        long monitoringSinceEpochMillis,
        int run,
        List<Alert> unsentAlerts,
        EngineSnapshot lastEngine,
        List<ConnectionSignal> pendingSignals) {

    public OwnerCarry {
        unsentAlerts = unsentAlerts == null ? List.of() : List.copyOf(unsentAlerts);
        pendingSignals = pendingSignals == null ? List.of() : List.copyOf(pendingSignals);
    }
}
