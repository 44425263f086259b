package dev.safestart.workflows.monitor;

import dev.safestart.workflows.model.GatewayState;

public record ProbeOutcome(GatewayState state, double latencyMs, String detail) {
    public boolean ready() {
        return state == GatewayState.READY;
    }
}
