package dev.safestart.sim;

import dev.safestart.tws.AccountReport.Execution;
import dev.safestart.tws.AccountReport.OpenOrder;
import dev.safestart.tws.AccountReport.OrderStatus;
import dev.safestart.tws.AccountReport.Position;
import dev.safestart.tws.AccountReports;
import dev.safestart.tws.AccountRequests.ExecutionsRequest;
import dev.safestart.tws.AccountRequests.PlacedOrder;
import dev.safestart.tws.Contract;
import dev.safestart.tws.ExecutionFilter;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated gateway's account: positions, working orders and executions, shared by every session. Tests and
 * the control API set it; sessions answer reqPositions/reqOpenOrders/reqAllOpenOrders/reqExecutions from it and
 * apply placeOrder/cancelOrder/reqGlobalCancel to it (market orders fill at the symbol's price, limits when the
 * price crosses them). All methods are thread-safe.
 */
public final class SimAccount {
    private static final DateTimeFormatter EXEC_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss");

    /** A working order and who placed it. */
    public record WorkingOrder(OpenOrder order, BigDecimal filled) {}

    private final Map<String, Position> positions = new LinkedHashMap<>();
    private final Map<Long, WorkingOrder> orders = new LinkedHashMap<>();
    private final List<Execution> executions = new ArrayList<>();
    private final Map<String, Double> prices = new LinkedHashMap<>();
    private final AtomicLong permIds = new AtomicLong(900_000_000L);
    private final AtomicLong execIds = new AtomicLong(1);
    private volatile boolean readOnly;

    private static String key(String account, Contract c) {
        return account + "|" + c.symbol() + "|" + c.secType() + "|" + c.currency();
    }

    public synchronized void setPosition(String account, Contract contract, BigDecimal quantity, double avgCost) {
        String k = key(account, contract);
        if (quantity.signum() == 0) {
            positions.remove(k);
        } else {
            positions.put(k, new Position(account, contract, quantity, avgCost));
        }
    }

    public synchronized List<Position> positions() {
        return List.copyOf(positions.values());
    }

    /** Adds a working order as if client {@code clientId} had placed it (status Submitted). */
    public synchronized OpenOrder addOpenOrder(
            long orderId,
            int clientId,
            String account,
            Contract contract,
            String action,
            BigDecimal quantity,
            String orderType,
            Double lmtPrice) {
        OpenOrder order = new OpenOrder(
                orderId,
                contract,
                action,
                quantity,
                orderType,
                lmtPrice,
                null,
                "DAY",
                account,
                "",
                clientId,
                permIds.incrementAndGet(),
                0,
                "Submitted");
        orders.put(orderId, new WorkingOrder(order, BigDecimal.ZERO));
        return order;
    }

    public synchronized List<OpenOrder> openOrders() {
        return orders.values().stream().map(WorkingOrder::order).toList();
    }

    /**
     * Records a fill that happened elsewhere (another client, TWS, or while the bot was away) and moves the position.
     */
    public synchronized Execution addExecution(
            long orderId,
            int clientId,
            String account,
            Contract contract,
            String side,
            BigDecimal shares,
            double price) {
        Execution e = new Execution(
                -1,
                orderId,
                contract,
                String.format("0000e%06d.01.01", execIds.getAndIncrement()),
                ZonedDateTime.now(ZoneOffset.UTC).format(EXEC_TIME),
                account,
                "SMART",
                side,
                shares,
                price,
                permIds.incrementAndGet(),
                clientId,
                0,
                shares,
                price,
                "");
        executions.add(e);
        move(account, contract, "BOT".equals(side) ? shares : shares.negate(), price);
        return e;
    }

    public synchronized List<Execution> executions() {
        return List.copyOf(executions);
    }

    /**
     * READ_ONLY: like a gateway with "Read-Only API" checked, every placeOrder, cancelOrder and reqGlobalCancel is
     * answered with error 321 and changes nothing; positions, orders and executions are still reported.
     */
    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public synchronized void clear() {
        positions.clear();
        orders.clear();
        executions.clear();
    }

    /** Sets the price market orders fill at; working limit orders the price crosses fill now. Returns the frames. */
    public synchronized List<Fill> setPrice(String symbol, double price) {
        prices.put(symbol, price);
        List<Fill> fills = new ArrayList<>();
        for (WorkingOrder w : List.copyOf(orders.values())) {
            OpenOrder o = w.order();
            if (o.contract().symbol().equals(symbol) && crosses(o, price)) {
                fills.add(fill(o, o.lmtPrice()));
            }
        }
        return fills;
    }

