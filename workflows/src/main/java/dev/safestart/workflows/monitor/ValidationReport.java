package dev.safestart.workflows.monitor;

import dev.safestart.workflows.model.GameplanCheck;

/**
 * What a startup that validated the gateway tells the bot's owner (its monitor): which engine it validated, in
 * which epoch, and the day's gameplan it checked. The startup arms nothing itself; the owner decides.
 *
 * @param startupWorkflowId the reporting startup (audit)
 * @param engineId          the engine instance initModules opened the session on (blank if it reports none)
 * @param epoch             that engine's validation epoch
 * @param engineTaskQueue   the queue only that engine's worker polls (blank: use the bot's queue)
 * @param plan              the gameplan check (valid A/B, valid C, or rejected with the reason)
 */
public record ValidationReport(
        String botId,
        String startupWorkflowId,
        String engineId,
        long epoch,
        String engineTaskQueue,
        GameplanCheck plan,
        long validatedAtEpochMillis) {

    public ValidationReport {
        startupWorkflowId = startupWorkflowId == null ? "" : startupWorkflowId;
        engineId = engineId == null ? "" : engineId;
        engineTaskQueue = engineTaskQueue == null ? "" : engineTaskQueue;
    }
}
