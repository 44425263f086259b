package dev.safestart.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.workflows.monitor.MonitorSettings;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Builders set components by name and leave the records' JSON shape (what workflow histories hold) unchanged. */
class SettingsBuilderTest {

    @Test
    void startupSettingsBuilderStartsFromTheDefaultsAndChangesOnlyWhatItIsTold() {
        assertThat(StartupSettings.builder().build()).isEqualTo(StartupSettings.defaults());
        StartupSettings s =
                StartupSettings.builder().maxRetries(7).dryRun(false).build();
        StartupSettings d = StartupSettings.defaults();
        assertThat(s)
                .isEqualTo(new StartupSettings(
                        d.gatewayHost(),
                        d.gatewayPort(),
                        d.clientId(),
                        d.probeClientId(),
                        d.startupTimeoutSeconds(),
                        7,
                        d.retryIntervalSeconds(),
                        d.retryCapSeconds(),
                        d.handshakeTimeoutSeconds(),
                        d.gameplanPath(),
                        d.marketZone(),
                        false,
                        d.tradingMode(),
                        d.allowLive(),
                        d.warningAtAttempt(),
                        d.errorAtAttempt()));
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }

    @Test
    void monitorSettingsWithMethodsStillSetWhatTheyName() {
        MonitorSettings d = MonitorSettings.defaults("bot1", "gw", 4002, "q");
        MonitorSettings t = d.withTiming(7, 8, 9, 11, 12);
        assertThat(List.of(
                        t.monitorIntervalSeconds(),
                        t.pingScheduleToStartSeconds(),
                        t.reconnectInitialSeconds(),
                        t.reconnectMaxSeconds(),
                        t.handshakeTimeoutSeconds()))
                .containsExactly(7, 8, 9, 11, 12);
        assertThat(t.withTiming(
                        d.monitorIntervalSeconds(),
                        d.pingScheduleToStartSeconds(),
                        d.reconnectInitialSeconds(),
                        d.reconnectMaxSeconds(),
                        d.handshakeTimeoutSeconds()))
                .isEqualTo(d);
        MonitorSettings g = d.withGameplan("/p.json", "Europe/Berlin").withTradingClientId(9);
        assertThat(g.gameplanPath()).isEqualTo("/p.json");
        assertThat(g.marketZone()).isEqualTo("Europe/Berlin");
        assertThat(g.tradingClientId()).isEqualTo(9);
        assertThat(MonitorSettings.builder("bot1", "gw", 4002, "q").build()).isEqualTo(d);
        assertThat(d.monitorTaskQueue()).isEqualTo("q" + MonitorSettings.MONITOR_QUEUE_SUFFIX);
    }

    @Test
    void theirJsonHoldsExactlyTheRecordComponents() throws Exception {
        assertJsonFieldsAreComponents(StartupSettings.defaults());
        assertJsonFieldsAreComponents(MonitorSettings.defaults("bot1", "gw", 4002, "q"));
    }

    private static void assertJsonFieldsAreComponents(Record r) throws Exception {
        byte[] json = DefaultDataConverter.STANDARD_INSTANCE
                .toPayload(r)
                .orElseThrow()
                .getData()
                .toByteArray();
        List<String> fields = new ArrayList<>();
        new ObjectMapper().readTree(json).fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .as(r.getClass().getSimpleName())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(r.getClass().getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList());
    }
}
