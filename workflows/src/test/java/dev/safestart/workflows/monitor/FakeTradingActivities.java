package dev.safestart.workflows.monitor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The trading worker's activities over a tiny in-memory engine model (the real engine is tested in its module). */
public class FakeTradingActivities implements TradingActivities {
    public final List<StrategyCOrder> strategyC = new CopyOnWriteArrayList<>();
    public final AtomicInteger pings = new AtomicInteger();
    public final AtomicInteger revalidations = new AtomicInteger();
    public final AtomicInteger resumes = new AtomicInteger();
    public volatile boolean revalidateSucceeds = true;
    public volatile boolean connected = true;
    public volatile boolean validated = true;
    public volatile String strategy;
    public volatile String engineId = "engine-1";
    public volatile boolean initialized = true;
    public volatile long epoch = 1;
    /** When set, the running engine watch goes silent as if its worker died: no heartbeat, no result (once). */
    public final AtomicBoolean loseRunningWatch = new AtomicBoolean();
    /** The number of the engine watch that went silent, 0 until one did. */
    public final AtomicInteger lostWatch = new AtomicInteger();
    /** A slow worker: a watch that saw a change reports it this much later (wall clock). */
    public volatile long watchReportDelayMillis;
    /** Virtual time of the test environment, so a watch ends after its maximum in workflow time. */
    public volatile java.util.function.LongSupplier clock = System::currentTimeMillis;

    public final AtomicInteger watches = new AtomicInteger();
    private final String plan;

    public FakeTradingActivities(String plan) {
        this.plan = plan;
        this.strategy = "C"; // initialised, session validated, nothing armed: what a startup leaves for the owner
    }

    @Override
    public EngineSnapshot ping(String botId) {
        pings.incrementAndGet();
        return snapshot();
    }

    @Override
    public StrategyCOutcome enterStrategyC(StrategyCOrder command) {
        strategyC.add(command);
        String previous = strategy;
        strategy = "C";
        return new StrategyCOutcome(previous, List.of(), Map.of(), true, snapshot());
    }

    @Override
    public EngineSnapshot revalidate(String botId) {
        revalidations.incrementAndGet();
        if (!revalidateSucceeds) {
            throw new IllegalStateException("trading session refused");
        }
        connected = true;
        validated = true;
        epoch++;
        return snapshot();
    }

    @Override
    public EngineSnapshot resumeStrategy(String botId) {
        if (!validated) {
            throw new IllegalStateException("cannot resume: session not validated");
        }
        resumes.incrementAndGet();
        strategy = plan;
        return snapshot();
    }

    /** What the worker's engine listener would do on a drop: its own state changes first. */
    public void dropped() {
        connected = false;
        validated = false;
        epoch++;
    }

    @Override
    public EngineSnapshot watchEngine(EngineWatch watch) {
        int number = watches.incrementAndGet();
        io.temporal.activity.ActivityExecutionContext context = io.temporal.activity.Activity.getExecutionContext();
        long endAt = clock.getAsLong() + watch.maxSeconds() * 1000L;
        boolean lost = false;
        while (true) {
            if (!lost && loseRunningWatch.compareAndSet(true, false)) {
                lost = true;
                lostWatch.set(number);
            }
            EngineSnapshot now = snapshot();
            if (lost) {
                if (clock.getAsLong() >= endAt) {
                    return now; // too late: the server timed the watch out long before
                }
            } else if (EngineWatch.changed(watch.expected(), now) || clock.getAsLong() >= endAt) {
                sleepQuietly(watchReportDelayMillis);
                return now;
            } else {
                context.heartbeat(null);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A worker restart: a new engine instance, not initialised. */
    public void restarted(String newEngineId) {
        engineId = newEngineId;
        initialized = false;
        connected = false;
        validated = false;
        strategy = "C";
        epoch = 0;
    }

    public EngineSnapshot snapshot() {
        return new EngineSnapshot(
                initialized,
                connected,
                connected && validated && !"C".equals(strategy),
                strategy,
                0,
                "",
                epoch,
                engineId,
                "",
                0,
                "");
    }
}
