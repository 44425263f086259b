package dev.safestart.engine;

import java.util.List;

/** The day's validated gameplan as the engine arms it: strategy A or B, symbols and hard limits. */
public record TradingPlan(String strategy, List<String> symbols, double maxDailyLossPct, int maxSinglePosition) {
    public TradingPlan {
        symbols = symbols == null ? List.of() : List.copyOf(symbols);
    }
}
