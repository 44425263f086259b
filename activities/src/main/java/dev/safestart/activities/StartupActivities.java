package dev.safestart.activities;

import dev.safestart.activities.gameplan.GameplanActivitiesImpl;
import dev.safestart.activities.gateway.GatewayActivitiesImpl;
import dev.safestart.activities.modules.ModuleActivitiesImpl;
import dev.safestart.engine.TradingEngine;

/**
 * The activity implementations the StartupWorkflow needs (besides alerts), ready for
 * {@code worker.registerActivitiesImplementations(StartupActivities.create(engine))}.
 */
public final class StartupActivities {
    private StartupActivities() {}

    /** Gateway checks over real sockets, the worker's trading engine, and the gameplan loader. */
    public static Object[] create(TradingEngine engine) {
        return new Object[] {
            GatewayActivitiesImpl.overTws(), new ModuleActivitiesImpl(engine), new GameplanActivitiesImpl()
        };
    }
}
