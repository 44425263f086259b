package dev.safestart.tws;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived, READY connection to the gateway's TWS API (the trading worker's session).
 *
 * <p>A daemon reader thread reads every message and hands connection events (socket closed, 1100, 1101, 1102,
 * 2110, 1300, protocol error) to listeners synchronously, the moment they are read. Bad input never escapes as
 * an unchecked exception: malformed bytes become a {@link ConnectionEvent.Type#PROTOCOL_ERROR} event and the
 * session closes. {@link #currentTime(Duration)} is the heartbeat that catches half-open sockets.
 */
public final class TwsSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TwsSession.class);

    private final ProbeRequest request;
    private final ProbeResult handshake;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final Object stateLock = new Object();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<PendingTime> pendingTimes = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextOrderId;
    private volatile List<String> accounts;
    /** Set once, under stateLock, when the session closes. */
    private volatile ConnectionEvent closedEvent;

    private final Thread reader;

    private record PendingTime(long sentNanos, CompletableFuture<CurrentTime> future) {}

    private static final byte[] CURRENT_TIME_REQUEST = Frames.encodeFields(MessageIds.REQ_CURRENT_TIME, 1);
    private final ExecutorService writer;
    private volatile long lastMessageNanos = System.nanoTime();

    private TwsSession(ProbeRequest request, GatewayProbe.Established established, List<SessionListener> initial) {
        this.request = request;
        this.handshake = established.result();
        this.socket = established.socket();
        this.in = established.in();
        this.out = established.out();
        this.nextOrderId = new AtomicLong(handshake.nextOrderId());
        this.accounts = handshake.accounts();
        this.listeners.addAll(initial);
        established.timing().clearDeadline(); // from here the reader waits as long as the gateway is silent
        this.reader = new Thread(this::readLoop, "tws-reader-" + request.clientId());
        this.reader.setDaemon(true);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tws-writer-" + request.clientId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a session: the same handshake as {@link GatewayProbe#probe}, bounded by the same timeouts, but the
     * socket stays open. Listeners given here see every event from the first byte after READY.
     *
     * @throws TwsConnectException when the gateway is not READY; {@link TwsConnectException#result()} says why
     */
    public static TwsSession open(ProbeRequest request, SessionListener... listeners) throws TwsConnectException {
        Objects.requireNonNull(request, "request");
        GatewayProbe.Established established = GatewayProbe.establish(request);
        if (!established.result().isReady()) {
            throw new TwsConnectException(established.result());
        }
        TwsSession session = new TwsSession(request, established, List.of(listeners));
        session.reader.start();
        log.info(
                "TWS session open to {}:{} as client {}: server version {}, accounts {}, next order id {} ({} ms)",
                request.host(),
                request.port(),
                request.clientId(),
                session.serverVersion(),
                session.accounts,
                session.nextOrderId(),
                Math.round(session.handshake.latencyMs()));
        return session;
    }

    public List<String> accounts() {
        return accounts;
    }

    public int serverVersion() {
        return handshake.serverVersion();
    }

    public String connectionTime() {
        return handshake.connectionTime();
    }

    public int clientId() {
        return request.clientId();
    }

    public ProbeRequest request() {
        return request;
    }

    /** The READY classification of the handshake that opened this session (with its latency). */
    public ProbeResult handshake() {
        return handshake;
    }

    /** The next order id the gateway will accept (updated by every nextValidId message). */
    public long nextOrderId() {
        return nextOrderId.get();
    }

    /** Takes the next order id for an order and advances the counter. */
    public long allocateOrderId() {
        return nextOrderId.getAndIncrement();
    }

    /** Time since the gateway last sent anything (a message of any kind). */
    public Duration sinceLastMessage() {
        return Duration.ofNanos(System.nanoTime() - lastMessageNanos);
    }

    public boolean isOpen() {
        return closedEvent == null && !socket.isClosed();
    }

    /** The event that closed the session, or null while it is open. */
    public ConnectionEvent closedEvent() {
        return closedEvent;
    }

    /**
     * Adds a listener. If the session has already closed, the listener receives the SOCKET_CLOSED event at once
     * (on the calling thread), so no listener can miss a close that raced with its registration.
     */
    public void addListener(SessionListener listener) {
        Objects.requireNonNull(listener, "listener");
        ConnectionEvent closed;
        synchronized (stateLock) {
            closed = closedEvent;
            if (closed == null) {
                listeners.add(listener);
                return;
            }
        }
        deliver(List.of(listener), closed);
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Sends reqCurrentTime ({@code 49 | 1}). The future completes with the gateway's time and the round trip, or
     * exceptionally with an IOException when the session closes first. It never times out by itself. Replies carry
     * no request id, so they are matched to requests in order; a reply that arrives after its request timed out
     * answers the next request (whose round trip then reads short).
     */
    public CompletableFuture<CurrentTime> requestCurrentTime() {
        CompletableFuture<CurrentTime> future = new CompletableFuture<>();
        if (!isOpen()) {
            future.completeExceptionally(new IOException("session closed: " + describeClose()));
            return future;
        }
        try {
            // Written on the session's writer thread: a write that blocks (a half-open peer whose window is full)
            // cannot stop the caller's timeout from firing.
            writer.execute(() -> writeCurrentTimeRequest(future));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new IOException("session closed: " + describeClose()));
        }
        return future;
    }

    private void writeCurrentTimeRequest(CompletableFuture<CurrentTime> future) {
        if (future.isDone()) {
            return; // timed out or cancelled before it could be sent
        }
        PendingTime pending = null;
        try {
            synchronized (writeLock) {
                // Enqueue and write under one lock: replies come back in request order.
                pending = new PendingTime(System.nanoTime(), future);
                pendingTimes.add(pending);
                out.write(CURRENT_TIME_REQUEST);
                out.flush();
            }
        } catch (IOException e) {
            if (pending != null) {
                pendingTimes.remove(pending);
            }
            future.completeExceptionally(e);
            closeWith(ConnectionEvent.Type.SOCKET_CLOSED, "write failed: " + e.getMessage());
        }
        if (!isOpen()) {
            future.completeExceptionally(new IOException("session closed: " + describeClose()));
        }
    }

    /**
     * The heartbeat: reqCurrentTime and wait for the reply.
     *
     * @return the round-trip time
     * @throws TimeoutException no reply within {@code timeout}: the socket may be half-open (the caller decides
     *                          whether to close the session)
     * @throws IOException      the session is closed or closes while waiting
     */
    public Duration currentTime(Duration timeout) throws TimeoutException, IOException {
        CompletableFuture<CurrentTime> future = requestCurrentTime();
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS).roundTrip();
        } catch (TimeoutException e) {
            pendingTimes.removeIf(p -> p.future == future);
            future.cancel(false);
            throw new TimeoutException(
                    "no currentTime reply within " + timeout.toMillis() + " ms: the socket may be half-open");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for currentTime");
        }
    }

    /**
     * Sends one message of classic-protocol fields (for requests this class has no method for).
     *
     * @throws IOException when the session is closed or the write fails (the session then closes)
     */
    public void send(Object... fields) throws IOException {
        byte[] bytes = Frames.encodeFields(fields);
        if (!isOpen()) {
            throw new IOException("session closed: " + describeClose());
        }
        try {
            synchronized (writeLock) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            closeWith(ConnectionEvent.Type.SOCKET_CLOSED, "write failed: " + e.getMessage());
            throw e;
        }
    }

    /** reqPositions: every account's positions arrive as {@link AccountReport.Position}, then a PositionEnd. */
    public void requestPositions() throws IOException {
        sendFrame(AccountRequests.reqPositions(accountVersion()));
    }

    /** reqOpenOrders: this client's working orders (openOrder + orderStatus each), then an OpenOrderEnd. */
    public void requestOpenOrders() throws IOException {
        sendFrame(AccountRequests.reqOpenOrders(accountVersion()));
    }

    /** reqAllOpenOrders: every client's working orders, then an OpenOrderEnd. */
    public void requestAllOpenOrders() throws IOException {
        sendFrame(AccountRequests.reqAllOpenOrders(accountVersion()));
    }

    /** reqExecutions: the fills matching the filter, tagged with {@code reqId}, then an ExecutionEnd. */
    public void requestExecutions(int reqId, ExecutionFilter filter) throws IOException {
        sendFrame(AccountRequests.reqExecutions(reqId, filter, accountVersion()));
    }

    public void cancelOrder(long orderId) throws IOException {
        sendFrame(AccountRequests.cancelOrder(orderId, accountVersion()));
    }

    /** reqGlobalCancel: cancels every working order of every client and of TWS. */
    public void requestGlobalCancel() throws IOException {
        sendFrame(AccountRequests.reqGlobalCancel(accountVersion()));
    }

    /** placeOrder for a market or limit order. Callers go through the order gate; this only writes the bytes. */
    public void placeOrder(OrderRequest order) throws IOException {
        sendFrame(AccountRequests.placeOrder(order, accountVersion()));
    }

    /**
     * placeOrder without blocking the caller: the bytes are encoded here and written on the session's writer thread
     * (so a caller holding a lock, like the order gate, never waits on a full socket). The future completes when
     * the bytes are written, exceptionally when the session is closed or the write fails.
     */
    public CompletableFuture<Void> placeOrderAsync(OrderRequest order) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        byte[] bytes;
        try {
            bytes = AccountRequests.placeOrder(order, accountVersion());
        } catch (IOException e) {
            written.completeExceptionally(e);
            return written;
        }
        if (!isOpen()) {
            written.completeExceptionally(new IOException("session closed: " + describeClose()));
            return written;
        }
        try {
            writer.execute(() -> {
                try {
                    sendFrame(bytes);
                    written.complete(null);
                } catch (IOException e) {
                    written.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            written.completeExceptionally(new IOException("session closed: " + describeClose()));
        }
        return written;
    }

    private int accountVersion() throws IOException {
        int version = serverVersion();
        if (version < AccountReports.MIN_VERSION || version >= MessageIds.MIN_VERSION_PROTOBUF) {
            throw new IOException("account and order requests need server version " + AccountReports.MIN_VERSION + ".."
                    + (MessageIds.MIN_VERSION_PROTOBUF - 1) + "; this session negotiated " + version);
        }
        return version;
    }

    /** Writes one already framed message (what {@link #send} does after encoding). */
    public void sendFrame(byte[] bytes) throws IOException {
        if (!isOpen()) {
            throw new IOException("session closed: " + describeClose());
        }
        try {
            synchronized (writeLock) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            closeWith(ConnectionEvent.Type.SOCKET_CLOSED, "write failed: " + e.getMessage());
            throw e;
        }
    }

    /** Closes the socket; idempotent. Listeners receive SOCKET_CLOSED exactly once over the session's life. */
    @Override
    public void close() {
        closeWith(ConnectionEvent.Type.SOCKET_CLOSED, "closed by the client");
    }

    private void readLoop() {
        try {
            while (true) {
                byte[] payload = Frames.readPayload(in);
                lastMessageNanos = System.nanoTime();
                dispatch(Message.parse(payload));
            }
        } catch (TwsProtocolException e) {
            protocolError(e.getMessage());
        } catch (EOFException e) {
            closeWith(ConnectionEvent.Type.SOCKET_CLOSED, "the gateway closed the connection");
        } catch (IOException e) {
            closeWith(ConnectionEvent.Type.SOCKET_CLOSED, "connection failed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.debug("unexpected failure in the reader", e);
            protocolError("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void dispatch(Message message) throws TwsProtocolException {
        int id = message.intField(0);
        switch (id) {
            case MessageIds.ERROR -> onErrorMessage(TwsError.decode(message, serverVersion()));
            case MessageIds.NEXT_VALID_ID -> {
                long id0 = message.longField(2);
                nextOrderId.accumulateAndGet(id0, Math::max);
            }
            case MessageIds.MANAGED_ACCOUNTS -> accounts = Handshake.parseAccounts(message.text(2));
            case MessageIds.CURRENT_TIME -> onCurrentTime(message.longField(2));
            default -> {
                if (AccountReports.handles(id)
                        && serverVersion() >= AccountReports.MIN_VERSION
                        && serverVersion() < MessageIds.MIN_VERSION_PROTOBUF) {
                    AccountReport report =
                            AccountReports.decode(message, serverVersion()).orElseThrow();
                    deliver(
                            listeners,
                            l -> l.onAccountReport(report),
                            report.getClass().getSimpleName());
                    return;
                }
                log.debug("message id {} not handled by the session", id);
                deliver(listeners, l -> l.onMessage(message), "message " + id);
            }
        }
    }

    private void onErrorMessage(TwsError error) {
        var type = ConnectionEvent.Type.forErrorCode(error.code());
        if (type.isPresent()) {
            ConnectionEvent event = new ConnectionEvent(type.get(), error.code(), error.message(), Instant.now());
            if (event.isLoss()) {
                log.warn("gateway connection event {} ({}): {}", event.type(), error.code(), error.message());
            } else {
                log.info("gateway connection event {} ({}): {}", event.type(), error.code(), error.message());
            }
            deliver(listeners, event);
            return;
        }
        if (error.isFarmNotice()) {
            log.info("gateway notice {}: {}", error.code(), error.message());
        } else {
            log.warn("gateway {}", error);
        }
        deliver(listeners, l -> l.onError(error), error);
    }

    private void onCurrentTime(long epochSeconds) {
        long now = System.nanoTime();
        PendingTime pending = pendingTimes.poll();
        if (pending == null) {
            log.debug("currentTime {} with no request waiting", epochSeconds);
            return;
        }
        pending.future.complete(
                new CurrentTime(Instant.ofEpochSecond(epochSeconds), Duration.ofNanos(now - pending.sentNanos)));
    }

    private void protocolError(String why) {
        if (closedEvent != null) {
            return; // we closed it ourselves; what the reader saw afterwards means nothing
        }
        log.warn("protocol error from {}:{}: {}; closing the session", request.host(), request.port(), why);
        deliver(listeners, new ConnectionEvent(ConnectionEvent.Type.PROTOCOL_ERROR, 0, why, Instant.now()));
        closeWith(ConnectionEvent.Type.SOCKET_CLOSED, "closed after a protocol error: " + why);
    }

    private void closeWith(ConnectionEvent.Type type, String why) {
        ConnectionEvent event = new ConnectionEvent(type, 0, why, Instant.now());
        List<SessionListener> snapshot;
        synchronized (stateLock) {
            if (closedEvent != null) {
                return;
            }
            closedEvent = event;
            snapshot = new ArrayList<>(listeners);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        writer.shutdownNow();
        PendingTime pending;
        while ((pending = pendingTimes.poll()) != null) {
            pending.future.completeExceptionally(new IOException("session closed: " + why));
        }
        log.info("TWS session to {}:{} client {} closed: {}", request.host(), request.port(), request.clientId(), why);
        deliver(snapshot, event);
    }

    private String describeClose() {
        ConnectionEvent closed = closedEvent;
        return closed == null ? "socket closed" : closed.message();
    }

    private static void deliver(List<SessionListener> targets, ConnectionEvent event) {
        deliver(targets, l -> l.onConnectionEvent(event), event.type());
    }

    /** Calls every listener; one that throws is logged (naming {@code what}) and the others still get the call. */
    private static void deliver(List<SessionListener> targets, Consumer<SessionListener> call, Object what) {
        for (SessionListener listener : targets) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("session listener failed on {}", what, e);
            }
        }
    }
}
