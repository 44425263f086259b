package dev.safestart.engine;

import java.util.List;
import java.util.Map;

/** What entering Strategy C did: cancelled working orders, flattened positions (DRY_RUN: logged, not sent). */
public record StrategyCReport(
        String reason,
        String previousStrategy,
        List<String> cancelledOrders,
        Map<String, Integer> flattenedPositions,
        boolean flattenRequested,
        boolean dryRun,
        long sessionEpoch) {

    public StrategyCReport {
        cancelledOrders = List.copyOf(cancelledOrders);
        flattenedPositions = Map.copyOf(flattenedPositions);
    }
}
