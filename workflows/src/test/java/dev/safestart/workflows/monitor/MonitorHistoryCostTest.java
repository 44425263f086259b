package dev.safestart.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * History cost at the default intervals (MONITOR_INTERVAL 60 s): one day of a healthy, armed bot writes at most 1,500
 * events (the per-interval ping and probe it replaced wrote about 23,700), and the watches stay alive all day (no false
 * "bot worker down").
 *
 * <p>Time-scaled, not time-skipped: the test server does not skip time while an activity runs, and the two watches
 * always run. On a quiet day only the watches' maximum duration (4 h) makes events (heartbeats and the probes inside
 * the gateway watch write none), so a day with the maximum divided by {@link #SCALE} lasts 1/{@value #SCALE} of a day
 * and writes the same events as a real day.
 */
class MonitorHistoryCostTest {
    static final int SCALE = 1440;

    @Test
    void aHealthyBotWritesAtMost1500EventsPerDay() {
        MonitorSettings settings =
                MonitorTestHarness.settings().withWatchMax(MonitorSettings.DEFAULT_WATCH_MAX_SECONDS / SCALE);
        try (MonitorTestHarness h = new MonitorTestHarness(settings, true, null)) {
            assertThat(h.startValidated().armed()).isTrue();
            String workflowId = h.untyped.getExecution().getWorkflowId();
            String firstRun = h.untyped.getExecution().getRunId();
            long start = h.env.currentTimeMillis();
            long day = Duration.ofDays(1).toMillis() / SCALE;
            while (h.env.currentTimeMillis() - start < day) {
                h.env.sleep(Duration.ofSeconds(1));
            }
            List<Long> runs = MonitorTestHarness.runLengths(h.env.getWorkflowClient(), workflowId, firstRun);
            long events = runs.stream().mapToLong(Long::longValue).sum();
            System.out.printf(
                    "monitor history cost: %d events in one (time-scaled) day at MONITOR_INTERVAL %d s (%d runs),"
                            + " %d engine watches%n",
                    events, h.settings.monitorIntervalSeconds(), runs.size(), h.trading.watches.get());

            assertThat(events).isLessThanOrEqualTo(1_500);
            MonitorStatus status = h.status();
            assertThat(status.state()).isEqualTo(OwnerState.ARMED);
            assertThat(status.botWorkerAlive())
                    .as("the engine watch heartbeated all day")
                    .isTrue();
            assertThat(status.validated()).isTrue();
            assertThat(h.alerts.sent).as("a quiet day alerts nobody").isEmpty();
        }
    }
}