    private static boolean crosses(OpenOrder o, double price) {
        if (!"LMT".equals(o.orderType()) || o.lmtPrice() == null) {
            return false;
        }
        return "BUY".equals(o.action()) ? price <= o.lmtPrice() : price >= o.lmtPrice();
    }

    /** What a fill produced, for the session that owns the order (and for reporting). */
    public record Fill(OpenOrder order, Execution execution, OrderStatus status) {}

    private Fill fill(OpenOrder o, double price) {
        orders.remove(o.orderId());
        String side = "BUY".equals(o.action()) ? "BOT" : "SLD";
        Execution e = new Execution(
                -1,
                o.orderId(),
                o.contract(),
                String.format("0000e%06d.01.01", execIds.getAndIncrement()),
                ZonedDateTime.now(ZoneOffset.UTC).format(EXEC_TIME),
                o.account(),
                "SMART",
                side,
                o.totalQuantity(),
                price,
                o.permId(),
                o.clientId(),
                0,
                o.totalQuantity(),
                price,
                o.orderRef());
        executions.add(e);
        move(
                o.account(),
                o.contract(),
                "BOT".equals(side) ? o.totalQuantity() : o.totalQuantity().negate(),
                price);
        OpenOrder filled = withStatus(o, "Filled");
        OrderStatus status = new OrderStatus(
                o.orderId(),
                "Filled",
                o.totalQuantity(),
                BigDecimal.ZERO,
                price,
                o.permId(),
                o.parentId(),
                price,
                o.clientId(),
                "",
                0.0);
        return new Fill(filled, e, status);
    }

    private void move(String account, Contract contract, BigDecimal delta, double price) {
        String k = key(account, contract);
        Position old = positions.get(k);
        BigDecimal before = old == null ? BigDecimal.ZERO : old.quantity();
        BigDecimal after = before.add(delta);
        if (after.signum() == 0) {
            positions.remove(k);
            return;
        }
        double avg = old == null || before.signum() != after.signum() ? price : old.avgCost();
        if (old != null && before.signum() == delta.signum()) {
            avg = (old.avgCost() * before.doubleValue() + price * delta.doubleValue()) / after.doubleValue();
        }
        positions.put(k, new Position(account, old == null ? contract : old.contract(), after, avg));
    }

    private static OpenOrder withStatus(OpenOrder o, String status) {
        return new OpenOrder(
                o.orderId(),
                o.contract(),
                o.action(),
                o.totalQuantity(),
                o.orderType(),
                o.lmtPrice(),
                o.auxPrice(),
                o.tif(),
                o.account(),
                o.orderRef(),
                o.clientId(),
                o.permId(),
                o.parentId(),
                status);
    }

    private static OrderStatus statusOf(WorkingOrder w) {
        OpenOrder o = w.order();
        return new OrderStatus(
                o.orderId(),
                o.status(),
                w.filled(),
                o.totalQuantity().subtract(w.filled()),
                0.0,
                o.permId(),
                o.parentId(),
                0.0,
                o.clientId(),
                "",
                0.0);
    }

    // ---------------------------------------------------------------- answers (frames for one session)

    synchronized List<byte[]> positionsReply(int serverVersion) {
        List<byte[]> out = new ArrayList<>();
        for (Position p : positions.values()) {
            out.add(AccountReports.encode(p, serverVersion));
        }
        out.add(AccountReports.encodePositionEnd());
        return out;
    }

    /** reqOpenOrders answers the client's own orders (client 0 also gets everyone's); reqAllOpenOrders all of them. */
    synchronized List<byte[]> openOrdersReply(int clientId, boolean all, int serverVersion) {
        List<byte[]> out = new ArrayList<>();
        for (WorkingOrder w : orders.values()) {
            if (all || clientId == 0 || w.order().clientId() == clientId) {
                out.add(AccountReports.encode(w.order(), serverVersion));
                out.add(AccountReports.encode(statusOf(w), serverVersion));
            }
        }
        out.add(AccountReports.encodeOpenOrderEnd());
        return out;
    }

    synchronized List<byte[]> executionsReply(ExecutionsRequest request, int serverVersion) {
        List<byte[]> out = new ArrayList<>();
        ExecutionFilter f = request.filter();
        for (Execution e : executions) {
            if (matches(f, e)) {
                Execution answered = new Execution(
                        request.reqId(),
                        e.orderId(),
                        e.contract(),
                        e.execId(),
                        e.time(),
                        e.account(),
                        e.exchange(),
                        e.side(),
                        e.shares(),
                        e.price(),
                        e.permId(),
                        e.clientId(),
                        e.liquidation(),
                        e.cumQty(),
                        e.avgPrice(),
                        e.orderRef());
                out.add(AccountReports.encode(answered, serverVersion));
            }
        }
        out.add(AccountReports.encodeExecutionEnd(request.reqId()));
        return out;
    }

