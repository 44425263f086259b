package dev.safestart.engine;

import java.util.List;

/** What initModules hands the trading engine after a validated gateway and a loaded gameplan. */
public record EnginePlan(
        String botId,
        String gatewayHost,
        int gatewayPort,
        int clientId,
        boolean dryRun,
        String strategy,
        List<String> symbols,
        double maxDailyLossPct,
        int maxSinglePosition) {

    public EnginePlan {
        symbols = symbols == null ? List.of() : List.copyOf(symbols);
    }
}
