package dev.safestart.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TWS API gateway simulator (server side), embeddable in tests and runnable from the CLI. One thread per
 * connection, every read bounded; bad client bytes end that session, never the simulator. The mode switches at
 * runtime ({@link #setMode}) through code, the HTTP control API or a {@link ScenarioPlayer}.
 *
 * <pre>{@code
 * try (GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults())) {
 *     probe("127.0.0.1", sim.port());            // READY
 *     sim.setMode(SimMode.API_NOT_READY, Map.of());
 * }
 * }</pre>
 */
public final class GatewaySimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewaySimulator.class);

    /** Open connections of any kind (a session is one thread); API clients are capped lower, by maxClients. */
    static final int MAX_CONNECTIONS = 256;

    enum Admission {
        ADMITTED,
        NOT_AUTHENTICATED,
        DUPLICATE_326,
        DUPLICATE_CLOSE,
        FULL
    }

    private final SimConfig config;
    private final InetAddress bindAddress;
    private final int port;
    private final ExecutorService sessionThreads;
    private final ScheduledExecutorService scheduler;
    private final Map<Long, SimSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong sessionIds = new AtomicLong();
    private final AtomicLong nextOrderId;
    private final SimAccount account = new SimAccount();
    private final List<ModeListener> listeners = new CopyOnWriteArrayList<>();
    private final Object modeLock = new Object();
    private final Object admissionLock = new Object();
    private final ControlServer control;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong acceptedWhileSilent = new AtomicLong();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final AtomicLong errors326 = new AtomicLong();
    private final AtomicLong lastSilentAccept = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong minSilentGapNanos = new AtomicLong(Long.MAX_VALUE);

    private volatile ModeChange current;
    private volatile ServerSocket serverSocket;
    /** While not listening: a bound, never-listening socket that keeps the port ours (connects are still refused). */
    private Socket portHolder;

    private ScheduledFuture<?> pendingReturn;
    private volatile boolean closed;

    private GatewaySimulator(SimConfig config) throws IOException {
        this.config = config;
        this.bindAddress = InetAddress.getByName(config.bindAddress());
        this.nextOrderId = new AtomicLong(config.firstOrderId());
        AtomicInteger threadNo = new AtomicInteger();
        this.sessionThreads = Executors.newCachedThreadPool(daemon(() -> "sim-session-" + threadNo.incrementAndGet()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon(() -> "sim-scheduler"));
        // Bind first, even when starting closed: an ephemeral port is chosen once and kept for every reopen.
        ServerSocket first = openListener(config.port());
        this.port = first.getLocalPort();
        this.serverSocket = first;
        Map<String, String> initialParams = ModeParams.validate(config.initialMode(), Map.of());
        // The mode first: the acceptor reads it for the very first connection, which may come at once.
        this.current = new ModeChange(config.initialMode(), initialParams, Instant.now());
        startAcceptor(first);
        if (config.initialMode() == SimMode.PORT_CLOSED) {
            closeListener();
        }
        this.control = config.controlPort() >= 0
                ? ControlServer.start(this, config.controlPort(), ControlAccess.fromEnvironment(System.getenv()))
                : null;
        log.info(
                "gateway simulator listening on {}:{} (mode {}, versions {}..{}, accounts {}){}",
                config.bindAddress(),
                port,
                config.initialMode(),
                config.minVersion(),
                config.maxVersion(),
                config.accounts(),
                control == null ? "" : ", control API on port " + control.port());
    }

    /** Starts a simulator; with port 0 it picks an ephemeral port (see {@link #port()}). */
    public static GatewaySimulator start(SimConfig config) throws IOException {
        return new GatewaySimulator(config);
    }

    /** The simulated account (positions, working orders, executions) every session answers from. */
    public SimAccount account() {
        return account;
    }

    /**
     * Moves the market: market orders for {@code symbol} fill at this price from now on, and working limit orders it
     * crosses fill now (their openOrder, orderStatus and execDetails go to the sessions of the client that placed
     * them).
     */
    public void setPrice(String symbol, double price) {
        for (SimAccount.Fill fill : account.setPrice(symbol, price)) {
            for (SimSession s : sessions.values()) {
                Integer id = s.clientId();
                if (id != null && id == fill.order().clientId()) {
                    s.sendFill(fill);
                }
            }
        }
    }

    public SimConfig config() {
        return config;
    }

    public String host() {
        return config.bindAddress();
    }

    /** The API port, fixed for the simulator's life (also while PORT_CLOSED). */
    public int port() {
        return port;
    }

    /** The HTTP control API's port, or -1 when it is off. */
    public int controlPort() {
        return control == null ? -1 : control.port();
    }

    /** The address the HTTP control API listens on (loopback unless SIM_CONTROL_BIND says otherwise). */
    public String controlHost() {
        return control == null ? ControlAccess.LOOPBACK : control.host();
    }

    public SimMode mode() {
        return current.mode();
    }

    /** The current mode with its parameters and the instant it took effect. */
    public ModeChange currentMode() {
        return current;
    }

    public void addModeListener(ModeListener listener) {
        listeners.add(listener);
    }

    public void removeModeListener(ModeListener listener) {
        listeners.remove(listener);
    }

    public void setMode(SimMode mode) {
        setMode(mode, Map.of());
    }

    /**
     * Switches the mode now. Parameters are validated first ({@link ModeParams}); a bad one throws
     * {@link IllegalArgumentException} and changes nothing.
     *
     * @throws IllegalStateException when the simulator is closed or the port cannot be reopened
     */
    public ModeChange setMode(SimMode mode, Map<String, String> params) {
        Map<String, String> valid = ModeParams.validate(mode, params);
        ModeChange change;
        synchronized (modeLock) {
            if (closed) {
                throw new IllegalStateException("the simulator is closed");
            }
            if (pendingReturn != null) {
                pendingReturn.cancel(false);
                pendingReturn = null;
            }
            change = new ModeChange(mode, valid, Instant.now());
            ModeChange previous = current;
            current = change;
            try {
                apply(change);
            } catch (RuntimeException e) {
                current = previous; // e.g. the port could not be reopened: the old mode is still the truth
                throw e;
            }
        }
        log.info("mode {} {}", mode, valid.isEmpty() ? "" : valid);
        notifyListeners(change);
        return change;
    }

    /** Carries out a mode change on the listener and the open sessions; called under the mode lock. */
    private void apply(ModeChange change) {
        SimMode mode = change.mode();
        Map<String, String> valid = change.params();
        switch (mode) {
            case PORT_CLOSED -> {
                // sessions first: the port can only be held while closed once no live socket shares it
                dropAll("port closed");
                closeListener();
            }
            case DROP_ALL -> {
                ensureListening();
                dropAll("DROP_ALL");
            }
            case HALF_OPEN -> {
                ensureListening();
                sessions.values().forEach(SimSession::freeze);
            }
            case CONNECTIVITY_LOST -> {
                ensureListening();
                broadcast(ErrorMessages.CONNECTIVITY_LOST);
            }
            case RESTORED -> {
                ensureListening();
                broadcast(
                        Boolean.parseBoolean(valid.get(ModeParams.DATA_LOST))
                                ? ErrorMessages.RESTORED_DATA_LOST
                                : ErrorMessages.RESTORED_DATA_KEPT);
            }
            case RESTART -> {
                if (Boolean.parseBoolean(valid.get(ModeParams.NOTICE))) {
                    broadcast(ErrorMessages.CONNECTION_BROKEN_WILL_RESTORE);
                }
                dropAll("RESTART");
                closeListener();
                long seconds = Long.parseLong(valid.get(ModeParams.SECONDS));
                pendingReturn = scheduler.schedule(() -> comeBack(change), seconds, TimeUnit.SECONDS);
            }
            default -> ensureListening();
        }
        if (answers(mode)) {
            // Sockets queued by API_NOT_READY?queued=true get their handshake now, under the new mode.
            sessions.values().forEach(s -> s.release(change));
        }
    }

    /** Modes in which a new connection gets its server version at once. */
    static boolean answers(SimMode mode) {
        return switch (mode) {
            case READY, NOT_AUTHENTICATED, CLIENT_ID_IN_USE, CONNECTIVITY_LOST, RESTORED -> true;
            default -> false;
        };
    }

    /** The end of a RESTART: listening again, READY — unless someone changed the mode meanwhile. */
    private void comeBack(ModeChange restart) {
        ModeChange ready;
        synchronized (modeLock) {
            if (closed || current != restart) {
                return;
            }
            try {
                ensureListening();
            } catch (IllegalStateException e) {
                log.error("restart: cannot reopen port {}; retrying in 1 s: {}", port, e.getMessage());
                pendingReturn = scheduler.schedule(() -> comeBack(restart), 1, TimeUnit.SECONDS);
                return;
            }
            pendingReturn = null;
            ready = new ModeChange(SimMode.READY, Map.of(), Instant.now());
            current = ready;
        }
        log.info("mode READY (back from RESTART)");
        notifyListeners(ready);
    }

    private void notifyListeners(ModeChange change) {
        for (ModeListener listener : listeners) {
            try {
                listener.onModeChange(change.mode(), change.at());
            } catch (RuntimeException e) {
                log.warn("mode listener failed on {}", change.mode(), e);
            }
        }
    }

    /** Waits until the simulator is in the given mode (e.g. READY after a RESTART); false on timeout. */
    public boolean awaitMode(SimMode mode, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current.mode() != mode) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    public SimStatus status() {
        ModeChange now = current;
        List<SimStatus.Session> open = new ArrayList<>();
        sessions.values().forEach(s -> open.add(s.snapshot()));
        open.sort(Comparator.comparingLong(SimStatus.Session::id));
        return new SimStatus(
                now.mode(),
                now.params(),
                now.at(),
                config.bindAddress(),
                port,
                controlPort(),
                serverSocket != null,
                open,
                counters());
    }

    /** The politeness counters alone (cheaper than {@link #status()}). */
    public SimStatus.Counters counters() {
        long gap = minSilentGapNanos.get();
        return new SimStatus.Counters(
                accepted.get(),
                acceptedWhileSilent.get(),
                peakOpen.get(),
                errors326.get(),
                gap == Long.MAX_VALUE ? -1 : gap / 1_000_000);
    }

    /** Starts the counters afresh (a benchmark's next trial); the peak restarts from the sessions open now. */
    public void resetCounters() {
        accepted.set(0);
        acceptedWhileSilent.set(0);
        errors326.set(0);
        peakOpen.set(sessions.size());
        lastSilentAccept.set(Long.MIN_VALUE);
        minSilentGapNanos.set(Long.MAX_VALUE);
    }

    void counted326() {
        errors326.incrementAndGet();
    }

    /** Replays a scenario on this simulator; see {@link ScenarioPlayer}. */
    public ScenarioPlayer play(Scenario scenario) {
        return ScenarioPlayer.play(this, scenario, scheduler);
    }

    long nextOrderId() {
        return nextOrderId.getAndIncrement();
    }

    /**
     * Decides a startApi atomically, so two clients racing for one id cannot both get it. A holder of the id whose
     * client has already hung up (its EOF not yet read on a busy machine) gets {@link #DUPLICATE_GRACE} to go away
     * first, so a probe right after a probe with the same id is not refused by a race a test cannot control.
     */
    Admission admit(SimSession session, int clientId, ModeChange admittedUnder) {
        Admission admission = decide(session, clientId, admittedUnder);
        if (admission == Admission.DUPLICATE_326 || admission == Admission.DUPLICATE_CLOSE) {
            SimSession holder = holderOf(session, clientId);
            if (holder != null && holder.awaitClosed(DUPLICATE_GRACE)) {
                admission = decide(session, clientId, admittedUnder);
            }
        }
        return admission;
    }

    static final Duration DUPLICATE_GRACE = Duration.ofMillis(250);

    private SimSession holderOf(SimSession session, int clientId) {
        return sessions.values().stream()
                .filter(s -> s != session
                        && s.apiStarted()
                        && Integer.valueOf(clientId).equals(s.clientId()))
                .findFirst()
                .orElse(null);
    }

    private Admission decide(SimSession session, int clientId, ModeChange admittedUnder) {
        synchronized (admissionLock) {
            if (admittedUnder.mode() == SimMode.CLIENT_ID_IN_USE) {
                String only = admittedUnder.params().get(ModeParams.CLIENT_ID);
                if (only == null || Integer.parseInt(only) == clientId) {
                    return ModeParams.VARIANT_CLOSE_ONLY.equals(
                                    admittedUnder.params().get(ModeParams.VARIANT))
                            ? Admission.DUPLICATE_CLOSE
                            : Admission.DUPLICATE_326;
                }
            }
            if (config.duplicateClientIds() != SimConfig.DuplicatePolicy.ALLOW && holderOf(session, clientId) != null) {
                return config.duplicateClientIds() == SimConfig.DuplicatePolicy.CLOSE_ONLY
                        ? Admission.DUPLICATE_CLOSE
                        : Admission.DUPLICATE_326;
            }
            long started = sessions.values().stream()
                    .filter(s -> s != session && s.apiStarted())
                    .count();
            if (started >= config.maxClients()) {
                return Admission.FULL;
            }
            session.markStarting(clientId);
            return admittedUnder.mode() == SimMode.NOT_AUTHENTICATED ? Admission.NOT_AUTHENTICATED : Admission.ADMITTED;
        }
    }

    void unregister(SimSession session) {
        sessions.remove(session.id);
    }

    private void broadcast(int code) {
        sessions.values().forEach(s -> s.notifyError(code));
    }

    private void dropAll(String why) {
        List<SimSession> all = new ArrayList<>(sessions.values());
        all.forEach(SimSession::close);
        if (!all.isEmpty()) {
            log.info("{}: dropped {} session(s)", why, all.size());
        }
    }

    private ServerSocket openListener(int onPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(bindAddress, onPort), 64);
        return socket;
    }

    private void ensureListening() {
        if (serverSocket != null) {
            return;
        }
        releasePortHolder();
        try {
            ServerSocket reopened = openListener(port);
            serverSocket = reopened;
            startAcceptor(reopened);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot listen on " + config.bindAddress() + ":" + port + " again: " + e.getMessage(), e);
        }
    }

    /**
     * Really stops listening: a connect now gets "connection refused". The port stays bound (not listening) so that
     * no other process on a busy machine is handed it as an ephemeral port meanwhile, and so it can be reopened.
     */
    private void closeListener() {
        ServerSocket socket = serverSocket;
        serverSocket = null;
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing the listener: {}", e.toString());
        }
        if (!closed) {
            // Exclusive when it can be; with sessions (or their TIME_WAIT) still on the port only a shared bind is
            // possible, which still keeps the kernel from handing the port out as an ephemeral one. The JDK may
            // release the listener's port only once its blocked accept() has returned: retry briefly.
            for (int attempt = 0; attempt < 40 && portHolder == null; attempt++) {
                portHolder = holdPort(false);
                if (portHolder == null) {
                    portHolder = holdPort(true);
                }
                if (portHolder == null) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            if (portHolder == null) {
                log.warn("port {} could not be held while closed; another process may take it", port);
            }
        }
    }

    private Socket holdPort(boolean shared) {
        Socket holder = new Socket();
        try {
            holder.setReuseAddress(shared);
            holder.bind(new InetSocketAddress(bindAddress, port));
            return holder;
        } catch (IOException e) {
            closeQuietly(holder);
            return null;
        }
    }

    private void releasePortHolder() {
        Socket holder = portHolder;
        portHolder = null;
        if (holder != null) {
            closeQuietly(holder);
        }
    }

    private void startAcceptor(ServerSocket listener) {
        Thread acceptor = new Thread(() -> acceptLoop(listener), "sim-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(ServerSocket listener) {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (SocketException e) {
                return; // the listener was closed (PORT_CLOSED, RESTART, close)
            } catch (IOException e) {
                log.warn("accept failed: {}", e.toString());
                continue;
            }
            try {
                serve(listener, socket);
            } catch (RuntimeException e) {
                // One connection's failure must not end the accept loop: every later client would meet silence.
                log.error("connection {} dropped: {}", socket.getRemoteSocketAddress(), e.toString(), e);
                closeQuietly(socket);
            }
        }
    }

    /** Hands one accepted connection to a session in the current mode, or closes it. */
    private void serve(ServerSocket listener, Socket socket) {
        ModeChange mode = current;
        if (closed
                || listener != serverSocket
                || mode.mode() == SimMode.PORT_CLOSED
                || mode.mode() == SimMode.RESTART) {
            closeQuietly(socket);
            return;
        }
        if (sessions.size() >= MAX_CONNECTIONS) {
            // A flood of connections (API clients or not) must not exhaust threads: refuse past the cap.
            log.warn("{} connections open; refusing {}", MAX_CONNECTIONS, socket.getRemoteSocketAddress());
            closeQuietly(socket);
            return;
        }
        SimSession session = new SimSession(this, socket, sessionIds.incrementAndGet(), mode);
        sessions.put(session.id, session);
        accepted.incrementAndGet();
        if (mode.mode() == SimMode.API_NOT_READY) {
            acceptedWhileSilent.incrementAndGet();
            long now = System.nanoTime();
            long before = lastSilentAccept.getAndSet(now);
            if (before != Long.MIN_VALUE) {
                minSilentGapNanos.accumulateAndGet(now - before, Math::min);
            }
        }
        peakOpen.accumulateAndGet(sessions.size(), Math::max);
        try {
            sessionThreads.execute(session);
        } catch (RuntimeException e) {
            session.close();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        synchronized (modeLock) {
            if (closed) {
                return;
            }
            closed = true;
            closeListener();
            releasePortHolder();
        }
        if (control != null) {
            control.stop();
        }
        dropAll("close");
        scheduler.shutdownNow();
        sessionThreads.shutdownNow();
        log.info("gateway simulator on port {} closed", port);
    }

    private static ThreadFactory daemon(java.util.function.Supplier<String> names) {
        return r -> {
            Thread t = new Thread(r, names.get());
            t.setDaemon(true);
            return t;
        };
    }
}
