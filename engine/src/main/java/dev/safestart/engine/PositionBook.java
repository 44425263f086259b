package dev.safestart.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's own record of what its orders did. With DRY_RUN a market order counts as filled at once and a
 * limit order stays working until cancelled, so Strategy C has something real to cancel and flatten.
 * Not thread-safe: guarded by the {@link OrderGate}'s lock.
 */
final class PositionBook {
    private final Map<String, Integer> positions = new LinkedHashMap<>();
    private final List<OrderRequest> workingOrders = new ArrayList<>();

    void apply(OrderRequest order) {
        if (order.type() == OrderRequest.OrderType.MARKET) {
            positions.merge(order.symbol(), order.signedQuantity(), Integer::sum);
            positions.values().removeIf(q -> q == 0);
        } else {
            workingOrders.add(order);
        }
    }

    int position(String symbol) {
        return positions.getOrDefault(symbol, 0);
    }

    /** The position if every working order on the symbol filled, plus the new order. */
    int exposureAfter(OrderRequest order) {
        int exposure = position(order.symbol()) + order.signedQuantity();
        for (OrderRequest working : workingOrders) {
            if (working.symbol().equals(order.symbol()) && Integer.signum(working.signedQuantity()) == Integer.signum(order.signedQuantity())) {
                exposure += working.signedQuantity();
            }
        }
        return exposure;
    }

    int positionsOpen() {
        return positions.size();
    }

    List<OrderRequest> cancelWorkingOrders() {
        List<OrderRequest> cancelled = List.copyOf(workingOrders);
        workingOrders.clear();
        return cancelled;
    }

    Map<String, Integer> flattenAll() {
        Map<String, Integer> flattened = Map.copyOf(positions);
        positions.clear();
        return flattened;
    }
}
