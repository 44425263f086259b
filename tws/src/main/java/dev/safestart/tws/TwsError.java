package dev.safestart.tws;

import java.util.Set;

/**
 * An error message (id 4) from the gateway, decoded in the layout of the negotiated server version:
 * <ul>
 *   <li>server &lt; 166: {@code 4 | 2 | reqId | code | msg}</li>
 *   <li>166–193: the same plus {@code advancedOrderRejectJson}</li>
 *   <li>&ge; 194: no version field: {@code 4 | reqId | code | msg | json | errorTimeMillis}</li>
 * </ul>
 * {@code advancedOrderRejectJson} is empty and {@code errorTimeMillis} 0 when the layout has no such field.
 */
public record TwsError(int requestId, int code, String message, String advancedOrderRejectJson, long errorTimeMillis) {

    public static final int CLIENT_ID_IN_USE = 326;
    public static final int CONNECTIVITY_LOST = 1100;
    public static final int RESTORED_DATA_LOST = 1101;
    public static final int RESTORED_DATA_KEPT = 1102;
    public static final int SOCKET_PORT_CHANGED = 1300;
    public static final int CONNECTION_BROKEN = 2110;

    /** Market/historical data farm OK (2104, 2106, 2158) and idle (2107, 2108): status notices, not problems. */
    private static final Set<Integer> FARM_NOTICES = Set.of(2104, 2106, 2158, 2107, 2108);

    public TwsError {
        message = message == null ? "" : message;
        advancedOrderRejectJson = advancedOrderRejectJson == null ? "" : advancedOrderRejectJson;
    }

    /**
     * Decodes an error message whose first field is the id 4.
     *
     * @throws TwsProtocolException when a required field is missing or a numeric field is not a number
     */
    public static TwsError decode(Message message, int serverVersion) throws TwsProtocolException {
        if (message.intField(0) != MessageIds.ERROR) {
            throw new TwsProtocolException("not an error message: id " + message.text(0));
        }
        if (serverVersion >= MessageIds.MIN_VERSION_ERROR_TIME) {
            int requestId = message.intField(1);
            int code = message.intField(2);
            String text = message.text(3);
            String json = optionalText(message, 4);
            long time = optionalText(message, 5).isBlank() ? 0 : message.longField(5);
            return new TwsError(requestId, code, text, json, time);
        }
        message.intField(1); // message version, always 2; must still be a number
        int requestId = message.intField(2);
        int code = message.intField(3);
        String text = message.text(4);
        String json = serverVersion >= MessageIds.MIN_VERSION_ADVANCED_ORDER_REJECT ? optionalText(message, 5) : "";
        return new TwsError(requestId, code, text, json, 0);
    }

    /** Encodes this error in the layout of {@code serverVersion} (used by tests and the simulator). */
    public byte[] encode(int serverVersion) {
        if (serverVersion >= MessageIds.MIN_VERSION_ERROR_TIME) {
            return Frames.encodeFields(
                    MessageIds.ERROR, requestId, code, message, advancedOrderRejectJson, errorTimeMillis);
        }
        if (serverVersion >= MessageIds.MIN_VERSION_ADVANCED_ORDER_REJECT) {
            return Frames.encodeFields(MessageIds.ERROR, 2, requestId, code, message, advancedOrderRejectJson);
        }
        return Frames.encodeFields(MessageIds.ERROR, 2, requestId, code, message);
    }

    public boolean isFarmNotice() {
        return FARM_NOTICES.contains(code);
    }

    public boolean isClientIdInUse() {
        return code == CLIENT_ID_IN_USE;
    }

    @Override
    public String toString() {
        return "error " + code + " (req " + requestId + "): " + message;
    }

    private static String optionalText(Message message, int index) {
        return index < message.size() ? message.fields().get(index) : "";
    }
}
