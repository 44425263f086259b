package dev.safestart.tws;

/** Message ids of the classic protocol that Safestart speaks (both directions). */
public final class MessageIds {
    private MessageIds() {}

    // server → client
    public static final int ERROR = 4;
    public static final int NEXT_VALID_ID = 9;
    public static final int MANAGED_ACCOUNTS = 15;
    public static final int CURRENT_TIME = 49;

    // client → server
    public static final int REQ_CURRENT_TIME = 49;
    public static final int START_API = 71;

    /** Error layouts change at these server versions (see DESIGN.md). */
    public static final int MIN_VERSION_ADVANCED_ORDER_REJECT = 166;
    public static final int MIN_VERSION_ERROR_TIME = 194;
    /** From this server version message ids become binary; Safestart stays below it. */
    public static final int MIN_VERSION_PROTOBUF = 201;
    /** Capabilities follow startApi's client id from this server version. */
    public static final int MIN_VERSION_OPTIONAL_CAPABILITIES = 72;
}
