package dev.safestart.workflows.monitor;

import java.util.List;
import java.util.Map;

public record StrategyCOutcome(
        String previousStrategy,
        List<String> cancelledOrders,
        Map<String, Integer> flattenedPositions,
        boolean dryRun,
        EngineSnapshot engine) {

    public StrategyCOutcome {
        cancelledOrders = cancelledOrders == null ? List.of() : List.copyOf(cancelledOrders);
        flattenedPositions = flattenedPositions == null ? Map.of() : Map.copyOf(flattenedPositions);
    }
}
