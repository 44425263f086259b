package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.workflows.monitor.ConnectionSignal;
import dev.safestart.workflows.monitor.EngineSnapshot;
import dev.safestart.workflows.monitor.MonitorPhase;
import dev.safestart.workflows.monitor.MonitorRequest;
import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.OperatorReply;
import dev.safestart.workflows.monitor.OwnerDecision;
import dev.safestart.workflows.monitor.OwnerState;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import dev.safestart.workflows.monitor.ValidationReport;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI's side of the operator Updates, against a stand-in owner whose answers the test chooses: strategy-c
 * returns the engine's confirmation (exit 0) or says it is missing (exit 1); resume refused by the owner's validator
 * prints the reason (exit 1); an Update for a bot without a monitor is a clear error (exit 3). The owner's own
 * rules are tested with the monitor workflow.
 */
class OperatorUpdatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "owner-stand-in";
    private static EmbeddedTemporal temporal;
    private static TemporalConnection conn;
    private static WorkerFactory factory;
    private static Map<String, String> env;

    /** Confirms strategy-c unless the reason says "unconfirmed"; refuses resume until validated by signal. */
    public static class StandInOwner implements RuntimeMonitorWorkflow {
        private boolean validated;
        private boolean hold;

        @Override
        public void run(MonitorRequest request) {
            Workflow.await(() -> false);
        }

        @Override
        public void connectionEvent(ConnectionSignal signal) {
            validated = signal.kind() == ConnectionSignal.Kind.STARTUP_VALIDATED;
        }

        @Override
        public void engineStarted(EngineSnapshot engine) {}

        @Override
        public OperatorReply forceStrategyC(String reason) {
            hold = true;
            boolean confirmed = !reason.contains("unconfirmed");
            return new OperatorReply(
                    confirmed,
                    OwnerState.HELD,
                    "C",
                    List.of("OPERATOR"),
                    confirmed ? "gate closed (engine e1, epoch 3)" : "engine did not answer on its queue");
        }

        @Override
        public OperatorReply resume() {
            hold = false;
            return new OperatorReply(true, OwnerState.ARMED, "A", List.of(), "resumed");
        }

        @Override
        public void validateResume() {
            if (!validated) {
                throw new IllegalStateException("gateway not validated: engine e2 is new (no session)");
            }
        }

        @Override
        public OwnerDecision reportValidation(ValidationReport report) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MonitorStatus status() {
            return new MonitorStatus(
                    "stand-in",
                    validated,
                    0,
                    "READY",
                    0,
                    hold ? "C" : "A",
                    0,
                    "",
                    MonitorPhase.MONITORING,
                    true,
                    0,
                    false,
                    hold,
                    0,
                    0,
                    0,
                    0,
                    1,
                    0,
                    List.of(),
                    hold ? OwnerState.HELD : OwnerState.ARMED,
                    hold ? List.of("OPERATOR") : List.of(),
                    validated,
                    "e1",
                    3,
                    "",
                    validated ? "" : "engine e2 is new",
                    0);
        }
    }

    @BeforeAll
    static void server() throws Exception {
        temporal = EmbeddedTemporal.start(false, null);
        conn = TemporalConnection.open(temporal.address(), temporal.namespace());
        factory = WorkerFactory.newInstance(conn.client());
        factory.newWorker(QUEUE).registerWorkflowImplementationTypes(StandInOwner.class);
        factory.start();
        env = Map.of("TEMPORAL_ADDRESS", temporal.address());
    }

    @AfterAll
    static void stop() {
        factory.shutdownNow();
        conn.close();
        temporal.close();
    }

    private static WorkflowStub owner(String botId) {
        RuntimeMonitorWorkflow wf = conn.client()
                .newWorkflowStub(
                        RuntimeMonitorWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(RuntimeMonitorWorkflow.workflowId(botId))
                                .setTaskQueue(QUEUE)
                                .build());
        WorkflowClient.start(wf::run, (MonitorRequest) null);
        return WorkflowStub.fromTyped(wf);
    }

    @Test
    void strategyCReturnsTheEnginesConfirmation() throws Exception {
        WorkflowStub stub = owner("upd1");
        CliRun ok = CliRun.run(env, "strategy-c", "upd1", "--reason", "FOMC");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("Strategy C active for bot upd1: the engine confirmed its gate closed");

        CliRun json = CliRun.run(env, "strategy-c", "upd1", "--reason", "FOMC", "--json");
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.get("confirmed").asBoolean()).isTrue();
        assertThat(doc.get("holds").get(0).asText()).isEqualTo("OPERATOR");
        assertThat(doc.get("monitor").get("owner_state").asText()).isEqualTo("HELD");

        CliRun unconfirmed = CliRun.run(env, "strategy-c", "upd1", "--reason", "unconfirmed test");
        assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(unconfirmed.err()).contains("NOT confirmed by the engine: engine did not answer on its queue");
        stub.terminate("test done");
    }

    @Test
    void resumeIsRefusedWithTheReasonWhileNotValidated() throws Exception {
        WorkflowStub stub = owner("upd2");
        CliRun refused = CliRun.run(env, "resume", "upd2");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err())
                .contains("resume refused for bot upd2")
                .contains("gateway not validated: engine e2 is new (no session)");

        CliRun status = CliRun.run(env, "status", "upd2", "--json");
        JsonNode monitor = JSON.readTree(status.out()).get("monitor");
        assertThat(monitor.get("validated").asBoolean()).isFalse();
        assertThat(monitor.get("not_validated_reason").asText()).isEqualTo("engine e2 is new");

        stub.signal("connectionEvent", new ConnectionSignal(ConnectionSignal.Kind.STARTUP_VALIDATED, "A", 0, 1));
        CliRun resumed = CliRun.run(env, "resume", "upd2");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resumed: strategy A active for bot upd2");
        stub.terminate("test done");
    }

    @Test
    void anUpdateForABotWithoutAMonitorIsAClearError() {
        CliRun c = CliRun.run(env, "strategy-c", "nobody", "--reason", "x");
        assertThat(c.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(c.err()).contains("no running monitor for bot nobody");
        CliRun r = CliRun.run(env, "resume", "nobody");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).contains("no running monitor for bot nobody");
    }
}
