package dev.safestart.engine;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One live API connection to the gateway with the trading client id (READY: accounts and next order id
 * received). Implemented over the {@code tws} session; tests use in-memory fakes.
 */
public interface BrokerConnection extends AutoCloseable {

    /**
     * Registers the one listener for connection events. Events are delivered synchronously on the thread that
     * read them (the reader thread), so the listener must be quick and must not block.
     */
    void setListener(Consumer<BrokerEvent> listener);

    /**
     * One reqCurrentTime round trip.
     *
     * @return the round-trip time
     * @throws Exception when no answer arrived within {@code timeout} or the connection failed
     */
    Duration currentTime(Duration timeout) throws Exception;

    boolean isOpen();

    List<String> accounts();

    /**
     * Whether the API is read-only, found without side effects (see {@code ReadOnlyProbe}); empty when the gateway
     * did not answer within {@code timeout}.
     */
    java.util.Optional<Boolean> probeReadOnly(Duration timeout) throws Exception;

    /** Positions, every client's working orders and today's executions, each request answered by its end marker. */
    AccountSnapshot loadAccount(Duration timeout) throws Exception;

    /**
     * Cancels these orders (this client's own) and waits, all at once, up to {@code timeout} for each answer:
     * the result per order id ("Cancelled", "refused: 321 …", "not found: 10147 …", "no answer within …").
     */
    java.util.Map<Long, String> cancelOrders(List<Long> orderIds, Duration timeout);

    /** Takes the next order id of this session. */
    long allocateOrderId();

    /**
     * Hands one order to the session's writer without waiting (the caller may hold the order gate's lock). Only the
     * order gate's paper sender calls this.
     */
    void submitOrder(dev.safestart.tws.OrderRequest order);

    /** True once the gateway refused any order request with 321 (read-only API) on this connection. */
    boolean readOnlyRefusalSeen();

    @Override
    void close();
}
