package dev.safestart.workflows.startup;

import dev.safestart.workflows.SettingsActivities;
import dev.safestart.workflows.model.EffectiveSettings;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupSettings;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's side of resolveSettings in tests, over the production rules ({@link SettingsNarrowing}). With
 * {@link #configure} it is a worker with that BOT_ID and those settings; unconfigured, the request's own settings
 * stand for the worker's (tests that start a workflow directly with complete settings).
 */
final class WorkerSettings implements SettingsActivities {
    private volatile String botId;
    private volatile StartupSettings settings;
    final AtomicInteger calls = new AtomicInteger();

    void configure(String workerBotId, StartupSettings workerSettings) {
        botId = workerBotId;
        settings = workerSettings;
    }

    @Override
    public EffectiveSettings resolveSettings(StartupRequest request) {
        calls.incrementAndGet();
        String id = botId == null ? request.botId() : botId;
        StartupSettings worker = botId == null ? request.settings() : settings;
        try {
            return SettingsNarrowing.resolve(id, worker, request);
        } catch (SettingsNarrowing.Refused e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), SETTINGS_REFUSED);
        }
    }
}
