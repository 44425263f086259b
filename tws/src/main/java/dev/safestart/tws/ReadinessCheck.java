package dev.safestart.tws;

import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 *   <li>while the port refuses, only TCP connects every {@link #REFUSED_POLL} (a watch; one attempt returns
 *       PORT_CLOSED at once): a refused connect sends nothing;</li>
 *   <li>while the port is open but silent, at most one new connection per {@link #CONNECT_SPACING} (two a second),
 *       also from one check to the next in this process ({@link ConnectionPacer});</li>
 *   <li>client ids: {@code probeClientId} for the long handshake, {@code +1} and {@code +2} for hedges
 *       ({@link #probeClientIds}), never two open sockets with one id. A silent socket never sent its id; an id
 *       that did reach the gateway (startApi sent) is reused only {@link #AFTER_VERDICT_PAUSE} after its socket
 *       closed, so the gateway has released it and no 326 is caused. The caller refuses a CLIENT_ID among them
 *       ({@link #collides}).</li>
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

    private static final ConnectionPacer PACER = ConnectionPacer.shared();

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
            throw new IllegalArgumentException(
                    "probe client id " + base.clientId() + " leaves no room for " + (PROBE_IDS - 1) + " derived ids");
        }
        this.base = base;
        this.budget = budget;
        this.untilReady = untilReady;
        this.progress = progress == null ? s -> {} : progress;
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
                GatewayProbe.Established e = GatewayProbe.establish(
                        request,
                        socket,
                        () -> {
                            connected = true;
                            PACER.connected(request.host(), request.port(), System.nanoTime());
                        },
                        () -> answered = true);
                e.closeQuietly();
                result = e.result();
            } catch (RuntimeException e) {
                result = new ProbeResult(
                        ProbeState.PROTOCOL_ERROR,
                        request.host(),
                        request.port(),
                        clientId,
                        Instant.now(),
                        0,
                        0,
                        "",
                        List.of(),
                        -1,
                        "unexpected " + e);
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
        return new Run().go();
    }

    /** The state of one run of the check; used by one thread only (the connections report through a queue). */
    private final class Run {
        final long start = System.nanoTime();
        final long deadline = start + budget.toNanos();
        final List<Integer> ids = probeClientIds(base.clientId());
        final BlockingQueue<Conn> done = new LinkedBlockingQueue<>();
        final List<Conn> live = new ArrayList<>();
        final List<Long> recentCloses = new ArrayList<>();
        /** When each probe id may be used again (after its startApi was sent on a socket we closed). */
        final Map<Integer, Long> idFreeAt = new HashMap<>();

        int connections;
        int refused;
        int hedges;
        int peakOpen;
        boolean portOpen;
        long lastConnect = start - TimeUnit.HOURS.toNanos(1);
        long pauseUntil = start;
        ProbeResult last;
        Conn lastLong;
        Conn winner;
        ProbeResult verdict;

        ReadinessResult go() {
            // The gateway was not READY at the end of the last check (silent, refused, answering but not logged in):
            // keep the spacing from its last accepted connection, as if this check had been running all along.
            PACER.pacedFrom(base.host(), base.port()).ifPresent(at -> {
                lastConnect = at;
                portOpen = true;
            });
            try {
                while (winner == null && verdict == null) {
                    progress.onTick(last == null ? ProbeState.API_NOT_READY : last.state());
                    harvest(0);
                    if (winner != null || verdict != null) {
                        break;
                    }
                    long now = System.nanoTime();
                    if (now - deadline >= 0) {
                        // The long handshake's own timeout ends it about now: take its verdict rather than guess.
                        long graceUntil = now + TimeUnit.MILLISECONDS.toNanos(300);
                        while (winner == null
                                && lastLong != null
                                && live.contains(lastLong)
                                && System.nanoTime() - graceUntil < 0) {
                            harvest(Math.max(1, graceUntil - System.nanoTime()));
                        }
                        break;
                    }
                    maybeConnect(now);
                    harvest(Math.min(50_000_000L, Math.max(1_000_000L, deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeAll();
            }
            if (winner == null) {
                // The next check (the attempt after a watch, a second look) must not meet sockets the gateway has not
                // yet seen go: it too would count them against the three.
                settle();
            }
            ProbeResult result = winner != null ? winner.result : verdict != null ? verdict : timedOut();
            PACER.verdict(base.host(), base.port(), result.state());
            Instant readyAt = winner == null ? null : result.startedAt().plusNanos((long) (result.latencyMs() * 1e6));
            ReadinessResult out = new ReadinessResult(
                    result,
                    readyAt,
                    connections,
                    refused,
                    hedges,
                    peakOpen,
                    winner != null && winner.hedge,
                    (System.nanoTime() - start) / 1e6);
            log.debug("readiness {}:{} → {}", base.host(), base.port(), out.detail());
            return out;
        }

        void settle() {
            long lastClose =
                    recentCloses.stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
            long waitNanos = lastClose == Long.MIN_VALUE ? 0 : lastClose + CLOSE_SLACK.toNanos() - System.nanoTime();
            if (waitNanos > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Takes in finished connections, waiting up to {@code waitNanos} for the first. */
        void harvest(long waitNanos) throws InterruptedException {
            Conn c = waitNanos > 0 ? done.poll(waitNanos, TimeUnit.NANOSECONDS) : done.poll();
            for (; c != null; c = done.poll()) {
                took(c);
            }
        }

        void took(Conn c) {
            if (!live.remove(c)) {
                return;
            }
            long now = System.nanoTime();
            recentCloses.add(now);
            if (c.answered) {
                // Its startApi may have reached the gateway: give the gateway time to see the close.
                idFreeAt.put(c.clientId, now + AFTER_VERDICT_PAUSE.toNanos());
            }
            if (c.connected) {
                connections++;
                portOpen = true;
                if (c.hedge) {
                    hedges++;
                }
            }
            ProbeResult r = c.result;
            if (winner != null || verdict != null) {
                return;
            }
            if (r.isReady()) {
                winner = c; // also a hedge whose READY came just before its lifetime ran out
                return;
            }
            if (c.cancelled) {
                return;
            }
            switch (r.state()) {
                case PORT_CLOSED, UNREACHABLE -> {
                    if (r.state() == ProbeState.PORT_CLOSED) {
                        refused++;
                    }
                    portOpen = false;
                    if (!untilReady && !c.hedge) {
                        verdict = r; // one attempt: a refused or unreachable port is its answer, at once
                        return;
                    }
                }
                case API_NOT_READY -> {}
                default -> {
                    // The gateway answered, and not READY: the verdict of an attempt, or a pause for a watch.
                    if (!untilReady) {
                        verdict = r;
                        return;
                    }
                    pauseUntil = now + AFTER_VERDICT_PAUSE.toNanos();
                }
            }
            if (!c.hedge || last == null || last.state() == ProbeState.API_NOT_READY) {
                last = r;
            }
        }

        /** Closes silent-too-long hedges, then opens the long handshake or a hedge if the rules allow. */
        void maybeConnect(long now) {
            for (Conn c : live) {
                if (c.hedge && !c.cancelled && now - c.openedNanos >= HEDGE_LIFETIME.toNanos()) {
                    c.cancel();
                }
            }
            recentCloses.removeIf(at -> now - at >= CLOSE_SLACK.toNanos());
            // Open is what the last finished connection said, or any live one that got through: then two a second.
            boolean open = portOpen || live.stream().anyMatch(c -> c.connected);
            long gap = open ? CONNECT_SPACING.toNanos() : REFUSED_POLL.toNanos();
            boolean mayConnect =
                    live.size() + recentCloses.size() < MAX_OPEN && now - lastConnect >= gap && now - pauseUntil >= 0;
            if (!mayConnect) {
                return;
            }
            Conn longOne = live.stream()
                    .filter(c -> !c.hedge && !c.cancelled)
                    .findFirst()
                    .orElse(null);
            long leftMs = Math.max(1, (deadline - now) / 1_000_000);
            Duration handshake =
                    Duration.ofMillis(Math.min(leftMs, base.handshakeTimeout().toMillis()));
            if (longOne == null) {
                if (free(ids.get(0), now)) {
                    lastLong = open(false, ids.get(0), handshake, now);
                }
            } else if (longOne.connected) {
                // The long handshake waits (silent, or answered but not READY): hedge beside it.
                ids.stream()
                        .skip(1)
                        .filter(i -> free(i, now))
                        .findFirst()
                        .ifPresent(id -> open(true, id, handshake, now));
            }
        }

        boolean free(int id, long now) {
            return live.stream().noneMatch(c -> c.clientId == id) && now - idFreeAt.getOrDefault(id, now) >= 0;
        }

        Conn open(boolean hedge, int id, Duration handshake, long now) {
            Conn c = new Conn(hedge, id, handshake, done);
            live.add(c);
            lastConnect = now;
            peakOpen = Math.max(peakOpen, live.size());
            THREADS.execute(c);
            return c;
        }

        /** The budget ran out: the long handshake's view at that moment, or the last classification. */
        ProbeResult timedOut() {
            boolean silentAtEnd = lastLong != null && lastLong.cancelled && lastLong.connected && !lastLong.answered;
            if (!silentAtEnd && last != null) {
                return last;
            }
            long ms = budget.toMillis();
            Instant startedAt = Instant.now().minusNanos(System.nanoTime() - start);
            boolean open = silentAtEnd || connections > 0;
            String detail = open
                    ? "TCP connection accepted but no server version within " + ms + " ms: the gateway is still"
                            + " logging in or waiting for 2FA, shows an 'accept incoming connection' dialog, or a"
                            + " forwarder has nothing behind it"
                    : "no TCP connection to " + base.host() + ":" + base.port() + " within " + ms + " ms";
            return ProbeResult.unanswered(
                    open ? ProbeState.API_NOT_READY : ProbeState.UNREACHABLE, base, startedAt, start, detail);
        }

        /** Closes every live socket and waits (bounded) for its thread, so none is left open on return. */
        void closeAll() {
            for (Conn c : live) {
                c.cancel();
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!live.isEmpty() && System.nanoTime() - until < 0) {
                try {
                    Conn c = done.poll(50, TimeUnit.MILLISECONDS);
                    if (c != null) {
                        took(c);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
