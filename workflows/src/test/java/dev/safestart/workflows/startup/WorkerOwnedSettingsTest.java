package dev.safestart.workflows.startup;

import static dev.safestart.workflows.model.GatewayState.PORT_CLOSED;
import static dev.safestart.workflows.model.GatewayState.READY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.workflows.model.EffectiveSettings;
import dev.safestart.workflows.model.StartupOutcome;
import dev.safestart.workflows.model.StartupOverrides;
import dev.safestart.workflows.model.StartupRequest;
import dev.safestart.workflows.model.StartupResult;
import dev.safestart.workflows.model.StartupSettings;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker owns its configuration: the startup runs with the worker's settings, a request may only narrow them,
 * a widening request or one for another bot ends FAILED naming the setting, before any probe. The pure rules
 * first, then the workflow on Temporal's test environment.
 */
@Timeout(60)
class WorkerOwnedSettingsTest {

    private static StartupSettings worker() {
        StartupSettings.Builder s = StartupSettings.builder();
        s.gatewayHost("gw.internal");
        s.dryRun(false);
        return s.build();
    }

    // ---- the rules ----------------------------------------------------------------------------------------

    @Test
    void aBotOnlyRequestGetsTheWorkersSettingsUnchanged() {
        EffectiveSettings e = SettingsNarrowing.resolve("bot1", worker(), StartupRequest.forBot("bot1"));
        assertThat(e.settings()).isEqualTo(worker());
        assertThat(e.narrowed()).isEmpty();
    }

    @Test
    void narrowingIsAppliedAndRecorded() {
        StartupOverrides o =
                StartupOverrides.none().withDryRun(true).withMaxRetries(2).withStartupTimeoutSeconds(10);
        EffectiveSettings e = SettingsNarrowing.resolve("bot1", worker(), StartupRequest.forBot("bot1", o));
        assertThat(e.settings().dryRun()).isTrue();
        assertThat(e.settings().maxRetries()).isEqualTo(2);
        assertThat(e.settings().startupTimeoutSeconds()).isEqualTo(10);
        assertThat(e.settings().gatewayAddress()).isEqualTo("gw.internal:4002");
        assertThat(e.narrowed())
                .containsExactly(
                        "DRY_RUN=true (worker: false)",
                        "GATEWAY_MAX_RETRIES=2 (worker: 30)",
                        "GATEWAY_STARTUP_TIMEOUT=10 (worker: 300)");
    }

    @Test
    void wideningIsRefusedNamingTheSetting() { // EC-23
        StartupSettings dry = StartupSettings.defaults();
        assertRefused(dry, StartupOverrides.none().withGatewayPort(4001), "GATEWAY_PORT");
        assertRefused(dry, StartupOverrides.none().withGatewayPort(4003), "GATEWAY_PORT");
        assertRefused(dry, StartupOverrides.none().withDryRun(false), "DRY_RUN=false refused");
        assertRefused(dry, StartupOverrides.none().withMaxRetries(31), "GATEWAY_MAX_RETRIES=31 refused");
        assertRefused(dry, StartupOverrides.none().withMaxRetries(0), "GATEWAY_MAX_RETRIES=0 refused");
        StartupSettings.Builder live = StartupSettings.builder();
        live.tradingMode("live");
        live.allowLive(true);
        live.clientId(7);
        assertRefused(dry, StartupOverrides.of(live.build()), "CLIENT_ID=7 refused");
        live.clientId(1);
        assertRefused(dry, StartupOverrides.of(live.build()), "TRADING_MODE=live refused");
        StartupSettings.Builder otherHost = StartupSettings.builder();
        otherHost.gatewayHost("elsewhere");
        // An older starter's complete settings are checked field by field too.
        assertThatThrownBy(() -> SettingsNarrowing.resolve("bot1", dry, new StartupRequest("bot1", otherHost.build())))
                .hasMessageStartingWith("GATEWAY_HOST=elsewhere refused");
    }

    @Test
    void anOlderStartersCompleteSettingsPassWhenTheyMatchTheWorker() {
        EffectiveSettings e = SettingsNarrowing.resolve("bot1", worker(), new StartupRequest("bot1", worker()));
        assertThat(e.settings()).isEqualTo(worker());
    }

    @Test
    void anotherBotIsRefused() {
        assertThatThrownBy(() -> SettingsNarrowing.resolve("bot1", worker(), StartupRequest.forBot("bot2")))
                .hasMessageStartingWith("BOT_ID: this worker serves bot 'bot1', not 'bot2'");
    }

