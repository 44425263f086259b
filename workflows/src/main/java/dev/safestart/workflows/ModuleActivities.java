package dev.safestart.workflows;

import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.ModuleInit;
import dev.safestart.workflows.model.ModuleStatus;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The trading engine in the worker process, as the startup drives it. */
@ActivityInterface
public interface ModuleActivities {

    /**
     * Opens the broker session with the trading client id and sets up strategy engine and risk manager in
     * Strategy C with the order gate closed. Idempotent: a retry never opens a second session.
     * Fails with type {@link #ENGINE_FAILURE} when the engine cannot be initialized.
     */
    @ActivityMethod(name = "initModules")
    ModuleStatus initModules(ModuleInit init);

    /** Arms a valid A/B gameplan's strategy and hard limits. Fails with {@link #ENGINE_FAILURE} if refused. */
    @ActivityMethod(name = "activatePlan")
    ModuleStatus activatePlan(String botId, GameplanCheck plan);

    /** Closes the order gate and enters Strategy C (cash preservation), saying why. */
    @ActivityMethod(name = "enterStrategyC")
    ModuleStatus enterStrategyC(String botId, String reason);

    /** ApplicationFailure type used when the engine refuses or cannot do what was asked. */
    String ENGINE_FAILURE = "EngineFailure";
}
