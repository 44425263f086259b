package dev.safestart.sim;

import dev.safestart.tws.AccountReports;
import dev.safestart.tws.AccountRequests;
import dev.safestart.tws.Frames;
import dev.safestart.tws.Message;
import dev.safestart.tws.MessageIds;
import dev.safestart.tws.TwsProtocolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, served on its own thread. Its treatment is fixed by the mode in force when it was
 * accepted (a snapshot), except for what the simulator does to every session at once (drop, freeze, notices).
 * Every failure — bad bytes, timeouts, a vanished peer — ends this session only, never the simulator.
 */
final class SimSession implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SimSession.class);
    private static final DateTimeFormatter CONNECTION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd HH:mm:ss zzz", Locale.US);

    /** Client → server request ids the simulator answers (others are read and ignored). */
    static final int REQ_OPEN_ORDERS = 5;

    static final int REQ_ACCOUNT_UPDATES = 6;
    static final int REQ_EXECUTIONS = 7;
    static final int REQ_IDS = 8;
    static final int REQ_ALL_OPEN_ORDERS = 16;
    static final int REQ_MANAGED_ACCOUNTS = 17;
    static final int REQ_POSITIONS = 61;
    static final int REQ_ACCOUNT_SUMMARY = 62;
    static final int REQ_ACCOUNT_UPDATES_MULTI = 76;
    static final int REQ_COMPLETED_ORDERS = 99;
    /** Server → client end markers real clients wait for after connecting. */
    static final int OPEN_ORDER_END = 53;

    static final int ACCOUNT_DOWNLOAD_END = 54;
    static final int EXEC_DETAILS_END = 55;
    static final int POSITION_END = 62;
    static final int ACCOUNT_SUMMARY_END = 64;
    static final int ACCOUNT_UPDATE_MULTI_END = 74;
    static final int COMPLETED_ORDERS_END = 102;

    enum State {
        HANDSHAKE,
        QUEUED,
        VERSION_SENT,
        READY,
        NOT_AUTHENTICATED,
        SILENT,
        CLOSED
    }

    private final GatewaySimulator sim;
    private final Socket socket;
    /** The mode this session is treated under; a queued session takes the mode that released it. */
    private volatile ModeChange admittedUnder;
    /** Guards the hand-over of a queued session between its own thread and the one that releases it. */
    private final Object queueLock = new Object();

    private VersionRange queuedRange;
    private ModeChange releasedBy;
    final long id;
    final Instant connectedAt = Instant.now();
    private final String remote;

    private volatile State state = State.HANDSHAKE;
    private volatile boolean frozen;
    private volatile int serverVersion;
    private volatile Integer clientId;
    private volatile OutputStream out;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch closedLatch = new java.util.concurrent.CountDownLatch(1);

    SimSession(GatewaySimulator sim, Socket socket, long id, ModeChange admittedUnder) {
        this.sim = sim;
        this.socket = socket;
        this.id = id;
        this.admittedUnder = admittedUnder;
        this.remote = String.valueOf(socket.getRemoteSocketAddress());
    }

    SimStatus.Session snapshot() {
        return new SimStatus.Session(
                id, remote, clientId, serverVersion, frozen ? "FROZEN" : state.name(), connectedAt);
    }

    Integer clientId() {
        return clientId;
    }

    boolean apiStarted() {
        State s = state;
        return s == State.READY || s == State.NOT_AUTHENTICATED;
    }

    /** Called under the simulator's admission lock: from here on this session holds the client id. */
    void markStarting(int id) {
        if (!closing.get()) {
            clientId = id;
            state = State.READY;
        }
    }

    /** True when the session is (or becomes, within the wait) closed. */
    boolean awaitClosed(java.time.Duration wait) {
        try {
            return closedLatch.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return state == State.CLOSED;
        }
    }

    /** HALF_OPEN: keep the socket, never send another byte. */
    void freeze() {
        frozen = true;
    }

    @Override
    public void run() {
        Thread.currentThread().setName("sim-session-" + id);
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(millis(sim.config().handshakeTimeout().toMillis()));
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 8192));
            SimMode mode = admittedUnder.mode();
            if (mode == SimMode.API_NOT_READY
                    && Boolean.parseBoolean(admittedUnder.params().get(ModeParams.QUEUED))) {
                if (queue(in)) {
                    serve(in);
                }
                return;
            }
            if (mode == SimMode.API_NOT_READY || mode == SimMode.HALF_OPEN) {
                if (mode == SimMode.HALF_OPEN) {
                    frozen = true;
                }
                state = State.SILENT;
                drain(in);
                return;
            }
            if (!handshake(in, mode)) {
                return;
            }
            serve(in);
        } catch (SocketTimeoutException e) {
            log.info("session {} ({}): no bytes within the timeout in state {}; closing", id, remote, state);
        } catch (EOFException e) {
            log.debug("session {} ({}): peer closed in state {}", id, remote, state);
        } catch (TwsProtocolException | IllegalArgumentException e) {
            log.info("session {} ({}): bad client bytes in state {}: {}; closing", id, remote, state, e.getMessage());
        } catch (IOException e) {
            if (state != State.CLOSED) {
                log.debug("session {} ({}): I/O ended in state {}: {}", id, remote, state, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("session {} ({}): unexpected failure in state {}; closing", id, remote, state, e);
        } finally {
            close();
        }
    }

    /**
     * API_NOT_READY?queued=true: reads the client's greeting and keeps it, unanswered, until {@link #release} (or a
     * release that came while the greeting was still on its way). False when the session ended.
     */
    private boolean queue(DataInputStream in) throws IOException {
        VersionRange range = readGreeting(in);
        if (range == null) {
            return false;
        }
        synchronized (queueLock) {
            queuedRange = range;
            if (closing.get()) {
                return false;
            }
            if (releasedBy == null) {
                state = State.QUEUED;
                return true;
            }
            admittedUnder = releasedBy;
            return answerVersion(range);
        }
    }

    /** The mode turned to one that answers: a queued session gets its server version now, under that mode. */
    void release(ModeChange change) {
        synchronized (queueLock) {
            if (state == State.HANDSHAKE
                    && releasedBy == null
                    && admittedUnder.mode() == SimMode.API_NOT_READY
                    && Boolean.parseBoolean(admittedUnder.params().get(ModeParams.QUEUED))) {
                releasedBy = change; // the greeting is still being read: queue() answers it
                return;
            }
            if (state != State.QUEUED || frozen) {
                return;
            }
            admittedUnder = change;
            if (!answerVersion(queuedRange)) {
                close();
            }
        }
    }

    /** Negotiates and sends the server version; false (nothing sent) when the ranges do not meet. */
    private boolean answerVersion(VersionRange range) {
        int version = negotiate(range);
        if (version < 0) {
            return false;
        }
        serverVersion = version;
        state = State.VERSION_SENT;
        send(Frames.encodeFields(version, ZonedDateTime.now(sim.config().zone()).format(CONNECTION_TIME)));
        log.debug("session {} ({}): queued handshake answered with v{}", id, remote, version);
        return true;
    }

    /**
     * The server version for the client's range: the highest both speak; with none, the sim's own max when it
     * answers out-of-range clients, else -1 (logged: the session closes).
     */
    private int negotiate(VersionRange range) {
        SimConfig cfg = sim.config();
        int version = range.negotiate(cfg.minVersion(), cfg.maxVersion());
        if (version >= 0) {
            return version;
        }
        if (cfg.answerOutOfRange()) {
            return cfg.maxVersion();
        }
        log.info(
                "session {} ({}): client range v{}..{} outside v{}..{}; closing",
                id,
                remote,
                range.min(),
                range.max(),
                cfg.minVersion(),
                cfg.maxVersion());
        return -1;
    }

    /** Reads the API prefix and version range; null (session to end) for a client that is not a TWS API client. */
    private VersionRange readGreeting(DataInputStream in) throws IOException {
        byte[] prefix = in.readNBytes(4);
        if (prefix.length < 4) {
            throw new EOFException("peer closed before the API prefix");
        }
        if (!Arrays.equals(prefix, Frames.API_PREFIX)) {
            log.info(
                    "session {} ({}): not a TWS API client (first bytes {}); closing",
                    id,
                    remote,
                    Arrays.toString(prefix));
            return null;
        }
        return VersionRange.parse(Frames.readPayload(in));
    }

    /** Reads the API prefix and version range, answers the server version. False when the session ended. */
    private boolean handshake(DataInputStream in, SimMode mode) throws IOException, InterruptedException {
        VersionRange range = readGreeting(in);
        if (range == null) {
            return false;
        }
        int version = negotiate(range);
        if (version < 0) {
            return false;
        }
        serverVersion = version;
        if (mode == SimMode.SLOW_HANDSHAKE) {
            Thread.sleep(Long.parseLong(admittedUnder.params().get(ModeParams.DELAY_MS)));
        }
        if (mode == SimMode.GARBAGE
                && !"nonNumericNextId".equals(admittedUnder.params().get(ModeParams.VARIANT))) {
            String variant = admittedUnder.params().get(ModeParams.VARIANT);
            sendGarbage(variant);
            if (!"truncated".equals(variant)) {
                drain(in); // leave the verdict to the client: it must give up on these bytes by itself
            }
            return false;
        }
        String connectionTime = ZonedDateTime.now(sim.config().zone()).format(CONNECTION_TIME);
        send(Frames.encodeFields(version, connectionTime));
        state = State.VERSION_SENT;
        log.debug(
                "session {} ({}): negotiated v{} from client range v{}..{}",
                id,
                remote,
                version,
                range.min(),
                range.max());
        return true;
    }

    private void serve(DataInputStream in) throws IOException {
        while (state != State.CLOSED) {
            Message msg = Message.parse(Frames.readPayload(in));
            int msgId = msg.intField(0);
            if (frozen) {
                continue;
            }
            if (state == State.VERSION_SENT) {
                if (msgId == MessageIds.START_API) {
                    startApi(msg);
                }
                continue;
            }
            if (state == State.READY) {
                answer(msgId, msg);
            }
        }
    }

    private void startApi(Message msg) throws IOException {
        int requested = msg.intField(2);
        GatewaySimulator.Admission admission = sim.admit(this, requested, admittedUnder);
        switch (admission) {
            case DUPLICATE_326 -> {
                sim.counted326();
                log.info("session {} ({}): client id {} in use: error 326, closing", id, remote, requested);
                send(ErrorMessages.encode(
                        serverVersion,
                        ErrorMessages.NO_REQUEST,
                        ErrorMessages.CLIENT_ID_IN_USE,
                        ErrorMessages.text(ErrorMessages.CLIENT_ID_IN_USE),
                        "",
                        System.currentTimeMillis()));
                close();
            }
            case DUPLICATE_CLOSE -> {
                log.info("session {} ({}): client id {} in use: closing without a word", id, remote, requested);
                close();
            }
            case FULL -> {
                log.info(
                        "session {} ({}): {} API clients already connected; closing",
                        id,
                        remote,
                        sim.config().maxClients());
                close();
            }
            case NOT_AUTHENTICATED -> {
                clientId = requested;
                state = State.NOT_AUTHENTICATED;
                socket.setSoTimeout(millis(sim.config().idleTimeout().toMillis()));
            }
            case ADMITTED -> {
                clientId = requested;
                state = State.READY;
                socket.setSoTimeout(millis(sim.config().idleTimeout().toMillis()));
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                batch.writeBytes(Frames.encodeFields(
                        MessageIds.MANAGED_ACCOUNTS,
                        1,
                        String.join(",", sim.config().accounts())));
                boolean garbageId = admittedUnder.mode() == SimMode.GARBAGE;
                batch.writeBytes(Frames.encodeFields(
                        MessageIds.NEXT_VALID_ID, 1, garbageId ? "notAnOrderId" : Long.toString(sim.nextOrderId())));
                if (sim.config().farmNotices()) {
                    for (int code : new int[] {2104, 2106, 2158}) {
                        batch.writeBytes(error(code));
                    }
                }
                if (sim.mode() == SimMode.CONNECTIVITY_LOST) {
                    batch.writeBytes(error(ErrorMessages.CONNECTIVITY_LOST));
                }
                send(batch.toByteArray());
                log.debug("session {} ({}): API started for client id {}", id, remote, requested);
            }
        }
    }

    /** Answers the requests real clients make right after connecting, with the end markers they wait for. */
    private void answer(int msgId, Message msg) throws IOException {
        switch (msgId) {
            case MessageIds.REQ_CURRENT_TIME -> {
                boolean garbage = sim.mode() == SimMode.GARBAGE;
                send(Frames.encodeFields(
                        MessageIds.CURRENT_TIME,
                        1,
                        garbage ? "notATime" : Long.toString(Instant.now().getEpochSecond())));
            }
            case REQ_IDS -> send(Frames.encodeFields(MessageIds.NEXT_VALID_ID, 1, sim.nextOrderId()));
            case REQ_MANAGED_ACCOUNTS ->
                send(Frames.encodeFields(
                        MessageIds.MANAGED_ACCOUNTS,
                        1,
                        String.join(",", sim.config().accounts())));
            case REQ_POSITIONS,
                    REQ_OPEN_ORDERS,
                    REQ_ALL_OPEN_ORDERS,
                    REQ_EXECUTIONS,
                    MessageIds.PLACE_ORDER,
                    MessageIds.CANCEL_ORDER,
                    MessageIds.REQ_GLOBAL_CANCEL -> answerAccount(msgId, msg);
            case REQ_COMPLETED_ORDERS -> send(Frames.encodeFields(COMPLETED_ORDERS_END));
            case REQ_ACCOUNT_UPDATES -> {
                // 6,2,subscribe,account: the download ends at once (no positions, no values).
                if (msg.size() > 2 && isTrue(msg.text(2))) {
                    String account = msg.size() > 3 && !msg.text(3).isEmpty()
                            ? msg.text(3)
                            : sim.config().accounts().get(0);
                    send(Frames.encodeFields(ACCOUNT_DOWNLOAD_END, 1, account));
                }
            }
            case REQ_ACCOUNT_SUMMARY -> send(Frames.encodeFields(ACCOUNT_SUMMARY_END, 1, msg.intField(2)));
            case REQ_ACCOUNT_UPDATES_MULTI -> send(Frames.encodeFields(ACCOUNT_UPDATE_MULTI_END, 1, msg.intField(2)));
            default -> log.trace("session {}: ignoring message id {}", id, msgId);
        }
    }

    /** Account and order requests, answered from (and applied to) the simulator's {@link SimAccount}. */
    private void answerAccount(int msgId, Message msg) throws IOException {
        int version = serverVersion;
        if (version < AccountReports.MIN_VERSION) {
            switch (msgId) { // an old client: the end markers it waits for, nothing else
                case REQ_POSITIONS -> send(Frames.encodeFields(POSITION_END, 1));
                case REQ_OPEN_ORDERS, REQ_ALL_OPEN_ORDERS -> send(Frames.encodeFields(OPEN_ORDER_END, 1));
                case REQ_EXECUTIONS -> send(Frames.encodeFields(EXEC_DETAILS_END, 1, msg.intField(2)));
                default -> log.debug("session {}: order request {} at v{} ignored", id, msgId, version);
            }
            return;
        }
        SimAccount account = sim.account();
        int client = clientId == null ? 0 : clientId;
        switch (msgId) {
            case REQ_POSITIONS -> account.positionsReply(version).forEach(this::send);
            case REQ_OPEN_ORDERS ->
                account.openOrdersReply(client, false, version).forEach(this::send);
            case REQ_ALL_OPEN_ORDERS ->
                account.openOrdersReply(client, true, version).forEach(this::send);
            case REQ_EXECUTIONS ->
                account.executionsReply(AccountRequests.decodeReqExecutions(msg), version)
                        .forEach(this::send);
            case MessageIds.PLACE_ORDER ->
                reply(account.place(AccountRequests.decodePlaceOrder(msg, version), client, version));
            case MessageIds.CANCEL_ORDER ->
                reply(account.cancel(AccountRequests.decodeCancelOrder(msg, version), client, version));
            case MessageIds.REQ_GLOBAL_CANCEL -> reply(account.cancelAll(version));
            default -> log.trace("session {}: ignoring message id {}", id, msgId);
        }
    }

    /** A working order of this client filled (the price crossed its limit). */
    void sendFill(SimAccount.Fill fill) {
        int version = serverVersion;
        if (apiStarted() && version >= AccountReports.MIN_VERSION && version < MessageIds.MIN_VERSION_PROTOBUF) {
            send(AccountReports.encode(fill.order(), version));
            send(AccountReports.encode(fill.status(), version));
            send(AccountReports.encode(fill.execution(), version));
        }
    }

    private void reply(SimAccount.Outcome outcome) {
        if (outcome.errorCode() != 0) {
            send(ErrorMessages.encode(
                    serverVersion,
                    (int) outcome.requestId(),
                    outcome.errorCode(),
                    ErrorMessages.text(outcome.errorCode()),
                    "",
                    System.currentTimeMillis()));
            return;
        }
        outcome.frames().forEach(this::send);
    }

    private static boolean isTrue(String field) {
        return field.equals("1") || field.equalsIgnoreCase("true");
    }

    byte[] error(int code) {
        return ErrorMessages.encode(
                serverVersion,
                ErrorMessages.NO_REQUEST,
                code,
                ErrorMessages.text(code),
                "",
                System.currentTimeMillis());
    }

    /** Sends an error to an API session (1100, 1101, 1102, 2110); no-op before the API started. */
    void notifyError(int code) {
        if (apiStarted()) {
            send(error(code));
        }
    }

    /** Writes whole frames; nothing leaves a frozen or closed session. A failed write ends the session. */
    synchronized void send(byte[] bytes) {
        if (frozen || state == State.CLOSED || out == null) {
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            log.debug("session {} ({}): write failed: {}", id, remote, e.toString());
            close();
        }
    }

    private void sendGarbage(String variant) {
        byte[] bytes = switch (variant) {
            // A negative length (0xFFFFFFFF) where the server version frame should be.
            case "badLength" -> new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, '1', '7', '8', 0};
            // A length one past the 0xFFFFFF cap: a client must refuse it without allocating.
            case "oversized" -> new byte[] {0x01, 0x00, 0x00, 0x00, '1', '7', '8', 0};
            // Announces 100 bytes, delivers 6, then the socket closes.
            case "truncated" -> new byte[] {0, 0, 0, 100, '1', '7', '8', 0, '2', '0'};
            // A well-framed reply whose version is not a number.
            case "nonNumericVersion" -> Frames.encodeFields("v1x8", "20250425 15:23:54 EST");
            default -> throw new IllegalStateException("unknown garbage variant " + variant);
        };
        state = State.SILENT;
        send(bytes);
    }

    /** Reads and discards until the peer closes or stays quiet past the timeout. */
    private void drain(DataInputStream in) throws IOException {
        byte[] sink = new byte[4096];
        while (state != State.CLOSED && in.read(sink) >= 0) {
            // discard
        }
    }

    /** Idempotent; takes no lock a blocked write could hold, so DROP_ALL never waits on a stuck peer. */
    void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        state = State.CLOSED;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already gone
        }
        sim.unregister(this);
        closedLatch.countDown();
    }

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
