package dev.safestart.tws;

import java.util.Objects;

/**
 * The contract fields the account and order messages carry. Empty strings, never null; {@code strike} null means
 * unset (stocks).
 */
public record Contract(
        long conId,
        String symbol,
        String secType,
        String lastTradeDate,
        Double strike,
        String right,
        String multiplier,
        String exchange,
        String primaryExchange,
        String currency,
        String localSymbol,
        String tradingClass) {
    public Contract {
        symbol = nz(symbol);
        secType = nz(secType);
        lastTradeDate = nz(lastTradeDate);
        right = nz(right);
        multiplier = nz(multiplier);
        exchange = nz(exchange);
        primaryExchange = nz(primaryExchange);
        currency = nz(currency);
        localSymbol = nz(localSymbol);
        tradingClass = nz(tradingClass);
    }

    /** A stock routed to {@code exchange} (usually SMART) in {@code currency}. */
    public static Contract stock(String symbol, String exchange, String currency) {
        Objects.requireNonNull(symbol, "symbol");
        return new Contract(0, symbol, "STK", "", null, "", "", exchange, "", currency, "", "");
    }

    public Contract withConId(long id) {
        return new Contract(
                id,
                symbol,
                secType,
                lastTradeDate,
                strike,
                right,
                multiplier,
                exchange,
                primaryExchange,
                currency,
                localSymbol,
                tradingClass);
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
