package dev.safestart.sim;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a simulator starts. Build from {@link #defaults()} and the {@code with…} methods.
 *
 * @param bindAddress          address to listen on (tests: 127.0.0.1)
 * @param port                 API port; 0 picks an ephemeral port, kept across PORT_CLOSED/RESTART
 * @param controlPort          HTTP control API port; 0 ephemeral, -1 off
 * @param accounts             managed accounts sent after startApi (non-empty)
 * @param minVersion           lowest server version the sim speaks
 * @param maxVersion           highest server version the sim speaks (≤ 200: classic text protocol only)
 * @param firstOrderId         first next-valid-id handed out; later hand-outs increase
 * @param initialMode          mode at start
 * @param handshakeTimeout     how long a connection may take to send API prefix, version and startApi,
 *                             and how long a silent session (API_NOT_READY, HALF_OPEN) is kept without bytes
 * @param idleTimeout          close an API session that sends nothing for this long; zero = never (real gateways keep
 *                             idle clients)
 * @param maxClients           API clients per gateway session (a real gateway allows 32)
 * @param duplicateClientIds   what a startApi with a client id already connected gets, in every accepting mode
 * @param answerOutOfRange     a client whose range excludes every version the sim speaks: false = close (current
 *                             gateways), true = answer the sim's own max anyway (older gateways; the client must
 *                             refuse)
 * @param farmNotices          send the 2104/2106/2158 farm notices after the API start, as a real gateway does
 * @param zone                 time zone of the connection time in the handshake reply
 */
public record SimConfig(
        String bindAddress,
        int port,
        int controlPort,
        List<String> accounts,
        int minVersion,
        int maxVersion,
        long firstOrderId,
        SimMode initialMode,
        Duration handshakeTimeout,
        Duration idleTimeout,
        int maxClients,
        DuplicatePolicy duplicateClientIds,
        boolean answerOutOfRange,
        boolean farmNotices,
        ZoneId zone) {

    /** What the gateway does with a second startApi for a client id that is already connected. */
    public enum DuplicatePolicy {
        ERROR_326_THEN_CLOSE,
        CLOSE_ONLY,
        ALLOW
    }

    public static final int DEFAULT_MIN_VERSION = 100;
    public static final int DEFAULT_MAX_VERSION = 200;

    public SimConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 0..65535");
        }
        if (controlPort < -1 || controlPort > 65535) {
            throw new IllegalArgumentException(
                    "controlPort " + controlPort + " outside -1..65535 (-1 = off, 0 = ephemeral)");
        }
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        if (accounts.isEmpty()
                || accounts.stream().anyMatch(a -> a == null || a.isBlank() || a.contains(",") || a.contains("\0"))) {
            throw new IllegalArgumentException(
                    "accounts must be a non-empty list of account codes without commas: " + accounts);
        }
        if (minVersion < 1 || maxVersion < minVersion || maxVersion >= 201) {
            throw new IllegalArgumentException("version range " + minVersion + ".." + maxVersion
                    + " must satisfy 1 <= min <= max <= 200 (the sim speaks the classic text protocol only)");
        }
        if (firstOrderId < 0) {
            throw new IllegalArgumentException("firstOrderId must be >= 0");
        }
        if (initialMode == null || initialMode == SimMode.DROP_ALL || initialMode == SimMode.RESTART) {
            throw new IllegalArgumentException("initialMode must be a steady mode, not " + initialMode);
        }
        if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be zero (never) or positive");
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be >= 1");
        }
        if (duplicateClientIds == null) {
            throw new IllegalArgumentException("duplicateClientIds must be set");
        }
        if (zone == null) {
            throw new IllegalArgumentException("zone must be set");
        }
    }

    /** Loopback, ephemeral ports, control API off, one paper account DU1234567, versions 100..200, READY. */
    public static SimConfig defaults() {
        return new Fields().build();
    }

    public SimConfig withBindAddress(String value) {
        return with(c -> c.bindAddress = value);
    }

    public SimConfig withPort(int value) {
        return with(c -> c.port = value);
    }

    public SimConfig withControlPort(int value) {
        return with(c -> c.controlPort = value);
    }

    public SimConfig withAccounts(List<String> value) {
        return with(c -> c.accounts = value);
    }

    public SimConfig withVersions(int min, int max) {
        return with(c -> {
            c.minVersion = min;
            c.maxVersion = max;
        });
    }

    public SimConfig withFirstOrderId(long value) {
        return with(c -> c.firstOrderId = value);
    }

    public SimConfig withInitialMode(SimMode value) {
        return with(c -> c.initialMode = value);
    }

    public SimConfig withHandshakeTimeout(Duration value) {
        return with(c -> c.handshakeTimeout = value);
    }

    public SimConfig withIdleTimeout(Duration value) {
        return with(c -> c.idleTimeout = value);
    }

    public SimConfig withMaxClients(int value) {
        return with(c -> c.maxClients = value);
    }

    public SimConfig withDuplicateClientIds(DuplicatePolicy value) {
        return with(c -> c.duplicateClientIds = value);
    }

    public SimConfig withAnswerOutOfRange(boolean value) {
        return with(c -> c.answerOutOfRange = value);
    }

    public SimConfig withFarmNotices(boolean value) {
        return with(c -> c.farmNotices = value);
    }

    public SimConfig withZone(ZoneId value) {
        return with(c -> c.zone = value);
    }

    /** A copy with {@code change} applied; the record's checks run on the copy. */
    private SimConfig with(Consumer<Fields> change) {
        Fields fields = new Fields(this);
        change.accept(fields);
        return fields.build();
    }

    /** The components as mutable fields, starting at {@link #defaults()}: the one place that lists them in order. */
    private static final class Fields {
        String bindAddress = "127.0.0.1";
        int port = 0;
        int controlPort = -1;
        List<String> accounts = List.of("DU1234567");
        int minVersion = DEFAULT_MIN_VERSION;
        int maxVersion = DEFAULT_MAX_VERSION;
        long firstOrderId = 1;
        SimMode initialMode = SimMode.READY;
        Duration handshakeTimeout = Duration.ofSeconds(120);
        Duration idleTimeout = Duration.ZERO;
        int maxClients = 32;
        DuplicatePolicy duplicateClientIds = DuplicatePolicy.ERROR_326_THEN_CLOSE;
        boolean answerOutOfRange = false;
        boolean farmNotices = true;
        ZoneId zone = ZoneId.of("America/New_York");

        Fields() {}

        Fields(SimConfig c) {
            bindAddress = c.bindAddress;
            port = c.port;
            controlPort = c.controlPort;
            accounts = c.accounts;
            minVersion = c.minVersion;
            maxVersion = c.maxVersion;
            firstOrderId = c.firstOrderId;
            initialMode = c.initialMode;
            handshakeTimeout = c.handshakeTimeout;
            idleTimeout = c.idleTimeout;
            maxClients = c.maxClients;
            duplicateClientIds = c.duplicateClientIds;
            answerOutOfRange = c.answerOutOfRange;
            farmNotices = c.farmNotices;
            zone = c.zone;
        }

        SimConfig build() {
            return new SimConfig(
                    bindAddress,
                    port,
                    controlPort,
                    accounts,
                    minVersion,
                    maxVersion,
                    firstOrderId,
                    initialMode,
                    handshakeTimeout,
                    idleTimeout,
                    maxClients,
                    duplicateClientIds,
                    answerOutOfRange,
                    farmNotices,
                    zone);
        }
    }
}
