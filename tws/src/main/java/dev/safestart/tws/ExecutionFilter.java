package dev.safestart.tws;

/**
 * reqExecutions' filter. {@code clientId} 0 and empty strings match everything; {@code time} is
 * {@code yyyyMMdd-HH:mm:ss} (executions after it).
 */
public record ExecutionFilter(
        int clientId, String acctCode, String time, String symbol, String secType, String exchange, String side) {
    public ExecutionFilter {
        acctCode = Contract.nz(acctCode);
        time = Contract.nz(time);
        symbol = Contract.nz(symbol);
        secType = Contract.nz(secType);
        exchange = Contract.nz(exchange);
        side = Contract.nz(side);
    }

    public static ExecutionFilter all() {
        return new ExecutionFilter(0, "", "", "", "", "", "");
    }

    public static ExecutionFilter since(int clientId, String time) {
        return new ExecutionFilter(clientId, "", time, "", "", "", "");
    }
}
