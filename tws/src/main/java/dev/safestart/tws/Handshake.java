package dev.safestart.tws;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the TWS API handshake over a pair of streams, up to READY or a classification.
 * Read timeouts come from the caller's stream (see {@link DeadlineInputStream}); this class never throws.
 */
final class Handshake {
    private static final Logger log = LoggerFactory.getLogger(Handshake.class);

    private enum Phase {
        SEND,
        AWAIT_VERSION,
        AWAIT_READY
    }

    private final ProbeRequest request;
    private final Instant startedAt;
    private final long startNanos;

    private Phase phase = Phase.SEND;
    private int serverVersion;
    private String connectionTime = "";
    private List<String> accounts;
    private Long nextOrderId;
    private TwsError lastError;
    private Runnable onVersion = () -> {};
    /** 1100, 2110 or 1300 seen during the handshake and not restored (1101/1102) since: the gateway is not ready. */
    private TwsError connectivityError;

    Handshake(ProbeRequest request, Instant startedAt, long startNanos) {
        this.request = request;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
    }

    /** Runs {@code callback} the moment the server version arrives (the gateway answers). */
    Handshake onVersion(Runnable callback) {
        this.onVersion = callback;
        return this;
    }

    /** The bytes a client sends first: {@code API\0} and the framed version range, in one buffer for one write. */
    static byte[] greeting(ProbeRequest request) {
        byte[] range = Frames.frame(request.versionRange().getBytes(StandardCharsets.US_ASCII));
        byte[] out = Arrays.copyOf(Frames.API_PREFIX, Frames.API_PREFIX.length + range.length);
        System.arraycopy(range, 0, out, Frames.API_PREFIX.length, range.length);
        return out;
    }

    /** Runs the handshake and returns exactly one classification. */
    ProbeResult run(InputStream in, OutputStream out) {
        try {
            out.write(greeting(request));
            out.flush();
            phase = Phase.AWAIT_VERSION;
            Message hello = Message.parse(Frames.readPayload(in));
            serverVersion = hello.intField(0);
            onVersion.run();
            connectionTime = hello.size() > 1 ? hello.text(1) : "";
            if (serverVersion < request.minVersion()
                    || serverVersion > request.maxVersion()
                    || serverVersion >= MessageIds.MIN_VERSION_PROTOBUF) {
                return result(
                        ProbeState.VERSION_UNSUPPORTED,
                        "server chose version " + serverVersion + " outside the advertised range "
                                + request.versionRange());
            }
            phase = Phase.AWAIT_READY;
            out.write(startApi(request.clientId(), serverVersion));
            out.flush();
            while (true) {
                ProbeResult outcome = handle(Message.parse(Frames.readPayload(in)));
                if (outcome != null) {
                    return outcome;
                }
            }
        } catch (SocketTimeoutException e) {
            return timedOut();
        } catch (TwsProtocolException e) {
            return result(ProbeState.PROTOCOL_ERROR, "malformed reply " + where() + ": " + e.getMessage());
        } catch (EOFException e) {
            return closed("peer closed the connection");
        } catch (IOException e) {
            return closed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // Defensive: no input may escape as an unchecked exception.
            log.debug("unexpected failure during handshake", e);
            return result(
                    ProbeState.PROTOCOL_ERROR,
                    "unexpected " + e.getClass().getSimpleName() + " " + where() + ": " + e.getMessage());
        }
    }

    /** startApi: {@code 71 | 2 | clientId | optionalCapabilities} (the last from server version 72). */
    static byte[] startApi(int clientId, int serverVersion) {
        return serverVersion >= MessageIds.MIN_VERSION_OPTIONAL_CAPABILITIES
                ? Frames.encodeFields(MessageIds.START_API, 2, clientId, "")
                : Frames.encodeFields(MessageIds.START_API, 2, clientId);
    }

    /** Splits a managed-accounts list, tolerating blanks and a trailing comma. */
    static List<String> parseAccounts(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(a -> !a.isEmpty())
                .toList();
    }

