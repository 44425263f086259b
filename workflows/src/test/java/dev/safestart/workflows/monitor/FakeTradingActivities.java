package dev.safestart.workflows.monitor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The trading worker's activities over a tiny in-memory engine model (the real engine is tested in its module). */
public class FakeTradingActivities implements TradingActivities {
    public final List<StrategyCCommand> strategyC = new CopyOnWriteArrayList<>();
    public final AtomicInteger pings = new AtomicInteger();
    public final AtomicInteger revalidations = new AtomicInteger();
    public final AtomicInteger resumes = new AtomicInteger();
    public volatile boolean revalidateSucceeds = true;
    public volatile boolean connected = true;
    public volatile boolean validated = true;
    public volatile String strategy;
    private final String plan;

    public FakeTradingActivities(String plan) {
        this.plan = plan;
        this.strategy = plan;
    }

    @Override
    public EngineSnapshot ping(String botId) {
        pings.incrementAndGet();
        return snapshot();
    }

    @Override
    public StrategyCOutcome enterStrategyC(StrategyCCommand command) {
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
    }

    private EngineSnapshot snapshot() {
        return new EngineSnapshot(true, connected, connected && validated && !"C".equals(strategy), strategy, 0, "", 1);
    }
}
