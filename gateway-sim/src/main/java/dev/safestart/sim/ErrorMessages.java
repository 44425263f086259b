package dev.safestart.sim;

import dev.safestart.tws.Frames;
import dev.safestart.tws.MessageIds;

/**
 * Encodes error messages (id 4) in the layout of the negotiated server version, as a real gateway does:
 * below 166 {@code 4,2,reqId,code,msg}; 166–193 the same plus advancedOrderRejectJson; from 194 no version
 * field and an errorTimeMillis at the end.
 */
public final class ErrorMessages {
    /** reqId of errors that belong to no request (connectivity, client id, farm notices). */
    public static final int NO_REQUEST = -1;

    public static final int CLIENT_ID_IN_USE = 326;
    public static final int CONNECTIVITY_LOST = 1100;
    public static final int RESTORED_DATA_LOST = 1101;
    public static final int RESTORED_DATA_KEPT = 1102;
    public static final int CONNECTION_BROKEN_WILL_RESTORE = 2110;
    public static final int ORDER_REJECTED = 201;
    public static final int READ_ONLY_API = 321;
    public static final int ORDER_TO_CANCEL_NOT_FOUND = 10147;

    private ErrorMessages() {}

    public static byte[] encode(
            int serverVersion,
            int reqId,
            int code,
            String message,
            String advancedOrderRejectJson,
            long errorTimeMillis) {
        String json = advancedOrderRejectJson == null ? "" : advancedOrderRejectJson;
        if (serverVersion >= MessageIds.MIN_VERSION_ERROR_TIME) {
            return Frames.encodeFields(MessageIds.ERROR, reqId, code, message, json, errorTimeMillis);
        }
        if (serverVersion >= MessageIds.MIN_VERSION_ADVANCED_ORDER_REJECT) {
            return Frames.encodeFields(MessageIds.ERROR, 2, reqId, code, message, json);
        }
        return Frames.encodeFields(MessageIds.ERROR, 2, reqId, code, message);
    }

    /** The text a real gateway sends with each code the simulator produces. */
    public static String text(int code) {
        return switch (code) {
            case CLIENT_ID_IN_USE ->
                "Unable to connect as the client id is already in use. Retry with a unique client id.";
            case CONNECTIVITY_LOST -> "Connectivity between IB and Trader Workstation has been lost.";
            case RESTORED_DATA_LOST -> "Connectivity between IB and Trader Workstation has been restored - data lost.";
            case RESTORED_DATA_KEPT ->
                "Connectivity between IB and Trader Workstation has been restored - data maintained.";
            case CONNECTION_BROKEN_WILL_RESTORE ->
                "Connectivity between Trader Workstation and server is broken. It will be restored automatically.";
            case ORDER_REJECTED -> "Order rejected - reason:the simulator accepts market and limit orders only";
            case READ_ONLY_API ->
                "Error validating request.-'bW' : cause - The API interface is currently in Read-Only mode.";
            case ORDER_TO_CANCEL_NOT_FOUND -> "OrderId that needs to be cancelled is not found.";
            case 2104 -> "Market data farm connection is OK:usfarm";
            case 2106 -> "HMDS data farm connection is OK:ushmds";
            case 2158 -> "Sec-def data farm connection is OK:secdefnj";
            default -> "error " + code;
        };
    }
}
