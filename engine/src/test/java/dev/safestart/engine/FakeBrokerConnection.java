package dev.safestart.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** An in-memory trading connection whose events the test fires by hand (as the reader thread would). */
final class FakeBrokerConnection implements BrokerConnection {
    private volatile Consumer<BrokerEvent> listener = e -> {};
    private volatile boolean open = true;
    volatile boolean answersHeartbeat = true;
    volatile List<String> accounts = List.of("DU1234567");
    volatile boolean readOnly;
    volatile boolean readOnlyRefusal;
    volatile AccountSnapshot account = AccountSnapshot.empty();

    @Override
    public void setListener(Consumer<BrokerEvent> listener) {
        this.listener = listener;
    }

    @Override
    public Duration currentTime(Duration timeout) throws Exception {
        if (!open || !answersHeartbeat) {
            throw new TimeoutException("no currentTime within " + timeout.toMillis() + " ms");
        }
        return Duration.ofMillis(1);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public List<String> accounts() {
        return accounts;
    }

    @Override
    public java.util.Optional<Boolean> probeReadOnly(Duration timeout) {
        return java.util.Optional.of(readOnly);
    }

    @Override
    public AccountSnapshot loadAccount(Duration timeout) {
        return account;
    }

    final List<Long> cancelled = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<dev.safestart.tws.OrderRequest> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong orderIds = new java.util.concurrent.atomic.AtomicLong(1000);

    @Override
    public long allocateOrderId() {
        return orderIds.getAndIncrement();
    }

    @Override
    public void submitOrder(dev.safestart.tws.OrderRequest order) {
        submitted.add(order);
    }

    @Override
    public java.util.Map<Long, String> cancelOrders(List<Long> orderIds, Duration timeout) {
        java.util.Map<Long, String> out = new java.util.LinkedHashMap<>();
        for (Long id : orderIds) {
            cancelled.add(id);
            out.put(id, readOnly ? "refused: 321 read-only" : "Cancelled");
        }
        return out;
    }

    @Override
    public boolean readOnlyRefusalSeen() {
        return readOnlyRefusal;
    }

    /** The gateway side drops the socket: the reader sees EOF and reports it. */
    void drop() {
        if (open) {
            open = false;
            listener.accept(BrokerEvent.SOCKET_CLOSED);
        }
    }

    void fire(BrokerEvent event) {
        if (event == BrokerEvent.SOCKET_CLOSED) {
            drop();
        } else {
            listener.accept(event);
        }
    }

    @Override
    public void close() {
        open = false;
    }
}
