package dev.safestart.tws;

import java.io.IOException;

/** Bytes from the peer that do not follow the TWS API wire protocol (bad length, bad field, truncated frame). */
public final class TwsProtocolException extends IOException {
    public TwsProtocolException(String message) {
        super(message);
    }
}
