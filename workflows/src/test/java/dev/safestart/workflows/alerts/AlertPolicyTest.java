package dev.safestart.workflows.alerts;

import static dev.safestart.workflows.alerts.AlertPolicy.Action.FOLD;
import static dev.safestart.workflows.alerts.AlertPolicy.Action.SEND;
import static dev.safestart.workflows.alerts.AlertPolicy.Action.SUPPRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.workflows.alerts.AlertPolicy.Action;
import dev.safestart.workflows.alerts.AlertPolicy.Digest;
import dev.safestart.workflows.model.Alert;
import dev.safestart.workflows.model.AlertSeverity;
import dev.safestart.workflows.model.StartupSettings;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {
    static final long MIN = 60_000;
    final AlertPolicy policy = new AlertPolicy(AlertPolicy.Settings.defaults()); // 3 changes in 10 min = flapping

    @Test
    void aChangeAlertsOnceAndRepeatsDoNot() {
        policy.baseline("gateway", "CONNECTED", 0);
        assertThat(policy.onEvent("gateway", "CONNECTED", 1 * MIN).action()).isEqualTo(SUPPRESS);
        var drop = policy.onEvent("gateway", "DISCONNECTED", 2 * MIN);
        assertThat(drop.action()).isEqualTo(SEND);
        assertThat(drop.previousState()).isEqualTo("CONNECTED");
        for (int i = 0; i < 100; i++) { // every check while down says the same thing: no alert
            assertThat(policy.onEvent("gateway", "DISCONNECTED", 2 * MIN + i * 1_000L)
                            .action())
                    .isEqualTo(SUPPRESS);
        }
        assertThat(policy.onEvent("gateway", "CONNECTED", 3 * MIN).action()).isEqualTo(SEND);
        assertThat(policy.flushDigests(100 * MIN)).isEmpty();
    }

    @Test
    void keysAreIndependentAndAFirstObservationAlerts() {
        assertThat(policy.onEvent("gateway", "DISCONNECTED", 0).action()).isEqualTo(SEND);
        assertThat(policy.onEvent("worker", "DOWN", 0).action()).isEqualTo(SEND);
        assertThat(policy.onEvent("gateway", "DISCONNECTED", 1).action()).isEqualTo(SUPPRESS);
        assertThat(policy.lastState("worker")).contains("DOWN");
    }

    @Test
    void flappingFoldsIntoOneDigestPerWindow() {
        policy.baseline("gateway", "CONNECTED", 0);
        List<Action> actions = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 7; i++) { // drop and recover 7 times within ~8 minutes
            t += 30_000;
            actions.add(policy.onEvent("gateway", "DISCONNECTED", t).action());
            t += 30_000;
            actions.add(policy.onEvent("gateway", "CONNECTED", t).action());
        }
        // the first drop and recovery alert; from the third change on, everything is folded
        assertThat(actions.subList(0, 2)).containsOnly(SEND);
        assertThat(actions.subList(2, actions.size())).containsOnly(FOLD);
        assertThat(actions.stream().filter(a -> a == SEND)).hasSize(2);

        long firstFold = 90_000;
        assertThat(policy.nextDigestDue()).contains(firstFold + 10 * MIN);
        assertThat(policy.flushDigests(firstFold + 10 * MIN - 1)).isEmpty(); // not due yet
        List<Digest> digests = policy.flushDigests(firstFold + 10 * MIN);
        assertThat(digests).hasSize(1);
        Digest d = digests.get(0);
        assertThat(d.counts()).containsEntry("DISCONNECTED", 7).containsEntry("CONNECTED", 7);
        assertThat(d.changes()).isEqualTo(14);
        assertThat(d.folded()).isEqualTo(12);
        assertThat(d.lastState()).isEqualTo("CONNECTED");
        assertThat(d.summary()).isEqualTo("gateway: CONNECTED 7 times, DISCONNECTED 7 times in 7 min; now CONNECTED");
        assertThat(policy.nextDigestDue()).isEmpty();
        assertThat(policy.flushDigests(firstFold + 20 * MIN)).isEmpty(); // flushed once only
    }

    @Test
    void continuedFlappingGivesOneDigestPerWindowWithoutCountingTwice() {
        policy.baseline("gateway", "CONNECTED", 0);
        int sent = 0;
        List<Digest> digests = new ArrayList<>();
        String state = "CONNECTED";
        for (long t = MIN; t <= 60 * MIN; t += MIN) { // a change every minute for an hour
            state = state.equals("CONNECTED") ? "DISCONNECTED" : "CONNECTED";
            if (policy.onEvent("gateway", state, t).action() == SEND) {
                sent++;
            }
            digests.addAll(policy.flushDigests(t));
        }
        digests.addAll(policy.flushDigests(200 * MIN));
        assertThat(sent).isEqualTo(2);
        assertThat(digests).hasSizeBetween(6, 7); // ~ one per 10 min, not 58 messages
        // Every one of the 60 changes is counted in exactly one digest (the first digest includes the two that
        // were also sent on their own, so its total is honest; later digests count only what is new).
        assertThat(digests.stream().mapToInt(Digest::changes).sum()).isEqualTo(60);
    }

    @Test
    void changesSpreadBeyondTheWindowAlertEachTime() {
        policy.baseline("gateway", "CONNECTED", 0);
        String state = "CONNECTED";
        for (int i = 1; i <= 10; i++) { // one change every 6 minutes: never 3 within 10 min
            state = state.equals("CONNECTED") ? "DISCONNECTED" : "CONNECTED";
            assertThat(policy.onEvent("gateway", state, i * 6 * MIN).action())
                    .as("change %d", i)
                    .isEqualTo(SEND);
        }
    }

    @Test
    void aQuietPeriodAfterADigestReturnsToAlertingPerChange() {
        policy.baseline("gateway", "CONNECTED", 0);
        policy.onEvent("gateway", "DISCONNECTED", 1 * MIN);
        policy.onEvent("gateway", "CONNECTED", 2 * MIN);
        assertThat(policy.onEvent("gateway", "DISCONNECTED", 3 * MIN).action()).isEqualTo(FOLD);
        assertThat(policy.flushDigest(13 * MIN))
                .hasValueSatisfying(d -> assertThat(d.lastState()).isEqualTo("DISCONNECTED"));
        assertThat(policy.onEvent("gateway", "CONNECTED", 30 * MIN).action()).isEqualTo(SEND);
    }

    @Test
    void stateSurvivesContinueAsNewThroughTemporalsJsonConverter() {
        policy.baseline("gateway", "CONNECTED", 0);
        policy.onEvent("gateway", "DISCONNECTED", 1 * MIN);
        policy.onEvent("gateway", "CONNECTED", 2 * MIN);
        policy.onEvent("gateway", "DISCONNECTED", 3 * MIN);

        var converter = DefaultDataConverter.STANDARD_INSTANCE;
        var payload = converter.toPayload(policy.snapshot()).orElseThrow();
        AlertPolicy.State carried = converter.fromPayload(payload, AlertPolicy.State.class, AlertPolicy.State.class);
        assertThat(carried).isEqualTo(policy.snapshot());

        AlertPolicy next = new AlertPolicy(AlertPolicy.Settings.defaults(), carried);
        assertThat(next.onEvent("gateway", "CONNECTED", 4 * MIN).action()).isEqualTo(FOLD);
        assertThat(next.flushDigests(13 * MIN))
                .singleElement()
                .satisfies(d -> assertThat(d.changes()).isEqualTo(4));
    }

    @Test
    void digestBecomesOneAlertWithAStableId() {
        policy.baseline("gateway", "CONNECTED", 0);
        for (int i = 1; i <= 7; i++) {
            policy.onEvent("gateway", i % 2 == 1 ? "DISCONNECTED" : "CONNECTED", i * MIN);
        }
        Digest d = policy.flushDigest(20 * MIN).orElseThrow();
        Alert a =
                d.toAlert(AlertSeverity.CRITICAL, "bot-1", "gw:4002", "monitor-bot-1", "Check the gateway's network.");
        assertThat(a.alertId()).isEqualTo("monitor-bot-1/digest/gateway/" + MIN);
        assertThat(a.title()).isEqualTo("gateway is flapping: 7 changes in 6 min");
        assertThat(a.description())
                .contains("DISCONNECTED 4 times")
                .contains("CONNECTED 3 times")
                .contains("now DISCONNECTED")
                .contains("Check the gateway's network.");
        assertThat(a.state()).isEqualTo("DISCONNECTED");
    }

    @Test
    void isDeterministic() {
        AlertPolicy a = new AlertPolicy(AlertPolicy.Settings.defaults());
        AlertPolicy b = new AlertPolicy(AlertPolicy.Settings.defaults());
        long t = 0;
        for (int i = 0; i < 200; i++) {
            t += (i * 7919L) % 97_000;
            String s = (i * 31 % 5 == 0) ? "DISCONNECTED" : (i % 3 == 0 ? "CONNECTED" : "DEGRADED");
            assertThat(a.onEvent("k" + i % 2, s, t)).isEqualTo(b.onEvent("k" + i % 2, s, t));
            assertThat(a.flushDigests(t)).isEqualTo(b.flushDigests(t));
        }
        assertThat(a.snapshot()).isEqualTo(b.snapshot());
    }

    @Test
    void settingsAndThresholdsRefuseNonsense() {
        assertThatThrownBy(() -> new AlertPolicy.Settings(Duration.ZERO, 3, 100))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> new AlertPolicy.Settings(Duration.ofMinutes(1), 1, 100))
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> new AlertThresholds(10, 3)).hasMessageContaining("must come after");
        assertThatThrownBy(() -> new AlertThresholds(0, 3)).hasMessageContaining("≥ 1");
    }

    @Test
    void thresholdsAlertOnceAtTheirAttempt() {
        AlertThresholds t = AlertThresholds.from(StartupSettings.defaults());
        assertThat(t).isEqualTo(AlertThresholds.defaults());
        List<String> fired = new ArrayList<>();
        for (int attempt = 1; attempt <= 30; attempt++) {
            int n = attempt;
            t.severityAt(attempt).ifPresent(s -> fired.add(n + ":" + s));
        }
        assertThat(fired).containsExactly("3:WARNING", "10:ERROR");
        assertThat(new AlertThresholds(2, 5).severityAt(5)).isEqualTo(Optional.of(AlertSeverity.ERROR));
    }
}
