package dev.safestart.workflows.startup;

import dev.safestart.workflows.monitor.MonitorControlActivities;
import dev.safestart.workflows.monitor.OwnerDecision;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import dev.safestart.workflows.monitor.ValidationReport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the afterValidated() hand-over to the runtime monitor instead of starting one. */
final class RecordingMonitorControl implements MonitorControlActivities {
    final List<String> started = new CopyOnWriteArrayList<>();

    @Override
    public String startMonitor(String botId, String activeStrategy) {
        started.add(botId + "/" + activeStrategy);
        return RuntimeMonitorWorkflow.workflowId(botId);
    }

    @Override
    public OwnerDecision reportValidation(ValidationReport report) {
        String strategy = report.plan() != null && report.plan().valid() ? report.plan().strategy() : "C";
        started.add(report.botId() + "/" + strategy);
        return new OwnerDecision(OwnerDecision.Decision.ARMED, strategy, "");
    }
}