    private static void assertRefused(StartupSettings workerSettings, StartupOverrides o, String message) {
        assertThatThrownBy(() -> SettingsNarrowing.resolve("bot1", workerSettings, StartupRequest.forBot("bot1", o)))
                .isInstanceOf(SettingsNarrowing.Refused.class)
                .hasMessageContaining(message);
    }

    // ---- the workflow -------------------------------------------------------------------------------------

    @Test
    void theStartupRunsWithTheWorkersSettingsAndRecordsThemInHistory() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            StartupResult r = h.run("bot1", worker());
            assertThat(r.outcome()).isEqualTo(StartupOutcome.VALIDATED);
            assertThat(h.engine.inits).singleElement().satisfies(init -> {
                assertThat(init.gatewayHost()).isEqualTo("gw.internal");
                assertThat(init.dryRun()).isFalse();
            });
            EffectiveSettings audit = resolvedInHistory(h, "bot1").orElseThrow();
            assertThat(audit.settings()).isEqualTo(worker());
        }
    }

    @Test
    void aNarrowingRequestIsUsed() {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(PORT_CLOSED), FixedGameplan.valid("A"))) {
            h.workerSettings.configure("bot1", worker());
            StartupResult r = h.stub("bot1")
                    .start(StartupRequest.forBot(
                            "bot1", StartupOverrides.none().withDryRun(true).withMaxRetries(2)));
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.attempts()).hasSize(2);
            assertThat(resolvedInHistory(h, "bot1").orElseThrow().narrowed())
                    .contains("DRY_RUN=true (worker: false)", "GATEWAY_MAX_RETRIES=2 (worker: 30)");
        }
    }

    @Test
    void aRequestNamingAnotherPortEndsFailedWithoutAProbe() {
        assertRefusedStartup("bot1", StartupOverrides.none().withGatewayPort(4010), "GATEWAY_PORT=4010 refused");
    }

    @Test
    void aRequestForDryRunFalseOnADryRunWorkerEndsFailedWithoutAProbe() {
        assertRefusedStartup("bot1", StartupOverrides.none().withDryRun(false), "DRY_RUN=false refused");
    }

    @Test
    void aStartForAnotherBotOnThisWorkersQueueIsRefused() {
        assertRefusedStartup("bot2", null, "BOT_ID: this worker serves bot 'bot1', not 'bot2'");
    }

    private static void assertRefusedStartup(String requestBot, StartupOverrides o, String message) {
        try (StartupHarness h = new StartupHarness(ScriptedGateway.always(READY), FixedGameplan.valid("A"))) {
            h.workerSettings.configure("bot1", StartupSettings.defaults());
            StartupResult r = h.stub(requestBot).start(StartupRequest.forBot(requestBot, o));
            assertThat(r.outcome()).isEqualTo(StartupOutcome.FAILED);
            assertThat(r.reason()).startsWith("configuration refused: ").contains(message);
            assertThat(r.attempts()).isEmpty();
            assertThat(h.gateway.probePortCalls.get()).isZero();
            assertThat(h.engine.inits).isEmpty();
            assertThat(h.workerSettings.calls.get())
                    .as("a refusal is not retried")
                    .isEqualTo(1);
            assertThat(h.alerts.sent)
                    .anySatisfy(a -> assertThat(a.description()).contains(message));
        }
    }

    /** The resolveSettings result, read back from the startup's history. */
    static Optional<EffectiveSettings> resolvedInHistory(StartupHarness h, String botId) {
        var history = h.client.fetchHistory("startup-" + botId).getHistory();
        java.util.Map<Long, String> types = new java.util.HashMap<>();
        for (HistoryEvent e : history.getEventsList()) {
            if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                types.put(
                        e.getEventId(),
                        e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName());
            }
            if (e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED) {
                // resolveSettings as a local activity: its marker names the type and holds the result.
                var details = e.getMarkerRecordedEventAttributes().getDetailsMap();
                if (details.containsKey("type")
                        && "resolveSettings"
                                .equals(DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                                        0, Optional.of(details.get("type")), String.class, String.class))) {
                    return Optional.of(DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                            0, Optional.of(details.get("result")), EffectiveSettings.class, EffectiveSettings.class));
                }
            }
            if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
                    && "resolveSettings"
                            .equals(types.get(
                                    e.getActivityTaskCompletedEventAttributes().getScheduledEventId()))) {
                return Optional.of(DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                        0,
                        Optional.of(e.getActivityTaskCompletedEventAttributes().getResult()),
                        EffectiveSettings.class,
                        EffectiveSettings.class));
            }
        }
        return Optional.empty();
    }
}
