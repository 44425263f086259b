package dev.safestart.workflows.model;

/**
 * The trading engine as an activity reports it back to the workflow.
 *
 * @param engineId        the engine instance that answered (blank from an engine that does not report one)
 * @param epoch           its validation epoch after this call
 * @param engineTaskQueue the queue only this engine's worker polls (blank if none)
 */
public record ModuleStatus(
        boolean initialized,
        boolean gatewayConnected,
        boolean orderGateOpen,
        String strategyActive,
        String detail,
        String engineId,
        long epoch,
        String engineTaskQueue) {

    public ModuleStatus {
        detail = detail == null ? "" : detail;
        engineId = engineId == null ? "" : engineId;
        engineTaskQueue = engineTaskQueue == null ? "" : engineTaskQueue;
    }

    /** Without engine identity (older engines, tests). */
    public ModuleStatus(
            boolean initialized,
            boolean gatewayConnected,
            boolean orderGateOpen,
            String strategyActive,
            String detail) {
        this(initialized, gatewayConnected, orderGateOpen, strategyActive, detail, "", 0, "");
    }
}
