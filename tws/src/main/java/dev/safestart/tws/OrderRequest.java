package dev.safestart.tws;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A market or limit order as placeOrder sends it. Everything else an order can carry is left at the official
 * clients' defaults. Validated on construction: a bad order is refused before any byte is written.
 */
public record OrderRequest(
        long orderId,
        Contract contract,
        String action,
        BigDecimal totalQuantity,
        String orderType,
        Double lmtPrice,
        String tif,
        String account,
        String orderRef) {
    public static final String MARKET = "MKT";
    public static final String LIMIT = "LMT";

    public OrderRequest {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(totalQuantity, "totalQuantity");
        if (orderId <= 0) {
            throw new IllegalArgumentException("orderId must be positive, got " + orderId);
        }
        if (!"BUY".equals(action) && !"SELL".equals(action)) {
            throw new IllegalArgumentException("action must be BUY or SELL, got " + action);
        }
        if (totalQuantity.signum() <= 0) {
            throw new IllegalArgumentException("totalQuantity must be positive, got " + totalQuantity);
        }
        if (MARKET.equals(orderType)) {
            if (lmtPrice != null) {
                throw new IllegalArgumentException("a market order has no limit price");
            }
        } else if (LIMIT.equals(orderType)) {
            if (lmtPrice == null || !Double.isFinite(lmtPrice) || lmtPrice <= 0) {
                throw new IllegalArgumentException(
                        "a limit order needs a finite positive limit price, got " + lmtPrice);
            }
        } else {
            throw new IllegalArgumentException("orderType must be MKT or LMT, got " + orderType);
        }
        tif = tif == null ? "" : tif;
        account = account == null ? "" : account;
        orderRef = orderRef == null ? "" : orderRef;
    }

    public static OrderRequest market(
            long orderId, Contract contract, String action, BigDecimal quantity, String account) {
        return new OrderRequest(orderId, contract, action, quantity, MARKET, null, "DAY", account, "");
    }

    public static OrderRequest limit(
            long orderId, Contract contract, String action, BigDecimal quantity, double price, String account) {
        return new OrderRequest(orderId, contract, action, quantity, LIMIT, price, "DAY", account, "");
    }

    public OrderRequest withOrderRef(String ref) {
        return new OrderRequest(orderId, contract, action, totalQuantity, orderType, lmtPrice, tif, account, ref);
    }

    public OrderRequest withTif(String newTif) {
        return new OrderRequest(
                orderId, contract, action, totalQuantity, orderType, lmtPrice, newTif, account, orderRef);
    }
}
