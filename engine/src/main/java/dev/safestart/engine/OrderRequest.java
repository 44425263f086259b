package dev.safestart.engine;

/** One order a strategy wants to place. Validated on construction; a bad request never reaches the gate. */
public record OrderRequest(String symbol, Side side, int quantity, OrderType type, double limitPrice, String reason) {

    public enum Side {
        BUY,
        SELL
    }

    public enum OrderType {
        MARKET,
        LIMIT
    }

    public OrderRequest {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("order symbol must not be blank");
        }
        if (side == null || type == null) {
            throw new IllegalArgumentException("order side and type are required");
        }
        if (quantity <= 0) {
            throw new IllegalArgumentException("order quantity " + quantity + " must be positive");
        }
        if (type == OrderType.LIMIT && !(limitPrice > 0)) {
            throw new IllegalArgumentException("limit order needs a positive limit price, got " + limitPrice);
        }
        reason = reason == null ? "" : reason;
    }

    public static OrderRequest market(String symbol, Side side, int quantity) {
        return new OrderRequest(symbol, side, quantity, OrderType.MARKET, 0, "");
    }

    public static OrderRequest limit(String symbol, Side side, int quantity, double price) {
        return new OrderRequest(symbol, side, quantity, OrderType.LIMIT, price, "");
    }

    /** Signed quantity: positive buys, negative sells. */
    public int signedQuantity() {
        return side == Side.BUY ? quantity : -quantity;
    }
}
