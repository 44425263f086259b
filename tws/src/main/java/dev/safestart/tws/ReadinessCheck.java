package dev.safestart.tws;

import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one readiness check of a gateway's TWS API, fast whether a silent gateway later answers the sockets it
 * accepted (a queued login) or never does (an accept-queue wedge), and gentle on it.
 *
 * <p>How it works: a <em>long</em> handshake with the probe client id waits up to the handshake timeout, so a
 * queued answer is taken the moment it comes. While it waits on a silent API, short <em>hedges</em> (fresh
 * connections with the two derived ids) are opened beside it; a hedge that stays silent is closed and replaced, so a
 * wedged gateway that turned ready is seen on the next hedge. The first READY wins and every other socket is closed.
 *
 * <p>Politeness, enforced here:
 * <ul>
 *   <li>at most {@link #MAX_OPEN} probe sockets open at once (a socket closed less than {@link #CLOSE_SLACK} ago
 *       still counts, so the gateway has seen it go before the next one arrives);</li>
 *   <li>while the port refuses, only TCP connects every {@link #REFUSED_POLL}: a refused connect sends nothing;</li>
 *   <li>while the port is open but silent, at most one new connection per {@link #CONNECT_SPACING} (two a second);</li>
 *   <li>once any socket got a server version the gateway is answering: no more hedges, its verdict is awaited;</li>
 *   <li>client ids: {@code probeClientId} for the long handshake, {@code +1} and {@code +2} for hedges
 *       ({@link #probeClientIds}); a hedge is closed only while it has had no server version, so its id was never
 *       sent and can be reused without a 326. The caller refuses a CLIENT_ID among them ({@link #collides}).</li>
 * </ul>
 * Never throws for a gateway-side problem; every socket is closed before {@link #run} returns.
 */
public final class ReadinessCheck {
    private static final Logger log = LoggerFactory.getLogger(ReadinessCheck.class);

    /** Most probe sockets open at once: the long handshake and two hedges. */
    public static final int MAX_OPEN = 3;
    /** How many probe client ids the check uses: {@code probeClientId}, {@code +1}, {@code +2}. */
    public static final int PROBE_IDS = 3;
    /** Least time between two new connections while the port is open: at most two per second. */
    public static final Duration CONNECT_SPACING = Duration.ofMillis(500);
    /** Time between TCP connects while the port refuses. */
    public static final Duration REFUSED_POLL = Duration.ofMillis(250);
    /** A hedge with no server version after this long is closed (and replaced after the spacing). */
    public static final Duration HEDGE_LIFETIME = Duration.ofMillis(900);
    /** A socket closed this recently still counts as open. */
    public static final Duration CLOSE_SLACK = Duration.ofMillis(100);
    /** After a definitive non-READY answer (326, closed, not authenticated): let the gateway release the id. */
    public static final Duration AFTER_VERDICT_PAUSE = Duration.ofMillis(500);

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tws-readiness");
        t.setDaemon(true);
        return t;
    });

    /** Called on every turn of the check's loop (≤ 100 ms apart); may throw to abandon the check (cancellation). */
    @FunctionalInterface
    public interface Progress {
        void onTick(ProbeState lastSeen);
    }

    private final ProbeRequest base;
    private final Duration budget;
    private final boolean untilReady;
    private final Progress progress;

    /**
     * @param base       host, port, the probe client id, connect and handshake timeouts (the handshake timeout bounds
     *                   each single handshake: GATEWAY_HANDSHAKE_TIMEOUT)
     * @param budget     how long the whole check may take
     * @param untilReady true: keep looking until READY or the budget (a watch, {@code probe --wait}); false: also
     *                   stop at the first definitive non-READY answer (one startup attempt)
     */
    public ReadinessCheck(ProbeRequest base, Duration budget, boolean untilReady, Progress progress) {
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be positive");
        }
        if ((long) base.clientId() + PROBE_IDS - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("probe client id " + base.clientId() + " leaves no room for "
                    + (PROBE_IDS - 1) + " derived ids");
        }
        this.base = base;
        this.budget = budget;
        this.untilReady = untilReady;
        this.progress = progress == null ? s -> { } : progress;
    }

    /** One attempt's check: until READY, a definitive answer, or the handshake timeout. */
    public static ReadinessResult attempt(ProbeRequest base) {
        return new ReadinessCheck(base, base.handshakeTimeout(), false, null).run();
    }

    /** The probe client ids the check uses, in order: the long handshake's, then the hedges'. */
    public static List<Integer> probeClientIds(int probeClientId) {
        List<Integer> ids = new ArrayList<>(PROBE_IDS);
        for (int i = 0; i < PROBE_IDS; i++) {
            ids.add(probeClientId + i);
        }
        return ids;
    }

    /** True when the trading client id is one of the probe ids (a configuration to refuse). */
    public static boolean collides(int probeClientId, int clientId) {
        return clientId >= probeClientId && (long) clientId < (long) probeClientId + PROBE_IDS;
    }

    /** One connection of the check. */
    private final class Conn implements Runnable {
        final boolean hedge;
        final int clientId;
        final ProbeRequest request;
        final Socket socket = new Socket();
        final BlockingQueue<Conn> done;
        final long openedNanos = System.nanoTime();
        volatile boolean connected;
        volatile boolean answered;
        volatile boolean cancelled;
        volatile ProbeResult result;

        Conn(boolean hedge, int clientId, Duration handshake, BlockingQueue<Conn> done) {
            this.hedge = hedge;
            this.clientId = clientId;
            this.request = base.withClientId(clientId).withTimeouts(base.connectTimeout(), handshake);
            this.done = done;
        }

        @Override
        public void run() {
            try {
                GatewayProbe.Established e = GatewayProbe.establish(request, socket, () -> connected = true,
                        () -> answered = true);
                e.closeQuietly();
                result = e.result();
            } catch (RuntimeException e) {
                result = new ProbeResult(ProbeState.PROTOCOL_ERROR, request.host(), request.port(), clientId,
                        Instant.now(), 0, 0, "", List.of(), -1, "unexpected " + e);
            } finally {
                close();
                done.add(this);
            }
        }

        void cancel() {
            cancelled = true;
            close();
        }

        private void close() {
            try {
                socket.close();
            } catch (java.io.IOException ignored) {
                // best effort
            }
        }
    }

    /** Runs the check. Throws only what {@link Progress#onTick} throws, after every socket is closed. */
    public ReadinessResult run() {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        long spacing = CONNECT_SPACING.toNanos();
        long refusedPoll = REFUSED_POLL.toNanos();
        long lifetime = HEDGE_LIFETIME.toNanos();
        long slack = CLOSE_SLACK.toNanos();
        List<Integer> ids = probeClientIds(base.clientId());
        BlockingQueue<Conn> done = new LinkedBlockingQueue<>();
        List<Conn> live = new ArrayList<>();
        List<Long> recentCloses = new ArrayList<>();
        int connections = 0;
        int refused = 0;
        int hedges = 0;
        int peakOpen = 0;
        boolean portOpen = false;
        long lastConnect = Long.MIN_VALUE / 2;
        long pauseUntil = start;
        ProbeResult last = null;
        Conn lastLong = null;
        try {
            while (true) {
                progress.onTick(last == null ? ProbeState.API_NOT_READY : last.state());
                long now = System.nanoTime();
                // 1. harvest finished connections
                for (Conn c = done.poll(); c != null; c = done.poll()) {
                    live.remove(c);
                    recentCloses.add(System.nanoTime());
                    if (c.connected) {
                        connections++;
                        portOpen = true;
                        if (c.hedge) {
                            hedges++;
                        }
                    }
                    if (c.cancelled) {
                        continue;
                    }
                    ProbeResult r = c.result;
                    if (r.isReady()) {
                        Instant readyAt = r.startedAt().plusNanos((long) (r.latencyMs() * 1e6));
                        return finish(r, readyAt, connections, refused, hedges, peakOpen, c.hedge, start, live, done);
                    }
                    switch (r.state()) {
                        case PORT_CLOSED -> {
                            refused++;
                            portOpen = false;
                        }
                        case UNREACHABLE -> portOpen = false;
                        case API_NOT_READY -> { }
                        default -> {
                            // The gateway answered, and not READY: the verdict of an attempt, or a pause for a watch.
                            if (!untilReady) {
                                return finish(r, null, connections, refused, hedges, peakOpen, c.hedge, start, live, done);
                            }
                            pauseUntil = System.nanoTime() + AFTER_VERDICT_PAUSE.toNanos();
                        }
                    }
                    if (!c.hedge || last == null || last.state() == ProbeState.API_NOT_READY) {
                        last = r;
                    }
                }
                now = System.nanoTime();
                if (now - deadline >= 0) {
                    break;
                }
                // 2. close hedges that stayed silent too long
                for (Conn c : live) {
                    if (c.hedge && !c.answered && !c.cancelled && now - c.openedNanos >= lifetime) {
                        c.cancel();
                    }
                }
                final long t = now;
                recentCloses.removeIf(at -> t - at >= slack);
                long open = live.size() + recentCloses.size();
                boolean answering = live.stream().anyMatch(c -> c.answered && !c.cancelled);
                Conn longOne = live.stream().filter(c -> !c.hedge && !c.cancelled).findFirst().orElse(null);
                long wait = portOpen ? spacing : refusedPoll;
                boolean mayConnect = open < MAX_OPEN && now - lastConnect >= wait && now - pauseUntil >= 0
                        && !answering;
                // 3. open the long handshake, or a hedge beside a long one that waits on a silent API
                if (mayConnect && longOne == null) {
                    long leftMs = Math.max(1, (deadline - now) / 1_000_000);
                    Duration handshake = base.handshakeTimeout().toMillis() < leftMs ? base.handshakeTimeout()
                            : Duration.ofMillis(leftMs);
                    Conn c = new Conn(false, ids.get(0), handshake, done);
                    live.add(c);
                    lastLong = c;
                    lastConnect = now;
                    THREADS.execute(c);
                } else if (mayConnect && longOne != null && longOne.connected && !longOne.answered) {
                    int id = ids.stream().skip(1).filter(i -> live.stream().noneMatch(c -> c.clientId == i))
                            .findFirst().orElse(-1);
                    if (id >= 0) {
                        long leftMs = Math.max(1, (deadline - now) / 1_000_000);
                        Duration handshake = Duration.ofMillis(Math.min(leftMs, base.handshakeTimeout().toMillis()));
                        Conn c = new Conn(true, id, handshake, done);
                        live.add(c);
                        lastConnect = now;
                        THREADS.execute(c);
                    }
                }
                peakOpen = Math.max(peakOpen, (int) live.stream().filter(c -> !c.cancelled).count());
                // 4. sleep until something finishes or the next decision is due
                long nap = Math.min(100_000_000L, Math.max(1_000_000L, deadline - System.nanoTime()));
                Conn finished = done.poll(Math.min(nap, 50_000_000L), TimeUnit.NANOSECONDS);
                if (finished != null) {
                    done.add(finished);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            closeAll(live, done);
            throw e;
        }
        return finish(timedOut(last, lastLong, live, start), null, connections, refused, hedges, peakOpen, false, start,
                live, done);
    }

    /** The budget ran out: the long handshake's view (silent, or still connecting) or the last classification. */
    private ProbeResult timedOut(ProbeResult last, Conn lastLong, List<Conn> live, long start) {
        boolean silentOpen = live.stream().anyMatch(c -> c.connected && !c.answered);
        if (silentOpen || last == null) {
            long ms = budget.toMillis();
            Instant startedAt = Instant.now().minusNanos(System.nanoTime() - start);
            ProbeState state = silentOpen ? ProbeState.API_NOT_READY : ProbeState.UNREACHABLE;
            String detail = silentOpen
                    ? "TCP connection accepted but no server version within " + ms + " ms: the gateway is still logging"
                            + " in or waiting for 2FA, shows an 'accept incoming connection' dialog, or a forwarder has"
                            + " nothing behind it"
                    : "no answer from " + base.host() + ":" + base.port() + " within " + ms + " ms";
            return new ProbeResult(state, base.host(), base.port(), base.clientId(), startedAt,
                    (System.nanoTime() - start) / 1e6, 0, "", List.of(), -1, detail);
        }
        return last;
    }

    private ReadinessResult finish(ProbeResult result, Instant readyAt, int connections, int refused, int hedges,
            int peakOpen, boolean wonByHedge, long start, List<Conn> live, BlockingQueue<Conn> done) {
        int[] counted = closeAll(live, done);
        ReadinessResult out = new ReadinessResult(result, readyAt, connections + counted[0], refused, hedges + counted[1],
                peakOpen, wonByHedge && result.isReady(), (System.nanoTime() - start) / 1e6);
        log.debug("readiness {}:{} → {}", base.host(), base.port(), out.detail());
        return out;
    }

    /** Closes every live socket and waits (bounded) for its thread; returns {connections, hedges} it had accepted. */
    private static int[] closeAll(List<Conn> live, BlockingQueue<Conn> done) {
        int[] counted = new int[2];
        for (Conn c : live) {
            c.cancel();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        AtomicInteger left = new AtomicInteger(live.size());
        while (left.get() > 0 && System.nanoTime() - until < 0) {
            try {
                Conn c = done.poll(50, TimeUnit.MILLISECONDS);
                if (c != null && live.remove(c)) {
                    left.decrementAndGet();
                    if (c.connected) {
                        counted[0]++;
                        if (c.hedge) {
                            counted[1]++;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return counted;
    }
}
