package dev.safestart.workflows.startup;

import dev.safestart.workflows.GameplanActivities;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GameplanRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Gameplan activity answering a fixed verdict and recording the requests (to check the date the workflow asks for). */
final class FixedGameplan implements GameplanActivities {
    final List<GameplanRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final GameplanCheck verdict;

    FixedGameplan(GameplanCheck verdict) {
        this.verdict = verdict;
    }

    static FixedGameplan valid(String strategy) {
        return new FixedGameplan(new GameplanCheck(true, "", "", "2026-02-10", strategy, List.of("SPY"), 0.10, 120));
    }

    @Override
    public GameplanCheck loadGameplan(GameplanRequest request) {
        requests.add(request);
        return verdict;
    }
}
