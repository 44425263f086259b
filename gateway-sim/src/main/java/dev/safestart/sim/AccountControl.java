package dev.safestart.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safestart.tws.AccountReport.Execution;
import dev.safestart.tws.AccountReport.OpenOrder;
import dev.safestart.tws.AccountReport.Position;
import dev.safestart.tws.Contract;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets the simulated account from JSON (the control API's {@code POST /account} body and a scenario step's
 * {@code "account"}):
 * <pre>{"replace":true, "readOnly":false,
 *  "positions":[{"account":"DU1234567","symbol":"SPY","quantity":"100","avgCost":445.5}],
 *  "openOrders":[{"orderId":201,"clientId":7,"account":"DU1234567","symbol":"SPY",
 *                 "action":"BUY","quantity":"10","orderType":"LMT","lmtPrice":440}],
 *  "executions":[{"orderId":150,"clientId":1,"account":"DU1234567","symbol":"SPY",
 *                 "side":"BOT","shares":"10","price":444.1}],
 *  "prices":{"SPY":450.0}}</pre>
 * Every field is optional; a bad one is refused with a message naming it, before anything changes.
 */
final class AccountControl {
    private AccountControl() {}

    /** Applies the JSON to the simulator's account; prices reach working limit orders (fills go to their sessions). */
    static void apply(GatewaySimulator sim, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("account must be a JSON object");
        }
        List<Runnable> changes = new ArrayList<>();
        SimAccount account = sim.account();
        if (body.path("replace").asBoolean(false)) {
            changes.add(account::clear);
        }
        if (body.has("readOnly")) {
            boolean readOnly = requireBoolean(body, "readOnly");
            changes.add(() -> account.setReadOnly(readOnly));
        }
        for (JsonNode p : array(body, "positions")) {
            String acct = text(p, "account", "positions");
            Contract c = contract(p, "positions");
            BigDecimal qty = decimal(p, "quantity", "positions");
            double avg = number(p, "avgCost", "positions", 0.0);
            changes.add(() -> account.setPosition(acct, c, qty, avg));
        }
        for (JsonNode o : array(body, "openOrders")) {
            long id = o.path("orderId").asLong(-1);
            if (id <= 0) {
                throw new IllegalArgumentException("openOrders: \"orderId\" must be a positive integer");
            }
            int clientId = o.path("clientId").asInt(0);
            String acct = text(o, "account", "openOrders");
            Contract c = contract(o, "openOrders");
            String action = choice(o, "action", "openOrders", "BUY", "SELL");
            BigDecimal qty = decimal(o, "quantity", "openOrders");
            String type = choice(o, "orderType", "openOrders", "MKT", "LMT");
            Double lmt = o.has("lmtPrice") ? number(o, "lmtPrice", "openOrders", 0) : null;
            changes.add(() -> account.addOpenOrder(id, clientId, acct, c, action, qty, type, lmt));
        }
        for (JsonNode e : array(body, "executions")) {
            long orderId = e.path("orderId").asLong(0);
            int clientId = e.path("clientId").asInt(0);
            String acct = text(e, "account", "executions");
            Contract c = contract(e, "executions");
            String side = choice(e, "side", "executions", "BOT", "SLD");
            BigDecimal shares = decimal(e, "shares", "executions");
            double price = number(e, "price", "executions", Double.NaN);
            changes.add(() -> account.addExecution(orderId, clientId, acct, c, side, shares, price));
        }
        Map<String, Double> prices = new LinkedHashMap<>();
        JsonNode p = body.get("prices");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new IllegalArgumentException("\"prices\" must be an object of symbol: price");
            }
            p.fields().forEachRemaining(f -> {
                if (!f.getValue().isNumber()
                        || f.getValue().asDouble() <= 0
                        || !Double.isFinite(f.getValue().asDouble())) {
                    throw new IllegalArgumentException("prices." + f.getKey() + " must be a positive number");
                }
                prices.put(f.getKey(), f.getValue().asDouble());
            });
        }
        changes.forEach(Runnable::run);
        prices.forEach(sim::setPrice);
    }

    static Map<String, Object> json(SimAccount account) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("readOnly", account.readOnly());
        List<Map<String, Object>> positions = new ArrayList<>();
        for (Position p : account.positions()) {
            positions.add(Map.of(
                    "account",
                    p.account(),
                    "symbol",
                    p.contract().symbol(),
                    "quantity",
                    p.quantity().toPlainString(),
                    "avgCost",
                    p.avgCost()));
        }
        m.put("positions", positions);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (OpenOrder o : account.openOrders()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("orderId", o.orderId());
            j.put("clientId", o.clientId());
            j.put("account", o.account());
            j.put("symbol", o.contract().symbol());
            j.put("action", o.action());
            j.put("quantity", o.totalQuantity().toPlainString());
            j.put("orderType", o.orderType());
            j.put("lmtPrice", o.lmtPrice());
            j.put("status", o.status());
            orders.add(j);
        }
        m.put("openOrders", orders);
        List<Map<String, Object>> executions = new ArrayList<>();
        for (Execution e : account.executions()) {
            executions.add(Map.of(
                    "execId",
                    e.execId(),
                    "orderId",
                    e.orderId(),
                    "clientId",
                    e.clientId(),
                    "account",
                    e.account(),
                    "symbol",
                    e.contract().symbol(),
                    "side",
                    e.side(),
                    "shares",
                    e.shares().toPlainString(),
                    "price",
                    e.price(),
                    "time",
                    e.time()));
        }
        m.put("executions", executions);
        return m;
    }

    private static List<JsonNode> array(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an array");
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(item -> {
            if (!item.isObject()) {
                throw new IllegalArgumentException(field + ": every entry must be an object");
            }
            out.add(item);
        });
        return out;
    }

    private static Contract contract(JsonNode n, String where) {
        Contract c = Contract.stock(
                text(n, "symbol", where),
                n.path("exchange").asText("SMART"),
                n.path("currency").asText("USD"));
        return c.withConId(n.path("conId").asLong(0));
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a non-empty string");
        }
        return v.asText();
    }

    private static String choice(JsonNode n, String field, String where, String... allowed) {
        String v = text(n, field, where);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(
                where + ": \"" + field + "\" must be one of " + String.join(", ", allowed) + ", got " + v);
    }

    private static BigDecimal decimal(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        try {
            if (v == null || !(v.isTextual() || v.isNumber())) {
                throw new NumberFormatException();
            }
            return new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a decimal number, got " + v);
        }
    }

    private static double number(JsonNode n, String field, String where, double otherwise) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (Double.isNaN(otherwise)) {
                throw new IllegalArgumentException(where + ": \"" + field + "\" is required");
            }
            return otherwise;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a non-negative number, got " + v);
        }
        return v.asDouble();
    }

    private static boolean requireBoolean(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("\"" + field + "\" must be true or false");
        }
        return v.asBoolean();
    }
}
