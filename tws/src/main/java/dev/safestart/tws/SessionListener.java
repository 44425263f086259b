package dev.safestart.tws;

/**
 * Receives what a {@link TwsSession} reads, synchronously on the session's reader thread (no queue hop), so a
 * listener can close an order gate before anything else happens. Keep listeners fast and non-blocking; an
 * exception thrown by a listener is logged and does not affect the session or other listeners.
 */
public interface SessionListener {
    /** Socket closed, 1100/1101/1102/2110/1300, or a protocol error. */
    default void onConnectionEvent(ConnectionEvent event) {}

    /** Every other error message (id 4), farm notices included (see {@link TwsError#isFarmNotice()}). */
    default void onError(TwsError error) {}

    /**
     * Position, openOrder, orderStatus, execDetails and their end markers, decoded (a message that does not decode
     * closes the session with a PROTOCOL_ERROR event instead).
     */
    default void onAccountReport(AccountReport report) {}

    /**
     * Messages the session does not handle itself (anything but errors, ids, accounts, current time and account
     * reports).
     */
    default void onMessage(Message message) {}
}
