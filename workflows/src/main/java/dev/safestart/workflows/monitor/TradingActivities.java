package dev.safestart.workflows.monitor;

import io.temporal.activity.ActivityInterface;

/**
 * The trading worker's side of the monitor: scheduled on the bot's task queue, implemented over the worker's
 * trading engine (activities/monitor). Activity type names are prefixed {@code Monitor} to stay apart from the
 * startup's activities.
 */
@ActivityInterface(namePrefix = "Monitor")
public interface TradingActivities {

    /** "Bot worker alive": answered only by a worker that serves the bot's queue; reports the engine's view. */
    EngineSnapshot ping(String botId);

    /** Strategy C: no new orders, working orders cancelled, positions flattened only if asked (DRY_RUN: logged). */
    StrategyCOutcome enterStrategyC(StrategyCOrder command);

    /** A fresh validation of the trading session (reconnecting with the trading client id if needed). */
    EngineSnapshot revalidate(String botId);

    /** Back to the gameplan's strategy; fails unless the engine's session is validated now. */
    EngineSnapshot resumeStrategy(String botId);

    /** Long-lived: returns when the engine changed (see {@link EngineWatch}); heartbeats meanwhile. */
    EngineSnapshot watchEngine(EngineWatch watch);
}
