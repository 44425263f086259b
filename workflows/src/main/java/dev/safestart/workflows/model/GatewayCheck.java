package dev.safestart.workflows.model;

import java.util.List;

/**
 * One classified look at the gateway. A non-READY classification is a normal result, not an error: the workflow
 * decides what to do with it. {@code portOpen} is what the TCP-level probePort learned; {@code state} is
 * {@link GatewayState#UNKNOWN} when only the port was checked and found open.
 */
public record GatewayCheck(
        GatewayState state,
        boolean portOpen,
        double latencyMs,
        String detail,
        List<String> accounts,
        int serverVersion,
        long checkedAtEpochMillis) {

    public GatewayCheck {
        state = state == null ? GatewayState.UNKNOWN : state;
        detail = detail == null ? "" : detail;
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    public boolean ready() {
        return state == GatewayState.READY;
    }
}
