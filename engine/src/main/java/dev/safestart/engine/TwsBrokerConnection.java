package dev.safestart.engine;

import dev.safestart.tws.ConnectionEvent;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.SessionListener;
import dev.safestart.tws.TwsConnectException;
import dev.safestart.tws.TwsSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The trading session over the real protocol client: a {@link TwsSession} opened with the trading client id.
 * Its listener is registered at open time, so no event after READY is missed; events that arrive before the
 * engine sets its listener are held and handed over in order.
 */
public final class TwsBrokerConnection implements BrokerConnection {
    private final Object lock = new Object();
    private final List<BrokerEvent> early = new ArrayList<>();
    private Consumer<BrokerEvent> listener;
    private TwsSession session;
    private volatile boolean readOnlyRefusal;
    private volatile dev.safestart.tws.AccountLoader loader;

    private TwsBrokerConnection() {}

    /** The connector the worker uses: TwsSession.open with the settings' host, port and trading client id. */
    public static BrokerConnector connector() {
        return TwsBrokerConnection::open;
    }

    static BrokerConnection open(EngineSettings settings) throws EngineException {
        TwsBrokerConnection connection = new TwsBrokerConnection();
        ProbeRequest request = ProbeRequest.of(settings.gatewayHost(), settings.gatewayPort(), settings.clientId())
                .withTimeouts(
                        ProbeRequest.DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(settings.handshakeTimeoutMillis()));
        try {
            connection.session = TwsSession.open(request, new SessionListener() {
                @Override
                public void onConnectionEvent(ConnectionEvent event) {
                    connection.forward(map(event.type()));
                }

                @Override
                public void onError(dev.safestart.tws.TwsError error) {
                    if (error.code() == dev.safestart.tws.ReadOnlyProbe.READ_ONLY_CODE) {
                        connection.readOnlyRefusal = true;
                    }
                }
            });
        } catch (TwsConnectException e) {
            throw new EngineException(
                    "trading session (client id " + settings.clientId() + ") not READY: " + e.getMessage(), e);
        }
        return connection;
    }

    static BrokerEvent map(ConnectionEvent.Type type) {
        return switch (type) {
            case SOCKET_CLOSED -> BrokerEvent.SOCKET_CLOSED;
            case CONNECTIVITY_LOST -> BrokerEvent.CONNECTIVITY_LOST;
            case RESTORED_DATA_LOST -> BrokerEvent.RESTORED_DATA_LOST;
            case RESTORED_DATA_KEPT -> BrokerEvent.RESTORED_DATA_KEPT;
            case CONNECTION_BROKEN -> BrokerEvent.CONNECTION_BROKEN;
            case SOCKET_PORT_CHANGED -> BrokerEvent.SOCKET_PORT_CHANGED;
            case PROTOCOL_ERROR -> BrokerEvent.PROTOCOL_ERROR;
        };
    }

    private void forward(BrokerEvent event) {
        Consumer<BrokerEvent> target;
        synchronized (lock) {
            target = listener;
            if (target == null) {
                early.add(event);
                return;
            }
        }
        target.accept(event);
    }

    @Override
    public void setListener(Consumer<BrokerEvent> newListener) {
        List<BrokerEvent> held;
        synchronized (lock) {
            listener = newListener;
            held = List.copyOf(early);
            early.clear();
        }
        held.forEach(newListener);
    }

    @Override
    public Duration currentTime(Duration timeout) throws Exception {
        return session.currentTime(timeout);
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public List<String> accounts() {
        return session.accounts();
    }

    @Override
    public java.util.Optional<Boolean> probeReadOnly(Duration timeout) throws Exception {
        var result = dev.safestart.tws.ReadOnlyProbe.detect(session, timeout);
        return result == dev.safestart.tws.ReadOnlyProbe.Result.UNKNOWN
                ? java.util.Optional.empty()
                : java.util.Optional.of(result == dev.safestart.tws.ReadOnlyProbe.Result.READ_ONLY);
    }

    @Override
    public AccountSnapshot loadAccount(Duration timeout) throws Exception {
        dev.safestart.tws.AccountLoader l = loader;
        if (l == null) {
            synchronized (lock) {
                if (loader == null) {
                    loader = new dev.safestart.tws.AccountLoader(session);
                }
                l = loader;
            }
        }
        synchronized (l) { // one load at a time per connection
            return new AccountSnapshot(
                    l.positions(timeout),
                    l.openOrders(true, timeout),
                    l.executions(dev.safestart.tws.ExecutionFilter.all(), timeout));
        }
    }

    @Override
    public java.util.Map<Long, String> cancelOrders(List<Long> orderIds, Duration timeout) {
        java.util.Map<Long, java.util.concurrent.CompletableFuture<String>> answers = new java.util.LinkedHashMap<>();
        orderIds.forEach(id -> answers.put(id, new java.util.concurrent.CompletableFuture<>()));
        SessionListener listener = new SessionListener() {
            @Override
            public void onAccountReport(dev.safestart.tws.AccountReport report) {
                if (report instanceof dev.safestart.tws.AccountReport.OrderStatus st
                        && answers.containsKey(st.orderId())
                        && (st.status().equals("Cancelled") || st.status().equals("ApiCancelled"))) {
                    answers.get(st.orderId()).complete(st.status());
                }
            }

            @Override
            public void onError(dev.safestart.tws.TwsError error) {
                var answer = answers.get((long) error.requestId());
                if (answer != null) {
                    answer.complete("refused: " + error.code() + " " + error.message());
                }
            }
        };
        session.addListener(listener);
        try {
            for (Long id : orderIds) {
                try {
                    session.cancelOrder(id);
                } catch (java.io.IOException e) {
                    answers.get(id).complete("not sent: " + e.getMessage());
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            java.util.Map<Long, String> results = new java.util.LinkedHashMap<>();
            for (var entry : answers.entrySet()) {
                String result;
                try {
                    result = entry.getValue()
                            .get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    result = "no answer within " + timeout.toMillis() + " ms";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result = "interrupted while waiting";
                } catch (java.util.concurrent.ExecutionException e) {
                    result = "failed: " + e.getCause();
                }
                results.put(entry.getKey(), result);
            }
            return results;
        } finally {
            session.removeListener(listener);
        }
    }

    @Override
    public long allocateOrderId() {
        return session.allocateOrderId();
    }

    @Override
    public void submitOrder(dev.safestart.tws.OrderRequest order) {
        session.placeOrderAsync(order).whenComplete((ok, failed) -> {
            if (failed != null) {
                org.slf4j.LoggerFactory.getLogger(TwsBrokerConnection.class)
                        .warn("order {} not written: {}", order.orderId(), failed.getMessage());
            }
        });
    }

    @Override
    public boolean readOnlyRefusalSeen() {
        return readOnlyRefusal;
    }

    @Override
    public void close() {
        session.close();
    }
}
