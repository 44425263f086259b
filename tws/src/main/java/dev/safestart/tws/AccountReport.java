package dev.safestart.tws;

import java.math.BigDecimal;

/** What the gateway reports about the account: positions, open orders, order status and executions. */
public sealed interface AccountReport {
    /** position (61): one position of one account. */
    record Position(String account, Contract contract, BigDecimal quantity, double avgCost) implements AccountReport {}

    /** positionEnd (62): every position has been sent. */
    record PositionEnd() implements AccountReport {}

    /** openOrder (5): the order as the gateway holds it (the fields Safestart reads) and its status. */
    record OpenOrder(
            long orderId,
            Contract contract,
            String action,
            BigDecimal totalQuantity,
            String orderType,
            Double lmtPrice,
            Double auxPrice,
            String tif,
            String account,
            String orderRef,
            int clientId,
            long permId,
            long parentId,
            String status)
            implements AccountReport {}

    /** orderStatus (3). */
    record OrderStatus(
            long orderId,
            String status,
            BigDecimal filled,
            BigDecimal remaining,
            double avgFillPrice,
            long permId,
            long parentId,
            double lastFillPrice,
            int clientId,
            String whyHeld,
            double mktCapPrice)
            implements AccountReport {}

    /** openOrderEnd (53): every open order has been sent. */
    record OpenOrderEnd() implements AccountReport {}

    /** execDetails (11): one fill. {@code reqId} is -1 for fills reported as they happen. */
    record Execution(
            int reqId,
            long orderId,
            Contract contract,
            String execId,
            String time,
            String account,
            String exchange,
            String side,
            BigDecimal shares,
            double price,
            long permId,
            int clientId,
            int liquidation,
            BigDecimal cumQty,
            double avgPrice,
            String orderRef)
            implements AccountReport {}

    /** execDetailsEnd (55): every execution matching request {@code reqId} has been sent. */
    record ExecutionEnd(int reqId) implements AccountReport {}
}
