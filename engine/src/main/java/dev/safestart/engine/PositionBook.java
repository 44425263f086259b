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
    private final Map<String, Integer> gateway = new LinkedHashMap<>();

    void apply(OrderRequest order) {
        if (order.type() == OrderRequest.OrderType.MARKET) {
            positions.merge(order.symbol(), order.signedQuantity(), Integer::sum);
            positions.values().removeIf(q -> q == 0);
        } else {
            workingOrders.add(order);
        }
    }

    /**
     * The gateway's positions, loaded at each validation. A position is the gateway's plus what the engine's own
     * orders did since that load and the gateway does not know (DRY_RUN orders never reach it). With
     * {@code ownOrdersReachGateway} the engine's own record is folded into the gateway's and starts again from zero.
     */
    void syncFromGateway(Map<String, Integer> gatewayPositions, boolean ownOrdersReachGateway) {
        gateway.clear();
        gateway.putAll(gatewayPositions);
        gateway.values().removeIf(q -> q == 0);
        if (ownOrdersReachGateway) {
            positions.clear();
        }
    }

    int position(String symbol) {
        return positions.getOrDefault(symbol, 0) + gateway.getOrDefault(symbol, 0);
    }

    private Map<String, Integer> combined() {
        Map<String, Integer> all = new LinkedHashMap<>(gateway);
        positions.forEach((k, v) -> all.merge(k, v, Integer::sum));
        all.values().removeIf(q -> q == 0);
        return all;
    }

    /** The position if every working order on the symbol filled, plus the new order. */
    int exposureAfter(OrderRequest order) {
        int exposure = position(order.symbol()) + order.signedQuantity();
        for (OrderRequest working : workingOrders) {
            if (working.symbol().equals(order.symbol())
                    && Integer.signum(working.signedQuantity()) == Integer.signum(order.signedQuantity())) {
                exposure += working.signedQuantity();
            }
        }
        return exposure;
    }

    int positionsOpen() {
        return combined().size();
    }

    List<OrderRequest> cancelWorkingOrders() {
        List<OrderRequest> cancelled = List.copyOf(workingOrders);
        workingOrders.clear();
        return cancelled;
    }

    Map<String, Integer> flattenAll() {
        Map<String, Integer> flattened = Map.copyOf(combined());
        positions.clear();
        // the gateway's own positions are closed by orders (or, in DRY_RUN, only logged): count them as closed here
        flattened.forEach((symbol, q) -> positions.merge(symbol, -gateway.getOrDefault(symbol, 0), Integer::sum));
        positions.values().removeIf(q -> q == 0);
        return flattened;
    }
}
