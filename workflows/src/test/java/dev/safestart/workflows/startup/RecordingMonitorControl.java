package dev.safestart.workflows.startup;

import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.monitor.MonitorControlActivities;
import dev.safestart.workflows.monitor.OwnerDecision;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import dev.safestart.workflows.monitor.ValidationReport;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the bot's owner: records the hand-over and, like the owner, arms a valid A/B plan on the engine
 * unless told that a hold exists.
 */
final class RecordingMonitorControl implements MonitorControlActivities {
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<ValidationReport> reports = new CopyOnWriteArrayList<>();
    private final RecordingEngine engine;
    volatile String hold;
    volatile boolean refuse;

    RecordingMonitorControl(RecordingEngine engine) {
        this.engine = engine;
    }

    @Override
    public String startMonitor(String botId, String activeStrategy) {
        started.add(botId + "/" + activeStrategy);
        return RuntimeMonitorWorkflow.workflowId(botId);
    }

    @Override
    public OwnerDecision reportValidation(ValidationReport report) {
        reports.add(report);
        GameplanCheck plan = report.plan();
        if (plan == null || !plan.valid()) {
            started.add(report.botId() + "/rejected");
            return new OwnerDecision(OwnerDecision.Decision.SAFE_C, "C", "gameplan rejected");
        }
        started.add(report.botId() + "/" + plan.strategy());
        if (refuse) {
            return new OwnerDecision(
                    OwnerDecision.Decision.REFUSED, "C", "two live engines answer for bot " + report.botId());
        }
        if (hold != null) {
            return new OwnerDecision(OwnerDecision.Decision.HELD, "C", "held: " + hold);
        }
        if ("C".equals(plan.strategy())) {
            return new OwnerDecision(OwnerDecision.Decision.SAFE_C, "C", "plan selects C");
        }
        try {
            engine.activatePlan(report.botId(), plan);
        } catch (ApplicationFailure e) {
            return new OwnerDecision(
                    OwnerDecision.Decision.SAFE_C,
                    "C",
                    "engine refused gameplan strategy " + plan.strategy() + ": " + e.getOriginalMessage());
        }
        return new OwnerDecision(
                OwnerDecision.Decision.ARMED, plan.strategy(), "strategy " + plan.strategy() + " armed");
    }
}
