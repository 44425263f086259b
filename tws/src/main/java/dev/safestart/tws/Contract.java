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

    /**
     * Reads a contract as the account and order messages carry it: conId, symbol, secType, lastTradeDate, strike,
     * right, multiplier, exchange, then primaryExchange only where the message has it (placeOrder), currency,
     * localSymbol, and tradingClass only where the message version has it.
     */
    static Contract read(FieldCursor in, boolean withPrimaryExchange, boolean withTradingClass)
            throws TwsProtocolException {
        return new Contract( // arguments are evaluated left to right: the fields in wire order
                in.longValue(), // conId
                in.text(), // symbol
                in.text(), // secType
                in.text(), // lastTradeDate
                in.optionalDouble(), // strike
                in.text(), // right
                in.text(), // multiplier
                in.text(), // exchange
                withPrimaryExchange ? in.text() : "",
                in.text(), // currency
                in.text(), // localSymbol
                withTradingClass ? in.text() : "");
    }

    /** Writes this contract in the layout {@link #read} reads, tradingClass included. */
    FieldWriter write(FieldWriter out, boolean withPrimaryExchange) {
        out.integer(conId)
                .text(symbol)
                .text(secType)
                .text(lastTradeDate)
                .optionalDouble(strike)
                .text(right)
                .text(multiplier)
                .text(exchange);
        if (withPrimaryExchange) {
            out.text(primaryExchange);
        }
        return out.text(currency).text(localSymbol).text(tradingClass);
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
