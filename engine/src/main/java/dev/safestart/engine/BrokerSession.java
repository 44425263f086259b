package dev.safestart.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading session (trading CLIENT_ID) and its heartbeat. Every dangerous connection event closes the order
 * gate synchronously, on the thread that read it, before anything else happens; only then are the engine's
 * listeners told. Events from a connection that is no longer current are ignored, so a late close of an old
 * socket can never disturb a newer, validated session.
 */
final class BrokerSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerSession.class);

    private final EngineSettings settings;
    private final BrokerConnector connector;
    private final OrderGate gate;
    private final Consumer<EngineEvent> notify;
    private final ScheduledExecutorService heartbeat;

    private volatile BrokerConnection current;
    private volatile boolean connectivityLost;
    private volatile String lastError = "";
    private ScheduledFuture<?> heartbeatTask;

    private final java.util.function.IntPredicate paperPort;

    private final Consumer<Duration> heartbeatObserver;

    BrokerSession(
            EngineSettings settings,
            BrokerConnector connector,
            OrderGate gate,
            Consumer<EngineEvent> notify,
            java.util.function.IntPredicate paperPort,
            Consumer<Duration> heartbeatObserver) {
        this.paperPort = paperPort;
        this.heartbeatObserver = heartbeatObserver;
        this.settings = settings;
        this.connector = connector;
        this.gate = gate;
        this.notify = notify;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + settings.botId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens a READY connection unless the current one is open; returns the gate epoch of the session. */
    synchronized long ensureConnected() throws EngineException {
        BrokerConnection connection = current;
        if (connection != null && connection.isOpen()) {
            return gate.epoch();
        }
        BrokerConnection fresh;
        try {
            fresh = connector.connect(settings);
        } catch (EngineException e) {
            lastError = e.getMessage();
            throw e;
        } catch (RuntimeException e) {
            lastError = "connect failed: " + e;
            throw new EngineException(
                    "trading session to " + settings.gatewayHost() + ":" + settings.gatewayPort() + " with client id "
                            + settings.clientId() + " failed: " + e.getMessage(),
                    e);
        }
        current = fresh;
        connectivityLost = false;
        long epoch = gate.sessionConnected();
        fresh.setListener(event -> onEvent(fresh, event));
        if (!fresh.isOpen()) {
            // Closed between READY and the listener: the listener may have missed it.
            onEvent(fresh, BrokerEvent.SOCKET_CLOSED);
            throw new EngineException("trading session closed right after it became ready");
        }
        startHeartbeat();
        log.info(
                "trading session up bot={} clientId={} accounts={} epoch={}",
                settings.botId(),
                settings.clientId(),
                fresh.accounts(),
                epoch);
        return epoch;
    }

    /**
     * A fresh validation of the current session: reconnects if needed, refuses while IB connectivity is lost
     * (1100/2110 not yet restored), then one heartbeat round trip. Returns the epoch it validated.
     */
    synchronized long validate() throws EngineException {
        long epoch = ensureConnected();
        if (connectivityLost) {
            throw new EngineException("connectivity between gateway and IB is lost (1100/2110) and not restored yet");
        }
        BrokerConnection connection = current;
        try {
            Duration rtt = connection.currentTime(Duration.ofMillis(settings.heartbeatTimeoutMillis()));
            log.debug("validation round trip {} ms", rtt.toMillis());
        } catch (Exception e) {
            onEvent(connection, BrokerEvent.HEARTBEAT_TIMEOUT);
            throw new EngineException("validation heartbeat failed: " + e.getMessage(), e);
        }
        var wrongAccounts = AccountGuard.sessionProblem(
                settings.gatewayPort(), paperPort.test(settings.gatewayPort()), connection.accounts());
        if (wrongAccounts.isPresent()) {
            lastError = wrongAccounts.get();
            throw new EngineException("trading session refused: " + wrongAccounts.get());
        }
        checkReadOnly(connection);
        if (!gate.validate(epoch)) {
            throw new EngineException("session changed during validation (" + gate.closedReason() + ")");
        }
        return epoch;
    }

    /** The reader-thread path: gate first, bookkeeping second, listeners last. */
    void onEvent(BrokerConnection source, BrokerEvent event) {
        if (source != current) {
            log.debug("ignoring {} from a replaced connection", event);
            return;
        }
        long closedAt = 0;
        boolean dropsSocket = event == BrokerEvent.SOCKET_CLOSED
                || event == BrokerEvent.HEARTBEAT_TIMEOUT
                || event == BrokerEvent.SOCKET_PORT_CHANGED
                || event == BrokerEvent.PROTOCOL_ERROR;
        if (event.closesGate()) {
            gate.close(describe(event), dropsSocket);
            closedAt = System.nanoTime();
        }
        if (dropsSocket) {
            current = null;
            source.close();
        }
        if (event == BrokerEvent.CONNECTIVITY_LOST || event == BrokerEvent.CONNECTION_BROKEN) {
            connectivityLost = true;
        } else if (event.isRestore()) {
            connectivityLost = false;
        }
        if (event.closesGate()) {
            lastError = describe(event);
        }
        log.warn("trading session event bot={} {} gateOpen={}", settings.botId(), describe(event), gate.isOpen());
        notify.accept(new EngineEvent(
                EngineEvent.Kind.CONNECTION,
                event,
                describe(event),
                gate.epoch(),
                gate.isOpen(),
                System.currentTimeMillis(),
                closedAt));
    }

    private void startHeartbeat() {
        if (heartbeatTask == null) {
            long every = settings.heartbeatIntervalMillis();
            heartbeatTask = heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void beat() {
        BrokerConnection connection = current;
        if (connection == null) {
            return;
        }
        try {
            heartbeatObserver.accept(connection.currentTime(Duration.ofMillis(settings.heartbeatTimeoutMillis())));
        } catch (Exception e) {
            log.warn("heartbeat failed bot={}: {}", settings.botId(), e.toString());
            onEvent(connection, BrokerEvent.HEARTBEAT_TIMEOUT);
        } catch (Throwable t) {
            log.error("heartbeat crashed", t);
        }
    }

    /** The warning operators see in status and the alert for a read-only API. */
    static final String READ_ONLY_WARNING = "read-only API: Strategy C cannot cancel orders";

    private volatile boolean readOnlyApi;
    private BrokerConnection probedReadOnly;

    /** Once per connection, right after READY: the side-effect-free read-only probe. */
    private void checkReadOnly(BrokerConnection connection) {
        if (probedReadOnly == connection) {
            return;
        }
        probedReadOnly = connection;
        try {
            var answer = connection.probeReadOnly(Duration.ofMillis(settings.heartbeatTimeoutMillis()));
            if (answer.isEmpty()) {
                log.warn(
                        "read-only probe unanswered bot={}: assuming writable until a 321 says otherwise",
                        settings.botId());
            } else if (answer.get()) {
                markReadOnly("the gateway refused a side-effect-free cancel with 321");
            }
        } catch (Exception e) {
            log.warn("read-only probe failed bot={}: {}", settings.botId(), e.toString());
        }
    }

    /** Read-only: from the probe, or from any 321 on an order request (treated the same). */
    boolean readOnlyApi() {
        BrokerConnection connection = current;
        if (!readOnlyApi && connection != null && connection.readOnlyRefusalSeen()) {
            markReadOnly("the gateway answered an order request with 321");
        }
        return readOnlyApi;
    }

    private void markReadOnly(String how) {
        if (readOnlyApi) {
            return;
        }
        readOnlyApi = true;
        log.warn("{} bot={} ({})", READ_ONLY_WARNING, settings.botId(), how);
        notify.accept(new EngineEvent(
                EngineEvent.Kind.READ_ONLY_API,
                null,
                READ_ONLY_WARNING + " (" + how + ")",
                gate.epoch(),
                gate.isOpen(),
                System.currentTimeMillis(),
                0));
    }

    /** The live connection, or null (for the paper sender, read under the gate's lock). */
    BrokerConnection connection() {
        BrokerConnection c = current;
        return c != null && c.isOpen() ? c : null;
    }

    /** Cancels this client's orders at the gateway, or says why not (no session). */
    java.util.Map<Long, String> cancelOrders(List<Long> orderIds) {
        BrokerConnection connection = current;
        if (connection == null || !connection.isOpen()) {
            java.util.Map<Long, String> out = new java.util.LinkedHashMap<>();
            orderIds.forEach(
                    id -> out.put(id, "not sent: no trading session (the order stays working at the gateway)"));
            return out;
        }
        return connection.cancelOrders(orderIds, Duration.ofMillis(Math.max(settings.heartbeatTimeoutMillis(), 2_000)));
    }

    /** Loads the account over the current connection (after a successful validation). */
    AccountSnapshot loadAccount() throws Exception {
        BrokerConnection connection = current;
        if (connection == null) {
            throw new EngineException("no trading session");
        }
        return connection.loadAccount(Duration.ofMillis(Math.max(settings.heartbeatTimeoutMillis(), 5_000)));
    }

    boolean connected() {
        BrokerConnection connection = current;
        return connection != null && connection.isOpen() && !connectivityLost;
    }

    List<String> accounts() {
        BrokerConnection connection = current;
        return connection == null ? List.of() : connection.accounts();
    }

    String lastError() {
        return lastError;
    }

    static String describe(BrokerEvent event) {
        return switch (event) {
            case SOCKET_CLOSED -> "socket closed";
            case CONNECTIVITY_LOST -> "1100 connectivity between gateway and IB lost";
            case RESTORED_DATA_LOST -> "1101 connectivity restored, data lost";
            case RESTORED_DATA_KEPT -> "1102 connectivity restored, data kept";
            case CONNECTION_BROKEN -> "2110 connection between TWS and server broken";
            case SOCKET_PORT_CHANGED -> "1300 socket port changed";
            case PROTOCOL_ERROR -> "protocol error on the trading session";
            case HEARTBEAT_TIMEOUT -> "heartbeat (reqCurrentTime) unanswered: half-open or dead socket";
        };
    }

    @Override
    public synchronized void close() {
        heartbeat.shutdownNow();
        BrokerConnection connection = current;
        current = null;
        gate.close("engine closed", true);
        if (connection != null) {
            connection.close();
        }
    }
}
