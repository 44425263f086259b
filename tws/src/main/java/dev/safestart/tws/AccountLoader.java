package dev.safestart.tws;

import dev.safestart.tws.AccountReport.Execution;
import dev.safestart.tws.AccountReport.ExecutionEnd;
import dev.safestart.tws.AccountReport.OpenOrder;
import dev.safestart.tws.AccountReport.OpenOrderEnd;
import dev.safestart.tws.AccountReport.OrderStatus;
import dev.safestart.tws.AccountReport.Position;
import dev.safestart.tws.AccountReport.PositionEnd;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads the account from a session: positions, working orders (with their latest status) and executions, each
 * request answered by its end marker. One load of each kind at a time; a load fails when the session closes or
 * the end marker does not come within the timeout.
 */
public final class AccountLoader implements SessionListener {
    /** A working order with the status the gateway last reported for it. */
    public record WorkingOrder(OpenOrder order, OrderStatus status) {}

    private final TwsSession session;
    private final AtomicInteger reqIds = new AtomicInteger(60_000);
    private final Object lock = new Object();
    private List<Position> positions;
    private CompletableFuture<List<Position>> positionsDone;
    private Map<Long, WorkingOrder> orders;
    private CompletableFuture<List<WorkingOrder>> ordersDone;
    private int executionsReqId = Integer.MIN_VALUE;
    private List<Execution> executions;
    private CompletableFuture<List<Execution>> executionsDone;

    public AccountLoader(TwsSession session) {
        this.session = session;
        session.addListener(this);
    }

    public List<Position> positions(Duration timeout) throws IOException, TimeoutException {
        CompletableFuture<List<Position>> done = new CompletableFuture<>();
        synchronized (lock) {
            positions = new ArrayList<>();
            positionsDone = done;
        }
        session.requestPositions();
        return await(done, timeout, "positionEnd");
    }

    /** {@code all}: every client's orders (reqAllOpenOrders), else this client's (reqOpenOrders). */
    public List<WorkingOrder> openOrders(boolean all, Duration timeout) throws IOException, TimeoutException {
        CompletableFuture<List<WorkingOrder>> done = new CompletableFuture<>();
        synchronized (lock) {
            orders = new LinkedHashMap<>();
            ordersDone = done;
        }
        if (all) {
            session.requestAllOpenOrders();
        } else {
            session.requestOpenOrders();
        }
        return await(done, timeout, "openOrderEnd");
    }

    public List<Execution> executions(ExecutionFilter filter, Duration timeout) throws IOException, TimeoutException {
        CompletableFuture<List<Execution>> done = new CompletableFuture<>();
        int reqId = reqIds.incrementAndGet();
        synchronized (lock) {
            executionsReqId = reqId;
            executions = new ArrayList<>();
            executionsDone = done;
        }
        session.requestExecutions(reqId, filter);
        return await(done, timeout, "execDetailsEnd");
    }

    @Override
    public void onAccountReport(AccountReport report) {
        synchronized (lock) {
            if (report instanceof Position p) {
                if (positions != null) {
                    positions.add(p);
                }
            } else if (report instanceof PositionEnd) {
                if (positionsDone != null) {
                    positionsDone.complete(List.copyOf(positions));
                    positionsDone = null;
                    positions = null;
                }
            } else if (report instanceof OpenOrder o) {
                if (orders != null) {
                    WorkingOrder old = orders.get(o.orderId());
                    orders.put(o.orderId(), new WorkingOrder(o, old == null ? null : old.status()));
                }
            } else if (report instanceof OrderStatus s) {
                if (orders != null && orders.containsKey(s.orderId())) {
                    orders.put(
                            s.orderId(),
                            new WorkingOrder(orders.get(s.orderId()).order(), s));
                }
            } else if (report instanceof OpenOrderEnd) {
                if (ordersDone != null) {
                    ordersDone.complete(List.copyOf(orders.values()));
                    ordersDone = null;
                    orders = null;
                }
            } else if (report instanceof Execution e) {
                if (executions != null && e.reqId() == executionsReqId) {
                    executions.add(e);
                }
            } else if (report instanceof ExecutionEnd end) {
                if (executionsDone != null && end.reqId() == executionsReqId) {
                    executionsDone.complete(List.copyOf(executions));
                    executionsDone = null;
                    executions = null;
                }
            }
        }
    }

    @Override
    public void onConnectionEvent(ConnectionEvent event) {
        if (event.type() != ConnectionEvent.Type.SOCKET_CLOSED && event.type() != ConnectionEvent.Type.PROTOCOL_ERROR) {
            return;
        }
        IOException closed = new IOException("session closed: " + event.message());
        synchronized (lock) {
            for (CompletableFuture<?> f : new CompletableFuture<?>[] {positionsDone, ordersDone, executionsDone}) {
                if (f != null) {
                    f.completeExceptionally(closed);
                }
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String what)
            throws IOException, TimeoutException {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no " + what + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + what);
        }
    }
}
