package dev.safestart.workflows.model;

import java.util.List;

/**
 * The verdict on the day's gameplan. When {@code valid} is false, {@code field} names the offending field
 * (or {@code "file"} for the file itself) and {@code reason} says what is wrong; the plan values are then
 * whatever could be read and must not be used.
 */
public record GameplanCheck(
        boolean valid,
        String field,
        String reason,
        String date,
        String strategy,
        List<String> symbols,
        double maxDailyLossPct,
        int maxSinglePosition) {

    public GameplanCheck {
        field = field == null ? "" : field;
        reason = reason == null ? "" : reason;
        symbols = symbols == null ? List.of() : List.copyOf(symbols);
    }

    public static GameplanCheck rejected(String field, String reason) {
        return new GameplanCheck(false, field, reason, null, null, List.of(), 0, 0);
    }

    /** "field: reason", the one line an operator reads. */
    public String rejection() {
        return valid ? "" : field + ": " + reason;
    }
}