    private static boolean matches(ExecutionFilter f, Execution e) {
        return (f.clientId() == 0 || f.clientId() == e.clientId())
                && (f.acctCode().isEmpty() || f.acctCode().equals(e.account()))
                && (f.time().isEmpty() || e.time().compareTo(f.time()) > 0)
                && (f.symbol().isEmpty() || f.symbol().equals(e.contract().symbol()))
                && (f.secType().isEmpty() || f.secType().equals(e.contract().secType()))
                && (f.side().isEmpty() || f.side().equals(e.side()));
    }

    /** Result of a place or cancel: frames for the requesting session, or an error code to answer with. */
    record Outcome(List<byte[]> frames, int errorCode, long requestId) {}

    synchronized Outcome place(PlacedOrder p, int clientId, int serverVersion) {
        if (readOnly) {
            return new Outcome(List.of(), ErrorMessages.READ_ONLY_API, p.orderId());
        }
        if (orders.containsKey(p.orderId())
                || !("MKT".equals(p.orderType()) || "LMT".equals(p.orderType()))
                || !("BUY".equals(p.action()) || "SELL".equals(p.action()))
                || p.totalQuantity().signum() <= 0
                || ("LMT".equals(p.orderType()) && (p.lmtPrice() == null || p.lmtPrice() <= 0))) {
            return new Outcome(List.of(), ErrorMessages.ORDER_REJECTED, p.orderId());
        }
        OpenOrder order = new OpenOrder(
                p.orderId(),
                p.contract(),
                p.action(),
                p.totalQuantity(),
                p.orderType(),
                p.lmtPrice(),
                null,
                p.tif(),
                p.account(),
                p.orderRef(),
                clientId,
                permIds.incrementAndGet(),
                p.parentId(),
                "Submitted");
        List<byte[]> out = new ArrayList<>();
        Double price = prices.get(p.contract().symbol());
        WorkingOrder working = new WorkingOrder(order, BigDecimal.ZERO);
        orders.put(order.orderId(), working);
        if (price != null && ("MKT".equals(p.orderType()) || crosses(order, price))) {
            Fill f = fill(order, "MKT".equals(p.orderType()) ? price : p.lmtPrice());
            out.add(AccountReports.encode(f.order(), serverVersion));
            out.add(AccountReports.encode(f.status(), serverVersion));
            out.add(AccountReports.encode(f.execution(), serverVersion));
        } else {
            out.add(AccountReports.encode(order, serverVersion));
            out.add(AccountReports.encode(statusOf(working), serverVersion));
        }
        return new Outcome(out, 0, p.orderId());
    }

    synchronized Outcome cancel(long orderId, int clientId, int serverVersion) {
        if (readOnly) {
            return new Outcome(List.of(), ErrorMessages.READ_ONLY_API, orderId);
        }
        WorkingOrder w = orders.get(orderId);
        if (w == null || w.order().clientId() != clientId) {
            return new Outcome(List.of(), ErrorMessages.ORDER_TO_CANCEL_NOT_FOUND, orderId);
        }
        orders.remove(orderId);
        OpenOrder cancelled = withStatus(w.order(), "Cancelled");
        return new Outcome(
                List.of(AccountReports.encode(statusOf(new WorkingOrder(cancelled, w.filled())), serverVersion)),
                0,
                orderId);
    }

    /** reqGlobalCancel: every working order of every client is cancelled; returns the statuses. */
    synchronized Outcome cancelAll(int serverVersion) {
        if (readOnly) {
            return new Outcome(List.of(), ErrorMessages.READ_ONLY_API, ErrorMessages.NO_REQUEST);
        }
        List<byte[]> out = new ArrayList<>();
        for (WorkingOrder w : orders.values()) {
            out.add(AccountReports.encode(
                    statusOf(new WorkingOrder(withStatus(w.order(), "Cancelled"), w.filled())), serverVersion));
        }
        orders.clear();
        return new Outcome(out, 0, ErrorMessages.NO_REQUEST);
    }

    @Override
    public synchronized String toString() {
        return "SimAccount{positions=" + positions.size() + ", orders=" + orders.size() + ", executions="
                + executions.size() + "}";
    }

    static Contract requireContract(Contract c) {
        return Objects.requireNonNull(c, "contract");
    }
}
