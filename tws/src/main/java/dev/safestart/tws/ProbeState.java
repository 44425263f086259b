package dev.safestart.tws;

/** Exactly one classification per probe of a gateway. */
public enum ProbeState {
    /** Connection refused: nothing listens on the port. */
    PORT_CLOSED,
    /** No route, unknown host or connect timeout. */
    UNREACHABLE,
    /**
     * TCP accepted, no server version within the handshake timeout (login, 2FA, dialog, forwarder with nothing behind).
     */
    API_NOT_READY,
    /** The peer closed the socket before the session was ready: often the client id is already in use. */
    CLOSED_BEFORE_READY,
    /** The gateway sent error 326. */
    CLIENT_ID_IN_USE,
    /** Handshake done, but no accounts or no next order id within the timeout. */
    NOT_AUTHENTICATED,
    /** The server chose a version outside the advertised range. */
    VERSION_UNSUPPORTED,
    /** Malformed bytes from the peer. */
    PROTOCOL_ERROR,
    /** Accounts, server version and next order id received. */
    READY;

    public boolean isReady() {
        return this == READY;
    }
}
