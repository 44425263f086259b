package dev.safestart.tws;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe of a gateway's TWS API: connect, handshake, wait for READY, close. Tells "port open" from
 * "API ready and authenticated" and classifies every other outcome. A probe is not a session: the socket is
 * always closed at the end.
 */
public final class GatewayProbe {
    private static final Logger log = LoggerFactory.getLogger(GatewayProbe.class);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    /** Name resolution has no timeout of its own; it runs here so the probe can stop waiting for it. */
    private static final ExecutorService RESOLVER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tws-resolver");
        t.setDaemon(true);
        return t;
    });

    private GatewayProbe() {}

    /**
     * Probes once. Never throws: every outcome is a {@link ProbeResult}, delivered within
     * {@code connectTimeout + handshakeTimeout}.
     */
    public static ProbeResult probe(ProbeRequest request) {
        Established established = establish(request);
        established.closeQuietly();
        log.debug(
                "probe {}:{} client {} → {} in {} ms: {}",
                request.host(),
                request.port(),
                request.clientId(),
                established.result().state(),
                Math.round(established.result().latencyMs()),
                established.result().detail());
        return established.result();
    }

    /**
     * Runs the handshake over given streams, with no socket (the fuzz tests' in-memory path). Reads are bounded
     * only by what the stream does; an in-memory stream ends, so this never blocks.
     */
    static ProbeResult probe(ProbeRequest request, InputStream in, OutputStream out) {
        return new Handshake(request, Instant.now(), System.nanoTime()).run(in, out);
    }

    /** A finished handshake; for READY the socket stays open with its streams, for anything else it is closed. */
    record Established(
            ProbeResult result, Socket socket, InputStream in, DeadlineInputStream timing, OutputStream out) {
        void closeQuietly() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing is best effort
                }
            }
        }
    }

    /** Connects and handshakes; the caller owns the socket of a READY result. */
    static Established establish(ProbeRequest request) {
        return establish(request, new Socket(), () -> {}, () -> {});
    }

    /**
     * Connects the given (unconnected) socket and handshakes over it; {@code onConnected} runs the moment TCP is
     * accepted, {@code onVersion} when the server version arrives. Closing the socket from another thread ends the
     * probe at once (the readiness check's hedging).
     */
    static Established establish(ProbeRequest request, Socket socket, Runnable onConnected, Runnable onVersion) {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        long connectDeadline = start + request.connectTimeout().toNanos();
        try {
            InetAddress address = resolve(request.host(), connectDeadline);
            int connectMillis = remainingMillis(connectDeadline);
            if (connectMillis <= 0) {
                throw new SocketTimeoutException("connect timed out");
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, request.port()), connectMillis);
        } catch (Exception e) {
            closeQuietly(socket);
            return new Established(connectFailure(request, startedAt, start, e), null, null, null, null);
        }
        onConnected.run();
        long handshakeDeadline = System.nanoTime() + request.handshakeTimeout().toNanos();
        try {
            DeadlineInputStream timing = new DeadlineInputStream(socket.getInputStream(), socket::setSoTimeout);
            timing.setDeadline(handshakeDeadline);
            InputStream in = new BufferedInputStream(timing, 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
            ProbeResult result = new Handshake(request, startedAt, start)
                    .onVersion(onVersion)
                    .run(in, out);
            if (!result.isReady()) {
                closeQuietly(socket);
                return new Established(result, null, null, null, null);
            }
            return new Established(result, socket, in, timing, out);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            return new Established(
                    result(
                            request,
                            startedAt,
                            start,
                            ProbeState.CLOSED_BEFORE_READY,
                            "socket failed after connect (" + e.getMessage() + "): client id " + request.clientId()
                                    + " already in use?"),
                    null,
                    null,
                    null,
                    null);
        }
    }

    private static InetAddress resolve(String host, long deadline) throws Exception {
        if (IP_LITERAL.matcher(host).matches() || "localhost".equals(host)) {
            return InetAddress.getByName(host);
        }
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return InetAddress.getByName(host);
                    } catch (UnknownHostException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                },
                RESOLVER);
        try {
            return lookup.get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new SocketTimeoutException("name resolution of " + host + " timed out");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static ProbeResult connectFailure(ProbeRequest request, Instant startedAt, long start, Exception e) {
        String target = request.host() + ":" + request.port();
        if (e instanceof ConnectException
                && String.valueOf(e.getMessage()).toLowerCase().contains("refused")) {
            return result(
                    request,
                    startedAt,
                    start,
                    ProbeState.PORT_CLOSED,
                    "connection refused by " + target + ": nothing listens on the port");
        }
        String why;
        if (e instanceof UnknownHostException) {
            why = "unknown host " + request.host();
        } else if (e instanceof SocketTimeoutException
                && String.valueOf(e.getMessage()).contains("resolution")) {
            why = e.getMessage();
        } else if (e instanceof SocketTimeoutException) {
            why = "no TCP connection to " + target + " within "
                    + request.connectTimeout().toMillis() + " ms";
        } else {
            why = "cannot reach " + target + ": " + e.getClass().getSimpleName() + " " + e.getMessage();
        }
        return result(request, startedAt, start, ProbeState.UNREACHABLE, why);
    }

    private static ProbeResult result(
            ProbeRequest request, Instant startedAt, long start, ProbeState state, String detail) {
        return ProbeResult.unanswered(state, request, startedAt, start, detail);
    }

    private static int remainingMillis(long deadline) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
