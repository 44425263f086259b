package dev.safestart.workflows.model;

/** The trading engine as an activity reports it back to the workflow. */
public record ModuleStatus(
        boolean initialized,
        boolean gatewayConnected,
        boolean orderGateOpen,
        String strategyActive,
        String detail) {

    public ModuleStatus {
        detail = detail == null ? "" : detail;
    }
}
