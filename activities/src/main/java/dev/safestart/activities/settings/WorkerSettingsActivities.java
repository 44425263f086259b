package dev.safestart.activities.settings;

import dev.safestart.workflows.SettingsActivities;
import dev.safestart.workflows.model.EffectiveSettings;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupSettings;
import dev.safestart.workflows.startup.SettingsNarrowing;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup's first step on the bot's worker: the settings this worker runs with, from its own environment,
 * narrowed where the request asks ({@link SettingsNarrowing}). A request for another bot or a widening one is
 * refused non-retryably, naming the setting.
 */
public final class WorkerSettingsActivities implements SettingsActivities {
    private static final Logger log = LoggerFactory.getLogger(WorkerSettingsActivities.class);

    private final String botId;
    private final StartupSettings settings;

    /**
     * @param botId    the one bot this worker serves (BOT_ID)
     * @param settings the worker's startup settings (secret-free)
     */
    public WorkerSettingsActivities(String botId, StartupSettings settings) {
        this.botId = botId;
        this.settings = settings;
    }

    @Override
    public EffectiveSettings resolveSettings(StartupRequest request) {
        try {
            EffectiveSettings effective = SettingsNarrowing.resolve(botId, settings, request);
            log.info(
                    "bot {} startup settings from this worker: gateway {} client ids {}/{} DRY_RUN={} mode {}{}",
                    botId,
                    effective.settings().gatewayAddress(),
                    effective.settings().clientId(),
                    effective.settings().probeClientId(),
                    effective.settings().dryRun(),
                    effective.settings().tradingMode(),
                    effective.narrowed().isEmpty() ? "" : "; narrowed by the request: " + effective.narrowed());
            return effective;
        } catch (SettingsNarrowing.Refused e) {
            log.warn("start request refused: {}", e.getMessage());
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), SETTINGS_REFUSED);
        }
    }
}
