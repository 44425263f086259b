package dev.safestart.sim;

/**
 * The gateway states the simulator can play. Modes that only change how new connections are treated
 * (API_NOT_READY, NOT_AUTHENTICATED, SLOW_HANDSHAKE, CLIENT_ID_IN_USE, GARBAGE) leave sessions that are
 * already up alone; the others act on every open session the moment they are set.
 */
public enum SimMode {
    /** Authenticated gateway: full handshake, accounts, next valid id, answers requests. */
    READY,
    /** Nothing listens: the server socket is closed (and open sessions dropped, as with a stopped gateway). */
    PORT_CLOSED,
    /**
     * TCP accepted, then silence (login or 2FA in progress, a dialog, a forwarder with nothing behind). By default
     * such a socket is never answered (an accept-queue wedge); with {@code queued=true} it gets its handshake the
     * moment the mode turns to one that answers (READY, NOT_AUTHENTICATED, CLIENT_ID_IN_USE, CONNECTIVITY_LOST,
     * RESTORED), like a gateway finishing its login.
     */
    API_NOT_READY,
    /** Version handshake answered, startApi never answered: no accounts, no next valid id. */
    NOT_AUTHENTICATED,
    /** Like READY, but waits {@code delayMs} (default 2000) before sending the server version. */
    SLOW_HANDSHAKE,
    /**
     * Every startApi is treated as a duplicate client id: error 326 then close, or close only
     * ({@code variant=closeOnly}).
     */
    CLIENT_ID_IN_USE,
    /** Closes every open session, then behaves like READY. */
    DROP_ALL,
    /** Keeps every socket open and answers nothing more, on open sessions and new ones. */
    HALF_OPEN,
    /** Sends error 1100 to every API session; sockets stay up and keep answering. */
    CONNECTIVITY_LOST,
    /** Sends 1101 ({@code dataLost=true}) or 1102 to every API session, then behaves like READY. */
    RESTORED,
    /**
     * The nightly reset: optional 2110 ({@code notice=true}), drops all, refuses for {@code seconds}, comes back READY.
     */
    RESTART,
    /** Malformed frames ({@code variant=badLength|oversized|truncated|nonNumericVersion|nonNumericNextId}). */
    GARBAGE;

    /** Parses a mode name case-insensitively, with a message that lists the accepted names. */
    public static SimMode parse(String name) {
        if (name != null) {
            for (SimMode mode : values()) {
                if (mode.name().equalsIgnoreCase(name.trim())) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown mode '" + name + "'; accepted: " + java.util.Arrays.toString(values()));
    }
}
