package dev.safestart.workflows.monitor;

import dev.safestart.workflows.GameplanActivities;
import dev.safestart.workflows.ModuleActivities;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GameplanRequest;
import dev.safestart.workflows.model.ModuleInit;
import dev.safestart.workflows.model.ModuleStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The startup's gameplan and module activities as the monitor re-uses them, over the fake trading engine. */
public class FakeGameplanAndModules implements GameplanActivities, ModuleActivities {
    public volatile GameplanCheck check = new GameplanCheck(true, "", "", "2026-02-10", "B", List.of("SPY"), 0.1, 100);
    public final List<GameplanRequest> loads = new CopyOnWriteArrayList<>();
    public final List<GameplanCheck> activated = new CopyOnWriteArrayList<>();
    public final List<ModuleInit> inits = new CopyOnWriteArrayList<>();
    private final FakeTradingActivities trading;

    public FakeGameplanAndModules(FakeTradingActivities trading) {
        this.trading = trading;
    }

    @Override
    public GameplanCheck loadGameplan(GameplanRequest request) {
        loads.add(request);
        return check;
    }

    @Override
    public ModuleStatus initModules(ModuleInit init) {
        inits.add(init);
        trading.initialized = true;
        trading.connected = true;
        trading.validated = true;
        trading.epoch++;
        return new ModuleStatus(true, true, false, "C", "initialized", trading.engineId, trading.epoch, "");
    }

    @Override
    public ModuleStatus activatePlan(String botId, GameplanCheck plan) {
        if (!trading.validated) {
            throw new IllegalStateException("cannot arm: session not validated");
        }
        activated.add(plan);
        trading.strategy = plan.strategy();
        return new ModuleStatus(true, true, true, plan.strategy(), "armed", trading.engineId, trading.epoch, "");
    }

    @Override
    public ModuleStatus enterStrategyC(String botId, String reason) {
        throw new UnsupportedOperationException("the monitor uses its own Strategy C activity");
    }
}
