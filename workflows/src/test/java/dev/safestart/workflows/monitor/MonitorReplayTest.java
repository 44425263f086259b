package dev.safestart.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.safestart.workflows.model.GatewayState;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Determinism: a recorded monitor history (drop → Strategy C → backoff → re-validation → held in C → resume →
 * forced C → resume → continue-as-new) replays against the current implementation. Re-record after an intended
 * change with {@code -Dsafestart.recordHistory=true -Dtest=MonitorReplayTest}.
 */
class MonitorReplayTest {
    static final String RESOURCE = "/monitor-history.json";

    @Test
    void recordedHistoryReplays() throws Exception {
        String json;
        try (var in = MonitorReplayTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("recorded history " + RESOURCE).isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
        assertThat(history.getEvents())
                .extracting(e -> e.getEventType())
                .contains(
                        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
                        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        WorkflowReplayer.replayWorkflowExecution(history, RuntimeMonitorWorkflowImpl.class);
    }

    /**
     * A run hands its unhandled signals to the next in {@link MonitorState#pending()}, written by Temporal's JSON
     * converter without type names: the record's name is not in history, so renaming it (it was PendingCommand)
     * reads a state recorded before the rename.
     */
    @Test
    void aCarriedPendingSignalIsPlainJsonWithoutItsTypeName() {
        DataConverter converter = DefaultDataConverter.newDefaultInstance();
        MonitorState.PendingSignal signal = new MonitorState.PendingSignal("FORCE_C", null, "FOMC", 42L);
        String json = converter.toPayload(signal).orElseThrow().getData().toStringUtf8();
        assertThat(json).doesNotContain("Pending").contains("\"type\":\"FORCE_C\"");

        String recordedBeforeTheRename =
                "{\"type\":\"FORCE_C\",\"connection\":null,\"reason\":\"FOMC\",\"receivedAtEpochMillis\":42}";
        Payload payload = Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8(recordedBeforeTheRename))
                .build();
        assertThat(converter.fromPayload(payload, MonitorState.PendingSignal.class, MonitorState.PendingSignal.class))
                .isEqualTo(signal);
    }

    @Test
    @EnabledIfSystemProperty(named = "safestart.recordHistory", matches = "true")
    void record() throws Exception {
        MonitorSettings settings = MonitorTestHarness.settings().withContinueAsNewAfter(200);
        try (MonitorTestHarness h = new MonitorTestHarness(settings, true, null)) {
            h.start();
            String firstRun = h.untyped.getExecution().getRunId();
            h.env.sleep(Duration.ofMinutes(2));
            h.gateway.state = GatewayState.PORT_CLOSED;
            h.signalDrop(ConnectionSignal.Kind.SOCKET_CLOSED);
            h.env.sleep(Duration.ofSeconds(40));
            h.gateway.state = GatewayState.READY;
            h.awaitStatus(s -> s.phase() == MonitorPhase.AWAITING_RESUME, Duration.ofMinutes(2));
            h.monitor.resume();
            h.awaitStatus(s -> s.phase() == MonitorPhase.MONITORING, Duration.ofSeconds(10));
            h.monitor.forceStrategyC("replay test");
            h.env.sleep(Duration.ofMinutes(1));
            h.monitor.resume();
            h.awaitStatus(s -> s.run() > 1, Duration.ofHours(2));
            History history = h.env.getWorkflowClient()
                    .fetchHistory("monitor-bot1", firstRun)
                    .getHistory();
            Path out = Path.of("src/test/resources" + RESOURCE);
            Files.writeString(out, new WorkflowExecutionHistory(history, "monitor-bot1").toJson(true));
        }
    }
}
