package dev.safestart.workflows.startup;

import dev.safestart.workflows.ModuleActivities;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.ModuleInit;
import dev.safestart.workflows.model.ModuleStatus;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Module activities that record what the workflow asked of the engine, and can be told to refuse. */
final class RecordingEngine implements ModuleActivities {
    final List<ModuleInit> inits = Collections.synchronizedList(new ArrayList<>());
    final List<GameplanCheck> activations = Collections.synchronizedList(new ArrayList<>());
    final List<String> strategyCReasons = Collections.synchronizedList(new ArrayList<>());
    volatile String refuseInit;
    volatile String refuseActivation;
    private volatile String strategy = "C";

    @Override
    public ModuleStatus initModules(ModuleInit init) {
        inits.add(init);
        if (refuseInit != null) {
            throw ApplicationFailure.newFailure(refuseInit, ENGINE_FAILURE);
        }
        return new ModuleStatus(
                true, true, false, strategy, "session up, Strategy C" + initDetail, engineId, epoch, engineQueue);
    }

    /** The identity initModules reports (blank: an engine without one). */
    volatile String engineId = "";

    volatile long epoch;
    volatile String engineQueue = "";

    /** Appended to initModules' detail (e.g. the read-only API warning). */
    volatile String initDetail = "";

    @Override
    public ModuleStatus activatePlan(String botId, GameplanCheck plan) {
        activations.add(plan);
        if (refuseActivation != null) {
            throw ApplicationFailure.newNonRetryableFailure(refuseActivation, ENGINE_FAILURE);
        }
        strategy = plan.strategy();
        return new ModuleStatus(true, true, true, strategy, "armed");
    }

    @Override
    public ModuleStatus enterStrategyC(String botId, String reason) {
        strategyCReasons.add(reason);
        strategy = "C";
        return new ModuleStatus(true, true, false, "C", reason);
    }
}
