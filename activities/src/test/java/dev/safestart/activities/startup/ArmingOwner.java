package dev.safestart.activities.startup;

import dev.safestart.activities.modules.ModuleActivitiesImpl;
import dev.safestart.engine.TradingEngine;
import dev.safestart.workflows.monitor.MonitorControlActivities;
import dev.safestart.workflows.monitor.OwnerDecision;
import dev.safestart.workflows.monitor.ValidationReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Stands in for the bot's owner (the monitor workflow): like it without a hold, arms a valid A/B plan on the engine;
 * records each monitor start ({@code bot/strategy}) and each plan it armed.
 */
public final class ArmingOwner implements MonitorControlActivities {
    public final List<String> started = Collections.synchronizedList(new ArrayList<>());
    private final TradingEngine engine;

    public ArmingOwner(TradingEngine engine) {
        this.engine = engine;
    }

    @Override
    public String startMonitor(String botId, String activeStrategy) {
        started.add(botId + "/" + activeStrategy);
        return "monitor-" + botId;
    }

    @Override
    public OwnerDecision reportValidation(ValidationReport report) {
        var plan = report.plan();
        if (plan == null || !plan.valid() || "C".equals(plan.strategy())) {
            return new OwnerDecision(OwnerDecision.Decision.SAFE_C, "C", "nothing to arm");
        }
        new ModuleActivitiesImpl(engine).activatePlan(report.botId(), plan);
        started.add(report.botId() + "/" + plan.strategy());
        return new OwnerDecision(OwnerDecision.Decision.ARMED, plan.strategy(), "");
    }
}
