package dev.safestart.engine;

import dev.safestart.tws.AccountLoader.WorkingOrder;
import dev.safestart.tws.AccountReport.Execution;
import dev.safestart.tws.AccountReport.Position;
import java.util.List;

/** What the gateway reported about the account at one moment: positions, every client's working orders, fills. */
public record AccountSnapshot(List<Position> positions, List<WorkingOrder> openOrders, List<Execution> executions) {
    public AccountSnapshot {
        positions = List.copyOf(positions);
        openOrders = List.copyOf(openOrders);
        executions = List.copyOf(executions);
    }

    public static AccountSnapshot empty() {
        return new AccountSnapshot(List.of(), List.of(), List.of());
    }
}
