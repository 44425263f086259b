package dev.safestart.activities.settings;

import dev.safestart.workflows.SettingsActivities;
import dev.safestart.workflows.model.EffectiveSettings;
import dev.safestart.workflows.model.StartupRequest;

/**
 * For tests that start a startup directly with complete settings: a worker whose own configuration is exactly
 * what the request carries, checked by the production rules ({@link WorkerSettingsActivities}).
 */
public final class RequestAsWorkerSettings implements SettingsActivities {
    @Override
    public EffectiveSettings resolveSettings(StartupRequest request) {
        return new WorkerSettingsActivities(request.botId(), request.settings()).resolveSettings(request);
    }
}
