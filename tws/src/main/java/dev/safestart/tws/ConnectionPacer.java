package dev.safestart.tws;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the readiness check's spacing of new connections from one check to the next in this process. Each {@link
 * ReadinessCheck} spaces its own connections; without this, the first connection of the next check (the attempt after
 * a backoff's watch, validateAuth after its quick look, the TCP check before either) could follow the last one of the
 * previous check within milliseconds, so a gateway that is open but silent would see more than two new connections a
 * second around each hand-over.
 *
 * <p>It remembers, per gateway (host and port), when a connection was last accepted and whether the last check ended
 * with the API silent. Only then does the next check wait: a gateway last seen ready, refused or answering is not
 * paced across checks.
 */
public final class ConnectionPacer {
    private static final ConnectionPacer SHARED = new ConnectionPacer();

    private record Seen(long lastConnectNanos, boolean silent) {}

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
                new Seen(nanos, false),
                (old, now) -> new Seen(Math.max(old.lastConnectNanos(), nanos), old.silent()));
    }

    /** How a check ended: {@code silent} when the API stayed silent (accepted, never answered), else false. */
    public void verdict(String host, int port, boolean silent) {
        targets.compute(
                key(host, port),
                (k, old) -> old == null
                        ? (silent ? new Seen(Long.MIN_VALUE, true) : null)
                        : new Seen(old.lastConnectNanos(), silent));
    }

    /**
     * When the last connection to the gateway was accepted, if the last check found its API silent (the next check
     * keeps {@link ReadinessCheck#CONNECT_SPACING} from it); empty otherwise.
     */
    public OptionalLong lastSilentConnect(String host, int port) {
        Seen seen = targets.get(key(host, port));
        return seen == null || !seen.silent() || seen.lastConnectNanos() == Long.MIN_VALUE
                ? OptionalLong.empty()
                : OptionalLong.of(seen.lastConnectNanos());
    }
}
