package dev.safestart.tws;

import java.time.Instant;
import java.util.Optional;

/**
 * Something happened to the connection between the session and the gateway (or between the gateway and IB).
 * Delivered to {@link SessionListener}s synchronously, on the thread that noticed it, the moment it is read.
 *
 * @param code the TWS error code that carried it (1100, 1101, 1102, 1300, 2110), or 0 for socket-level events
 */
public record ConnectionEvent(Type type, int code, String message, Instant timestamp) {

    public enum Type {
        /** The session's socket is closed (by the peer, by an I/O failure, or by {@link TwsSession#close()}). */
        SOCKET_CLOSED(0, true),
        /** 1100: connectivity between the gateway and IB lost; the socket stays up. */
        CONNECTIVITY_LOST(TwsError.CONNECTIVITY_LOST, true),
        /** 1101: connectivity restored, market data lost (resubscribe). */
        RESTORED_DATA_LOST(TwsError.RESTORED_DATA_LOST, false),
        /** 1102: connectivity restored, data kept. */
        RESTORED_DATA_KEPT(TwsError.RESTORED_DATA_KEPT, false),
        /** 2110: connection broken, will restore (often the nightly reset). */
        CONNECTION_BROKEN(TwsError.CONNECTION_BROKEN, true),
        /** 1300: the gateway's socket port changed; this session will not survive it. */
        SOCKET_PORT_CHANGED(TwsError.SOCKET_PORT_CHANGED, true),
        /** Malformed bytes from the gateway; the session closes right after this event. */
        PROTOCOL_ERROR(0, true);

        private final int code;
        private final boolean loss;

        Type(int code, boolean loss) {
            this.code = code;
            this.loss = loss;
        }

        /** True when trading must stop: the gateway can no longer be trusted to carry orders. */
        public boolean isLoss() {
            return loss;
        }

        /** The event type an error code announces, if it announces one. */
        public static Optional<Type> forErrorCode(int code) {
            for (Type type : values()) {
                if (type.code != 0 && type.code == code) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    public ConnectionEvent {
        message = message == null ? "" : message;
    }

    public boolean isLoss() {
        return type.isLoss();
    }
}
