package dev.safestart.workflows.startup;

import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.StartupSettings;

/** What an operator should do about a gateway that never became ready, by its last classification. */
final class FailureAdvice {
    private FailureAdvice() {}

    static String forState(GatewayState state, StartupSettings s) {
        String where = s.gatewayAddress();
        return switch (state) {
            case PORT_CLOSED ->
                "nothing listens on " + where + ": is the IB Gateway running? check GATEWAY_HOST and GATEWAY_PORT";
            case UNREACHABLE ->
                where + " unreachable (no route, unknown host or connect timeout):"
                        + " check GATEWAY_HOST, DNS and the network between worker and gateway";
            case API_NOT_READY ->
                "port " + where + " open but the TWS API never answered the handshake:"
                        + " the gateway is still logging in, waiting for 2FA,"
                        + " showing a dialog, or a forwarder has nothing"
                        + " behind it; check the gateway's screen/IBC logs and that the API is enabled";
            case NOT_AUTHENTICATED ->
                "the gateway answered the API handshake but never authenticated"
                        + " (no accounts or order id): check credentials (IBKR user/password, 2FA, IBC login)";
            case CLOSED_BEFORE_READY ->
                "the gateway closed the connection before ready: client id " + s.probeClientId()
                        + " already in use? or the API's trusted IPs refuse this host";
            case CLIENT_ID_IN_USE ->
                "PROBE_CLIENT_ID " + s.probeClientId()
                        + " is already in use (error 326): stop the other client or choose another PROBE_CLIENT_ID";
            case VERSION_UNSUPPORTED ->
                "the gateway's API version is outside what Safestart speaks: update the gateway";
            case PROTOCOL_ERROR ->
                "the peer on " + where + " does not speak the TWS API (malformed replies):"
                        + " check GATEWAY_PORT points at the gateway's API port";
            case READY, UNKNOWN -> "the gateway was not validated in time";
        };
    }
}
