package dev.safestart.activities.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.workflows.SettingsActivities;
import dev.safestart.workflows.model.StartupOverrides;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupSettings;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

/** The worker's answer: its own settings, narrowed; a refusal is a non-retryable failure naming the setting. */
class WorkerSettingsActivitiesTest {
    private final WorkerSettingsActivities worker = new WorkerSettingsActivities("bot1", StartupSettings.defaults());

    @Test
    void answersWithTheWorkersSettings() {
        assertThat(worker.resolveSettings(StartupRequest.forBot("bot1")).settings())
                .isEqualTo(StartupSettings.defaults());
    }

    @Test
    void refusalIsNonRetryableAndNamesTheSetting() {
        assertThatThrownBy(() -> worker.resolveSettings(
                        StartupRequest.forBot("bot1", StartupOverrides.none().withGatewayPort(4001))))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.isNonRetryable()).isTrue();
                    assertThat(f.getType()).isEqualTo(SettingsActivities.SETTINGS_REFUSED);
                    assertThat(f.getOriginalMessage()).startsWith("GATEWAY_PORT=4001 refused");
                });
        assertThatThrownBy(() -> worker.resolveSettings(StartupRequest.forBot("other")))
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        f -> assertThat(f.getOriginalMessage()).startsWith("BOT_ID: this worker serves bot 'bot1'"));
    }
}
