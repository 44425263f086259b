package dev.safestart.activities.modules;

import dev.safestart.engine.EngineException;
import dev.safestart.engine.EngineSettings;
import dev.safestart.engine.EngineStatus;
import dev.safestart.engine.TradingEngine;
import dev.safestart.engine.TradingPlan;
import dev.safestart.workflows.ModuleActivities;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.ModuleInit;
import dev.safestart.workflows.model.ModuleStatus;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the worker's trading engine for the startup. initModules relies on {@link TradingEngine#initialize}
 * being idempotent for the same settings, so a retried or replayed activity never opens a second session.
 */
public final class ModuleActivitiesImpl implements ModuleActivities {
    private static final Logger log = LoggerFactory.getLogger(ModuleActivitiesImpl.class);

    private final TradingEngine engine;
    private final String engineTaskQueue;
    private final ModuleInit workerOwn;

    public ModuleActivitiesImpl(TradingEngine engine) {
        this(engine, "", null);
    }

    /**
     * @param engineTaskQueue the queue only this engine's worker polls, reported with every status
     * @param workerOwn       the worker's own gateway, trading client id and DRY_RUN (its environment), or null. When
     *                        set, initModules uses these whatever the caller sends (only DRY_RUN=true may narrow them)
     */
    public ModuleActivitiesImpl(TradingEngine engine, String engineTaskQueue, ModuleInit workerOwn) {
        this.engine = engine;
        this.engineTaskQueue = engineTaskQueue == null ? "" : engineTaskQueue;
        this.workerOwn = workerOwn;
    }

    @Override
    public ModuleStatus initModules(ModuleInit asked) {
        ModuleInit init = asked;
        if (workerOwn != null) {
            init = new ModuleInit(
                    asked.botId(),
                    workerOwn.gatewayHost(),
                    workerOwn.gatewayPort(),
                    workerOwn.clientId(),
                    workerOwn.dryRun() || asked.dryRun());
            if (!init.equals(asked)) {
                log.warn(
                        "initModules asked for {}:{} client id {} DRY_RUN={}; this worker's own settings apply: {}:{}"
                                + " client id {} DRY_RUN={}",
                        asked.gatewayHost(),
                        asked.gatewayPort(),
                        asked.clientId(),
                        asked.dryRun(),
                        init.gatewayHost(),
                        init.gatewayPort(),
                        init.clientId(),
                        init.dryRun());
            }
        }
        EngineSettings settings;
        try {
            settings = new EngineSettings(
                    init.botId(), init.gatewayHost(), init.gatewayPort(), init.clientId(), init.dryRun());
        } catch (IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "engine settings refused: " + e.getMessage(), ENGINE_FAILURE);
        }
        try {
            EngineStatus status = engine.initialize(settings);
            log.info(
                    "bot {} modules initialized: session up with client id {}, strategy {}, gate {}, dryRun {}",
                    init.botId(),
                    init.clientId(),
                    status.strategyActive(),
                    status.orderGateOpen() ? "open" : "closed",
                    init.dryRun());
            // a read-only API is in lastError from the first validation on: the startup alerts on it
            return toModuleStatus(
                    status,
                    status.lastError().contains("read-only API") ? "session up; " + status.lastError() : "session up");
        } catch (EngineException e) {
            log.warn("bot {} modules not initialized: {}", init.botId(), e.getMessage());
            throw ApplicationFailure.newFailure(e.getMessage(), ENGINE_FAILURE);
        }
    }

    @Override
    public ModuleStatus activatePlan(String botId, GameplanCheck plan) {
        if (plan == null || !plan.valid()) {
            throw ApplicationFailure.newNonRetryableFailure("refusing to activate an invalid gameplan", ENGINE_FAILURE);
        }
        try {
            EngineStatus status = engine.activate(
                    new TradingPlan(plan.strategy(), plan.symbols(), plan.maxDailyLossPct(), plan.maxSinglePosition()));
            log.info(
                    "bot {} strategy {} armed on {} (max daily loss {}, max position {})",
                    botId,
                    plan.strategy(),
                    plan.symbols(),
                    plan.maxDailyLossPct(),
                    plan.maxSinglePosition());
            return toModuleStatus(status, "strategy " + plan.strategy() + " armed");
        } catch (EngineException e) {
            log.warn("bot {} strategy {} not armed: {}", botId, plan.strategy(), e.getMessage());
            throw ApplicationFailure.newFailure(e.getMessage(), ENGINE_FAILURE);
        }
    }

    @Override
    public ModuleStatus enterStrategyC(String botId, String reason) {
        engine.enterStrategyC(reason);
        log.warn("bot {} in Strategy C: {}", botId, reason);
        return toModuleStatus(engine.status(), reason);
    }

    private ModuleStatus toModuleStatus(EngineStatus s, String detail) {
        return new ModuleStatus(
                s.initialized(),
                s.gatewayConnected(),
                s.orderGateOpen(),
                s.strategyActive(),
                detail,
                s.engineId(),
                s.sessionEpoch(),
                engineTaskQueue);
    }
}
