package dev.safestart.tws;

/** Message ids of the classic protocol that Safestart speaks (both directions). */
public final class MessageIds {
    private MessageIds() {}

    // server → client
    public static final int ERROR = 4;
    public static final int NEXT_VALID_ID = 9;
    public static final int MANAGED_ACCOUNTS = 15;
    public static final int CURRENT_TIME = 49;
    public static final int ORDER_STATUS = 3;
    public static final int OPEN_ORDER = 5;
    public static final int EXEC_DETAILS = 11;
    public static final int OPEN_ORDER_END = 53;
    public static final int EXEC_DETAILS_END = 55;
    public static final int POSITION = 61;
    public static final int POSITION_END = 62;

    // client → server
    public static final int REQ_CURRENT_TIME = 49;
    public static final int START_API = 71;
    public static final int PLACE_ORDER = 3;
    public static final int CANCEL_ORDER = 4;
    public static final int REQ_OPEN_ORDERS = 5;
    public static final int REQ_EXECUTIONS = 7;
    public static final int REQ_ALL_OPEN_ORDERS = 16;
    public static final int REQ_GLOBAL_CANCEL = 58;
    public static final int REQ_POSITIONS = 61;

    /** Error layouts change at these server versions (see the error layouts in ARCHITECTURE.md). */
    public static final int MIN_VERSION_ADVANCED_ORDER_REJECT = 166;

    public static final int MIN_VERSION_ERROR_TIME = 194;
    /** From this server version message ids become binary; Safestart stays below it. */
    public static final int MIN_VERSION_PROTOBUF = 201;
    /** Capabilities follow startApi's client id from this server version. */
    public static final int MIN_VERSION_OPTIONAL_CAPABILITIES = 72;
}
