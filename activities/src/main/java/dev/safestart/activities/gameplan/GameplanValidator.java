package dev.safestart.activities.gameplan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safestart.workflows.model.GameplanCheck;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a parsed gameplan against the gameplan schema in ARCHITECTURE.md. Pure: the date it must carry is passed
 * in.
 *
 * <p>Unknown fields are refused (top level and inside {@code hard_limits}): a gameplan decides how money is
 * risked, so a misspelt or unexpected key is treated as a defect rather than silently ignored. The result names
 * the first offending field and why.
 */
public final class GameplanValidator {
    public static final double MAX_DAILY_LOSS_PCT_LIMIT = 0.5;
    public static final int MAX_SINGLE_POSITION_LIMIT = 1_000_000;
    public static final int MAX_SYMBOLS = 100;

    private static final Set<String> TOP_LEVEL = Set.of("date", "strategy", "symbols", "hard_limits");
    private static final Set<String> LIMITS = Set.of("max_daily_loss_pct", "max_single_position");
    private static final Set<String> STRATEGIES = Set.of("A", "B", "C");
    /** Exchange tickers as IB spells them: upper-case letters and digits, optionally a class suffix (BRK.B, BF-B). */
    private static final Pattern TICKER = Pattern.compile("[A-Z][A-Z0-9]{0,9}([.\\- ][A-Z0-9]{1,3})?");

    private GameplanValidator() {}

    public static GameplanCheck validate(JsonNode root, LocalDate today, String marketZone) {
        if (root == null || !root.isObject()) {
            return GameplanCheck.rejected("file", "expected a JSON object");
        }
        // date
        JsonNode dateNode = root.get("date");
        if (dateNode == null || dateNode.isNull()) {
            return GameplanCheck.rejected("date", "missing: expected today's date as yyyy-MM-dd");
        }
        if (!dateNode.isTextual()) {
            return GameplanCheck.rejected("date", "expected a string yyyy-MM-dd, found " + kind(dateNode));
        }
        LocalDate date;
        try {
            date = LocalDate.parse(dateNode.asText());
        } catch (DateTimeParseException e) {
            return GameplanCheck.rejected("date", "'" + clip(dateNode.asText()) + "' is not a date yyyy-MM-dd");
        }
        if (!date.equals(today)) {
            return GameplanCheck.rejected(
                    "date",
                    date + " is not today (" + today + " in " + marketZone
                            + "): a stale or future gameplan is never traded");
        }
        // strategy
        JsonNode strategyNode = root.get("strategy");
        if (strategyNode == null || strategyNode.isNull()) {
            return GameplanCheck.rejected("strategy", "missing: expected A, B or C");
        }
        if (!strategyNode.isTextual() || !STRATEGIES.contains(strategyNode.asText())) {
            return GameplanCheck.rejected(
                    "strategy", "'" + clip(strategyNode.asText()) + "' unknown: expected A, B or C");
        }
        String strategy = strategyNode.asText();
        // symbols
        JsonNode symbolsNode = root.get("symbols");
        if (symbolsNode == null || symbolsNode.isNull()) {
            return GameplanCheck.rejected("symbols", "missing: expected a non-empty list of tickers");
        }
        if (!symbolsNode.isArray()) {
            return GameplanCheck.rejected("symbols", "expected a list of tickers, found " + kind(symbolsNode));
        }
        if (symbolsNode.isEmpty()) {
            return GameplanCheck.rejected("symbols", "empty: at least one ticker is required");
        }
        if (symbolsNode.size() > MAX_SYMBOLS) {
            return GameplanCheck.rejected(
                    "symbols", symbolsNode.size() + " tickers exceed the limit of " + MAX_SYMBOLS);
        }
        List<String> symbols = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < symbolsNode.size(); i++) {
            JsonNode s = symbolsNode.get(i);
            String field = "symbols[" + i + "]";
            if (!s.isTextual()) {
                return GameplanCheck.rejected(field, "expected a ticker string, found " + kind(s));
            }
            if (!TICKER.matcher(s.asText()).matches()) {
                return GameplanCheck.rejected(
                        field,
                        "'" + clip(s.asText()) + "' is not a ticker (upper-case letters/digits, e.g. SPY or BRK.B)");
            }
            if (!seen.add(s.asText())) {
                return GameplanCheck.rejected(field, "'" + s.asText() + "' listed twice");
            }
            symbols.add(s.asText());
        }
        // hard_limits
        JsonNode limits = root.get("hard_limits");
        if (limits == null || limits.isNull()) {
            return GameplanCheck.rejected(
                    "hard_limits", "missing: expected max_daily_loss_pct and max_single_position");
        }
        if (!limits.isObject()) {
            return GameplanCheck.rejected("hard_limits", "expected an object, found " + kind(limits));
        }
        JsonNode loss = limits.get("max_daily_loss_pct");
        if (loss == null || loss.isNull()) {
            return GameplanCheck.rejected("hard_limits.max_daily_loss_pct", "missing: expected a fraction in (0, 0.5]");
        }
        if (!loss.isNumber()) {
            return GameplanCheck.rejected("hard_limits.max_daily_loss_pct", "expected a number, found " + kind(loss));
        }
        double lossPct = loss.asDouble();
        if (!(lossPct > 0 && lossPct <= MAX_DAILY_LOSS_PCT_LIMIT)) {
            return GameplanCheck.rejected(
                    "hard_limits.max_daily_loss_pct",
                    loss.asText() + " out of range (0, 0.5]: a fraction of equity, e.g. 0.02 for 2 %");
        }
        JsonNode position = limits.get("max_single_position");
        if (position == null || position.isNull()) {
            return GameplanCheck.rejected(
                    "hard_limits.max_single_position", "missing: expected an integer in [1, 1000000]");
        }
        if (!position.isIntegralNumber()
                && !(position.isNumber() && position.asDouble() == Math.rint(position.asDouble()))) {
            return GameplanCheck.rejected(
                    "hard_limits.max_single_position",
                    "expected an integer, found " + (position.isNumber() ? position.asText() : kind(position)));
        }
        if (position.asDouble() < 1 || position.asDouble() > MAX_SINGLE_POSITION_LIMIT) {
            return GameplanCheck.rejected(
                    "hard_limits.max_single_position", position.asText() + " out of range [1, 1000000]");
        }
        int maxPosition = (int) position.asDouble();
        // unknown fields
        String unknown = firstUnknown(root, TOP_LEVEL);
        if (unknown != null) {
            return GameplanCheck.rejected(
                    clip(unknown), "unknown field: expected only date, strategy, symbols, hard_limits");
        }
        unknown = firstUnknown(limits, LIMITS);
        if (unknown != null) {
            return GameplanCheck.rejected(
                    "hard_limits." + clip(unknown),
                    "unknown field: expected only max_daily_loss_pct, max_single_position");
        }
        return new GameplanCheck(true, "", "", date.toString(), strategy, symbols, lossPct, maxPosition);
    }

    private static String firstUnknown(JsonNode object, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                return name;
            }
        }
        return null;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase();
    }

    private static String clip(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
