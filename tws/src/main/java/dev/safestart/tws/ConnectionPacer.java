package dev.safestart.tws;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the readiness check's spacing of new connections from one check to the next in this process. Each {@link
 * ReadinessCheck} spaces its own connections; without this, the first connection of the next check (the attempt after
 * a backoff's watch, validateAuth after its quick look or after the TCP check) could follow the last one within
 * milliseconds, so a gateway that is open but silent would see more than two new connections a second around each
 * hand-over.
 *
 * <p>It remembers, per gateway (host and port), when a connection was last accepted and how the last check ended. The
 * next check keeps {@link ReadinessCheck#CONNECT_SPACING} from that connection unless the gateway was last seen READY
 * (or never checked): a warm start is not slowed, a gateway that is coming up is not flooded.
 */
public final class ConnectionPacer {
    private static final ConnectionPacer SHARED = new ConnectionPacer();

    private enum Verdict {
        NONE,
        READY,
        SILENT,
        OTHER
    }

    private record Seen(long lastConnectNanos, Verdict verdict) {}

    private final ConcurrentHashMap<String, Seen> targets = new ConcurrentHashMap<>();

    /** The one pacer of this process: every readiness check and TCP check of a worker goes through it. */
    public static ConnectionPacer shared() {
        return SHARED;
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }

    /** A connection to the gateway was accepted (TCP) at {@code nanos} ({@link System#nanoTime()}). */
    public void connected(String host, int port, long nanos) {
        targets.merge(
                key(host, port),
                new Seen(nanos, Verdict.NONE),
                (old, now) -> new Seen(Math.max(old.lastConnectNanos(), nanos), old.verdict()));
    }

    /** How a check ended (its classification). */
    public void verdict(String host, int port, ProbeState state) {
        Verdict v = state == ProbeState.READY
                ? Verdict.READY
                : state == ProbeState.API_NOT_READY ? Verdict.SILENT : Verdict.OTHER;
        targets.compute(
                key(host, port), (k, old) -> new Seen(old == null ? Long.MIN_VALUE : old.lastConnectNanos(), v));
    }

    /**
     * When the last connection to the gateway was accepted, unless it was last seen READY or never checked: the next
     * check's first connection keeps {@link ReadinessCheck#CONNECT_SPACING} from it.
     */
    public OptionalLong pacedFrom(String host, int port) {
        Seen seen = targets.get(key(host, port));
        return seen == null
                        || seen.lastConnectNanos() == Long.MIN_VALUE
                        || seen.verdict() == Verdict.READY
                        || seen.verdict() == Verdict.NONE
                ? OptionalLong.empty()
                : OptionalLong.of(seen.lastConnectNanos());
    }

    /** When the last connection was accepted, if the last check found the API silent (accepted, never answered). */
    public OptionalLong lastSilentConnect(String host, int port) {
        Seen seen = targets.get(key(host, port));
        return seen == null || seen.verdict() != Verdict.SILENT || seen.lastConnectNanos() == Long.MIN_VALUE
                ? OptionalLong.empty()
                : OptionalLong.of(seen.lastConnectNanos());
    }
}
