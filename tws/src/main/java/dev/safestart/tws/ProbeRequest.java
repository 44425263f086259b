package dev.safestart.tws;

import java.time.Duration;
import java.util.Objects;

/**
 * What to probe and how long to wait. The whole probe is bounded by {@code connectTimeout + handshakeTimeout}:
 * the connect (name resolution included) gets {@code connectTimeout}, the API handshake up to READY gets
 * {@code handshakeTimeout} from the moment TCP is accepted.
 *
 * <p>The client advertises {@code v<minVersion>..<maxVersion>}. The max is capped at 200 so the whole session
 * stays in the classic text protocol (from 201 message ids become binary).
 */
public record ProbeRequest(
        String host,
        int port,
        int clientId,
        Duration connectTimeout,
        Duration handshakeTimeout,
        int minVersion,
        int maxVersion) {

    /** The lowest version that speaks the {@code API\0} + {@code v<min>..<max>} handshake. */
    public static final int LOWEST_VERSION = 100;
    /** The highest version of the classic text protocol. */
    public static final int HIGHEST_TEXT_VERSION = MessageIds.MIN_VERSION_PROTOBUF - 1;

    public static final int DEFAULT_MIN_VERSION = LOWEST_VERSION;
    public static final int DEFAULT_MAX_VERSION = HIGHEST_TEXT_VERSION;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public ProbeRequest {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 1..65535");
        }
        if (clientId < 0) {
            throw new IllegalArgumentException("client id " + clientId + " must be >= 0");
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || handshakeTimeout.isNegative()
                || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "timeouts must be positive (connect " + connectTimeout + ", handshake " + handshakeTimeout + ")");
        }
        if (connectTimeout.toMillis() > Integer.MAX_VALUE || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeouts must be below " + Integer.MAX_VALUE + " ms");
        }
        if (minVersion < LOWEST_VERSION || maxVersion > HIGHEST_TEXT_VERSION || minVersion > maxVersion) {
            throw new IllegalArgumentException("version range v" + minVersion + ".." + maxVersion + " must lie within "
                    + LOWEST_VERSION + ".." + HIGHEST_TEXT_VERSION + " with min <= max");
        }
    }

    /** A request with the default timeouts (5 s connect, 10 s handshake) and versions (v100..200). */
    public static ProbeRequest of(String host, int port, int clientId) {
        return new ProbeRequest(
                host,
                port,
                clientId,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_MIN_VERSION,
                DEFAULT_MAX_VERSION);
    }

    public ProbeRequest withTimeouts(Duration connect, Duration handshake) {
        return new ProbeRequest(host, port, clientId, connect, handshake, minVersion, maxVersion);
    }

    public ProbeRequest withVersions(int min, int max) {
        return new ProbeRequest(host, port, clientId, connectTimeout, handshakeTimeout, min, max);
    }

    public ProbeRequest withClientId(int id) {
        return new ProbeRequest(host, port, id, connectTimeout, handshakeTimeout, minVersion, maxVersion);
    }

    /** The text of the client's version message, e.g. {@code v100..200}. */
    public String versionRange() {
        return "v" + minVersion + ".." + maxVersion;
    }
}
