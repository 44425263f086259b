package dev.safestart.workflows;

import dev.safestart.workflows.model.EffectiveSettings;
import dev.safestart.workflows.model.StartupRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The worker's own configuration, as the startup asks for it (its first step, on the bot's task queue). */
@ActivityInterface
public interface SettingsActivities {

    /**
     * The effective settings for {@code request}: the worker's configuration, narrowed where the request asks.
     * Fails non-retryably with type {@link #SETTINGS_REFUSED} and a message naming the setting when the request
     * names another bot or would widen a setting.
     */
    @ActivityMethod(name = "resolveSettings")
    EffectiveSettings resolveSettings(StartupRequest request);

    String SETTINGS_REFUSED = "SettingsRefused";
}
