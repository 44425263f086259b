package dev.safestart.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.engine.DefaultTradingEngine;
import dev.safestart.engine.TwsBrokerConnection;
import dev.safestart.workflows.monitor.EngineSnapshot;
import dev.safestart.workflows.monitor.StrategyCOrder;
import dev.safestart.workflows.monitor.TradingActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker polls, next to the bot's queue, a queue of its own engine ({@code <TASK_QUEUE>@<engineId>}). With two
 * workers (two engines) on one bot queue, a command addressed to one engine's queue always lands on that engine;
 * the bot queue's ping reports which engine answered and where to address it.
 */
@Timeout(60)
class EngineTaskQueueTest {

    @WorkflowInterface
    public interface Caller {
        /** Pings {@code count} times through {@code queue}; with {@code strategyC}, orders Strategy C there first. */
        @WorkflowMethod
        List<EngineSnapshot> call(String queue, int count, boolean strategyC);
    }

    public static class CallerImpl implements Caller {
        @Override
        public List<EngineSnapshot> call(String queue, int count, boolean strategyC) {
            TradingActivities engine = Workflow.newActivityStub(
                    TradingActivities.class,
                    ActivityOptions.newBuilder()
                            .setTaskQueue(queue)
                            .setStartToCloseTimeout(Duration.ofSeconds(10))
                            .build());
            List<EngineSnapshot> seen = new ArrayList<>();
            if (strategyC) {
                seen.add(engine.enterStrategyC(new StrategyCOrder(
                                "bot1",
                                "test",
                                "operator",
                                Workflow.currentTimeMillis(),
                                Workflow.currentTimeMillis(),
                                false))
                        .engine());
            }
            for (int i = 0; i < count; i++) {
                seen.add(engine.ping("bot1"));
            }
            return seen;
        }
    }

    @Test
    void aCommandForOneEngineLandsOnThatEngineNotOnTheBotsOtherWorker(@TempDir Path dir) {
        Map<String, String> env =
                Map.of("BOT_ID", "bot1", "TASK_QUEUE", "q-bot1", "SAFESTART_STATE_DIR", dir.toString());
        WorkerConfig config = WorkerConfig.fromEnv(env);
        try (TestWorkflowEnvironment testEnv = TestWorkflowEnvironment.newInstance();
                DefaultTradingEngine a = new DefaultTradingEngine(TwsBrokerConnection.connector());
                DefaultTradingEngine b = new DefaultTradingEngine(TwsBrokerConnection.connector())) {
            testEnv.newWorker("caller").registerWorkflowImplementationTypes(CallerImpl.class);
            testEnv.start();
            try (WorkerWiring wa = WorkerWiring.start(testEnv.getWorkflowClient(), config, a);
                    WorkerWiring wb = WorkerWiring.start(testEnv.getWorkflowClient(), config, b)) {
                String queueA = wa.engineTaskQueue();
                String queueB = wb.engineTaskQueue();
                assertThat(queueA).isEqualTo("q-bot1@" + a.engineId()).isNotEqualTo(queueB);

                for (EngineSnapshot s : call(testEnv, queueA, 12, false)) {
                    assertThat(s.engineId()).isEqualTo(a.engineId());
                    assertThat(s.engineTaskQueue()).isEqualTo(queueA);
                    assertThat(s.initialized())
                            .as("a new engine is not validated")
                            .isFalse();
                    assertThat(s.gatewayConnected()).isFalse();
                }
                List<EngineSnapshot> viaB = call(testEnv, queueB, 3, true);
                assertThat(viaB).allSatisfy(s -> assertThat(s.engineId()).isEqualTo(b.engineId()));

                // The bot's queue reaches one of the two; each answer says which engine, and its own queue.
                Set<String> answered = new HashSet<>();
                for (EngineSnapshot s : call(testEnv, "q-bot1", 12, false)) {
                    answered.add(s.engineId());
                    assertThat(s.engineTaskQueue()).isEqualTo("q-bot1@" + s.engineId());
                }
                assertThat(answered).isSubsetOf(a.engineId(), b.engineId());
            }
        }
    }

    private static List<EngineSnapshot> call(TestWorkflowEnvironment env, String queue, int count, boolean c) {
        Caller caller = env.getWorkflowClient()
                .newWorkflowStub(
                        Caller.class,
                        WorkflowOptions.newBuilder().setTaskQueue("caller").build());
        return caller.call(queue, count, c);
    }
}
