package dev.safestart.workflows.model;

/**
 * The gateway's classification as the workflows see it. Mirrors the protocol client's ProbeState by name
 * (workflow code must not depend on protocol code), plus UNKNOWN before any check.
 */
public enum GatewayState {
    UNKNOWN,
    PORT_CLOSED,
    UNREACHABLE,
    API_NOT_READY,
    CLOSED_BEFORE_READY,
    CLIENT_ID_IN_USE,
    NOT_AUTHENTICATED,
    VERSION_UNSUPPORTED,
    PROTOCOL_ERROR,
    READY
}