    private ProbeResult handle(Message message) throws TwsProtocolException {
        int id = message.intField(0);
        switch (id) {
            case MessageIds.NEXT_VALID_ID -> nextOrderId = message.longField(2);
            case MessageIds.MANAGED_ACCOUNTS -> accounts = parseAccounts(message.text(2));
            case MessageIds.ERROR -> {
                TwsError error = TwsError.decode(message, serverVersion);
                if (error.isClientIdInUse()) {
                    return result(
                            ProbeState.CLIENT_ID_IN_USE,
                            "client id " + request.clientId() + " already in use (error 326: " + error.message() + ")");
                }
                if (!error.isFarmNotice()) {
                    lastError = error;
                }
                if (error.code() == TwsError.CONNECTIVITY_LOST
                        || error.code() == TwsError.CONNECTION_BROKEN
                        || error.code() == TwsError.SOCKET_PORT_CHANGED) {
                    connectivityError = error;
                } else if (error.code() == TwsError.RESTORED_DATA_LOST || error.code() == TwsError.RESTORED_DATA_KEPT) {
                    connectivityError = null;
                }
                log.debug("during handshake: {}", error);
            }
            default -> log.debug("ignoring message id {} during handshake", id);
        }
        if (nextOrderId != null && accounts != null && !accounts.isEmpty() && connectivityError != null) {
            return result(
                    ProbeState.NOT_AUTHENTICATED,
                    "accounts " + accounts + " received, but the gateway reported " + connectivityError
                            + " during the handshake: not ready until it is restored");
        }
        if (nextOrderId != null && accounts != null && !accounts.isEmpty()) {
            return result(
                    ProbeState.READY,
                    "ready: server version " + serverVersion + ", accounts " + accounts + ", next order id "
                            + nextOrderId);
        }
        return null;
    }

    private ProbeResult timedOut() {
        long ms = request.handshakeTimeout().toMillis();
        if (phase != Phase.AWAIT_READY) {
            return result(
                    ProbeState.API_NOT_READY,
                    "TCP connection accepted but no server version within " + ms
                            + " ms: the gateway is still logging in or waiting for 2FA,"
                            + " shows an 'accept incoming connection' "
                            + "dialog, or a forwarder has nothing behind it");
        }
        StringBuilder missing = new StringBuilder();
        if (accounts == null) {
            missing.append("no managed accounts");
        } else if (accounts.isEmpty()) {
            missing.append("an empty managed-accounts list");
        }
        if (nextOrderId == null) {
            missing.append(missing.length() > 0 ? " and " : "").append("no next valid id");
        }
        return result(
                ProbeState.NOT_AUTHENTICATED,
                "server version " + serverVersion + " negotiated but " + missing
                        + " within " + ms + " ms: the gateway is not logged in"
                        + (lastError == null ? "" : " (last " + lastError + ")"));
    }

    private ProbeResult closed(String why) {
        // Before the server version the client id has not even been sent; name the likelier causes too.
        String alternatives = phase == Phase.AWAIT_READY
                ? ""
                : " Or the gateway speaks none of " + request.versionRange()
                        + ", or it does not accept API connections from this host.";
        return result(
                ProbeState.CLOSED_BEFORE_READY,
                why + " " + where() + ": client id " + request.clientId() + " already in use?" + alternatives
                        + (lastError == null ? "" : " (last " + lastError + ")"));
    }

    private String where() {
        return switch (phase) {
            case SEND -> "while sending the handshake";
            case AWAIT_VERSION -> "before the server version";
            case AWAIT_READY -> "after server version " + serverVersion + ", before ready";
        };
    }

    private ProbeResult result(ProbeState state, String detail) {
        boolean ready = state == ProbeState.READY;
        return ProbeResult.of(
                state,
                request,
                startedAt,
                startNanos,
                phase == Phase.AWAIT_READY || state == ProbeState.VERSION_UNSUPPORTED ? serverVersion : 0,
                connectionTime,
                ready ? accounts : List.of(),
                nextOrderId == null ? -1 : nextOrderId,
                detail);
    }
}
