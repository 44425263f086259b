package dev.safestart.activities.monitor;

import dev.safestart.engine.EngineException;
import dev.safestart.engine.EngineStatus;
import dev.safestart.engine.StrategyCReport;
import dev.safestart.engine.TradingEngine;
import dev.safestart.workflows.monitor.EngineSnapshot;
import dev.safestart.workflows.monitor.EngineWatch;
import dev.safestart.workflows.monitor.StrategyCOrder;
import dev.safestart.workflows.monitor.StrategyCOutcome;
import dev.safestart.workflows.monitor.TradingActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's activities on the trading worker, over the worker's one {@link TradingEngine}. Registered on the
 * bot's task queue by the trading worker only: a worker that does not hold the engine must not answer the ping.
 */
public final class EngineTradingActivities implements TradingActivities {
    private static final Logger log = LoggerFactory.getLogger(EngineTradingActivities.class);
    private final Supplier<TradingEngine> engine;
    private final String engineTaskQueue;
    private volatile boolean stopping;

    /** @param engine the worker's engine (a supplier, so a worker may create it lazily at initModules) */
    public EngineTradingActivities(Supplier<TradingEngine> engine) {
        this(engine, "");
    }

    /**
     * @param engineTaskQueue the queue only this engine's worker polls ({@code <TASK_QUEUE>@<engineId>}), reported
     *                        in every snapshot so the owner addresses its commands to exactly this engine
     */
    public EngineTradingActivities(Supplier<TradingEngine> engine, String engineTaskQueue) {
        this.engine = engine;
        this.engineTaskQueue = engineTaskQueue == null ? "" : engineTaskQueue;
    }

    @Override
    public EngineSnapshot ping(String botId) {
        return snapshot(engine.get().status());
    }

    @Override
    public StrategyCOutcome enterStrategyC(StrategyCOrder command) {
        long lagMs = Math.max(0, System.currentTimeMillis() - command.detectedAtEpochMillis());
        StrategyCReport report = engine.get().enterStrategyC(command.reason(), command.flatten());
        log.warn(
                "monitor ordered Strategy C bot={} trigger='{}' {} ms after detection; cancelled={} flattened={}",
                command.botId(),
                command.trigger(),
                lagMs,
                report.cancelledOrders(),
                report.flattenedPositions());
        return new StrategyCOutcome(
                report.previousStrategy(),
                report.cancelledOrders(),
                report.flattenedPositions(),
                report.dryRun(),
                snapshot(engine.get().status()));
    }

    @Override
    public EngineSnapshot revalidate(String botId) {
        try {
            return snapshot(engine.get().revalidate());
        } catch (EngineException e) {
            // The monitor's own backoff decides when to try again.
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "RevalidationFailed");
        }
    }

    @Override
    public EngineSnapshot resumeStrategy(String botId) {
        try {
            return snapshot(engine.get().resume());
        } catch (EngineException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "ResumeRefused");
        }
    }

    /**
     * Polls the in-process engine (cheap: no network) every {@link #WATCH_POLL_MILLIS} and returns on the first
     * change; heartbeats meanwhile, so the monitor sees a dead worker by the heartbeat timeout. Cancellation (or a
     * monitor that continued as new) surfaces from {@code heartbeat} and ends the watch; so does {@link
     * #stopWatches()}, with a failure.
     */
    @Override
    public EngineSnapshot watchEngine(EngineWatch watch) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, watch.maxSeconds()));
        while (true) {
            if (stopping) {
                throw ApplicationFailure.newNonRetryableFailure("the trading worker is stopping", "WorkerStopping");
            }
            EngineSnapshot now = ping(watch.botId());
            if (EngineWatch.changed(watch.expected(), now) || System.nanoTime() >= deadline) {
                return now;
            }
            context.heartbeat(null);
            try {
                Thread.sleep(WATCH_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
        }
    }

    static final long WATCH_POLL_MILLIS = 100;

    /**
     * The worker is stopping: every engine watch ends within {@link #WATCH_POLL_MILLIS} with a failure, so the monitor
     * hears "bot worker down" while this worker drains, not only at the watch's heartbeat timeout, and the drain is
     * not held up by a watch that would otherwise run for hours.
     */
    public void stopWatches() {
        stopping = true;
    }

    /** An uninitialised engine claims neither a connected session nor an open gate. */
    EngineSnapshot snapshot(EngineStatus s) {
        boolean init = s.initialized();
        return new EngineSnapshot(
                init,
                init && s.gatewayConnected(),
                init && s.orderGateOpen(),
                s.strategyActive(),
                s.positionsOpen(),
                s.lastError(),
                s.sessionEpoch(),
                s.engineId(),
                engineTaskQueue,
                s.openOrders(),
                s.accountDifference());
    }
}
