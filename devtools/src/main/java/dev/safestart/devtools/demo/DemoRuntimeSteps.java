package dev.safestart.devtools.demo;

import dev.safestart.cli.MonitorView;
import dev.safestart.engine.EngineEvent;
import dev.safestart.sim.SimMode;
import dev.safestart.workflows.monitor.MonitorDecision;
import dev.safestart.workflows.monitor.MonitorPhase;
import dev.safestart.workflows.monitor.MonitorStatus;
import dev.safestart.workflows.monitor.OwnerState;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The demo after VALIDATED: the runtime monitor watches the bot; the simulator plays the nightly restart
 * (2110, every socket dropped, port refused for a few seconds); the worker's order gate closes at once and the
 * monitor records Strategy C; the gateway comes back, the monitor re-validates and (AUTO_RESUME) resumes.
 */
public final class DemoRuntimeSteps {
    static final int RESTART_SECONDS = 4;

    private DemoRuntimeSteps() {}

    public static List<DemoStep> runtimeDemo() {
        return List.of(monitor(), drop(), recovery());
    }

    static DemoStep monitor() {
        return DemoSteps.step("Runtime monitor", ctx -> {
            WorkflowClient client = ctx.connection.client();
            // The VALIDATED startup reported to the bot's monitor (update-with-start), which started it.
            String id = RuntimeMonitorWorkflow.workflowId(DemoContext.BOT_ID);
            if (!isRunning(client, id)) {
                throw new IllegalStateException(id + " is not running: the VALIDATED startup should have started it");
            }
            ctx.out.println("  " + id + " started by the startup's report to the monitor");
            MonitorStatus s = await(
                    ctx,
                    // Armed on the validated engine and that engine's worker alive: the owner's engine watch
                    // completes only on a change, so a healthy bot has no "last answer" to wait for.
                    st -> st.phase() == MonitorPhase.MONITORING
                            && st.state() == OwnerState.ARMED
                            && st.validated()
                            && st.botWorkerAlive(),
                    Duration.ofSeconds(30));
            ctx.out.println("  " + RuntimeMonitorWorkflow.workflowId(DemoContext.BOT_ID) + " on task queue "
                    + ctx.config.toMonitorSettings().monitorTaskQueue() + ": gateway_connected=" + s.gatewayConnected()
                    + ", strategy_active=" + s.strategyActive() + ", bot worker alive, heartbeat every "
                    + ctx.config.heartbeatIntervalSeconds() + " s, independent probe every "
                    + ctx.config.monitorIntervalSeconds() + " s");
        });
    }

    static DemoStep drop() {
        return DemoSteps.step("Gateway drops (simulated nightly restart)", ctx -> {
            AtomicLong gateClosedNanos = new AtomicLong();
            ctx.engine.addListener(e -> {
                if (e.kind() == EngineEvent.Kind.CONNECTION && e.gateClosedNanos() > 0) {
                    gateClosedNanos.compareAndSet(0, e.gateClosedNanos());
                }
            });
            ctx.runtimeDropNanos = System.nanoTime();
            long dropMillis = System.currentTimeMillis();
            ctx.simulator.setMode(
                    SimMode.RESTART, Map.of("seconds", String.valueOf(RESTART_SECONDS), "notice", "true"));
            ctx.out.println("  simulator: 2110, all sockets dropped, port refused for " + RESTART_SECONDS + " s");
            MonitorStatus inC = await(ctx, st -> st.phase() != MonitorPhase.MONITORING, Duration.ofSeconds(10));
            long recorded = strategyCRecordedAt(ctx.connection.client(), dropMillis);
            ctx.out.printf(
                    Locale.ROOT,
                    "  order gate closed in the worker %.1f ms after the drop (orders refused: %s)%n",
                    (gateClosedNanos.get() - ctx.runtimeDropNanos) / 1e6,
                    !ctx.engine.status().orderGateOpen());
            ctx.out.printf(
                    Locale.ROOT,
                    "  Strategy C recorded in the monitor's history %d ms after the drop (trigger: %s)%n",
                    recorded - dropMillis,
                    lastDecision(inC, "ENTER_STRATEGY_C"));
        });
    }

    static DemoStep recovery() {
        return DemoSteps.step("Gateway back: re-validation and resume", ctx -> {
            MonitorStatus back = await(
                    ctx,
                    st -> st.phase() == MonitorPhase.MONITORING
                            && st.recentDecisions().stream()
                                    .anyMatch(d -> d.decision().equals("RESUMED")),
                    Duration.ofSeconds(60));
            for (MonitorDecision d : back.recentDecisions()) {
                if (List.of("ENTER_STRATEGY_C", "REVALIDATED", "RESUMED", "STAY_IN_C")
                        .contains(d.decision())) {
                    ctx.out.println("  " + d.decision() + " — " + d.trigger());
                }
            }
            ctx.out.printf(
                    Locale.ROOT,
                    "  strategy %s active again %.1f s after the drop (AUTO_RESUME=%s); order gate open: %s%n",
                    back.strategyActive(),
                    (System.nanoTime() - ctx.runtimeDropNanos) / 1e9,
                    ctx.config.autoResume(),
                    ctx.engine.status().orderGateOpen());
            MonitorView.print(ctx.out, back);
            ctx.out.println("  see it in history: temporal workflow show --workflow-id "
                    + RuntimeMonitorWorkflow.workflowId(DemoContext.BOT_ID) + " --address " + ctx.temporal.address());
        });
    }

    private static MonitorStatus await(DemoContext ctx, Predicate<MonitorStatus> condition, Duration limit)
            throws InterruptedException {
        RuntimeMonitorWorkflow monitor = ctx.connection
                .client()
                .newWorkflowStub(RuntimeMonitorWorkflow.class, RuntimeMonitorWorkflow.workflowId(DemoContext.BOT_ID));
        long deadline = System.nanoTime() + limit.toNanos();
        MonitorStatus last = null;
        while (System.nanoTime() < deadline) {
            last = monitor.status();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the monitor did not get there within " + limit.toSeconds() + " s: " + last);
    }

    private static long strategyCRecordedAt(WorkflowClient client, long afterMillis) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            OptionalLong at = MonitorHistory.strategyCScheduledAt(
                    client, RuntimeMonitorWorkflow.workflowId(DemoContext.BOT_ID), afterMillis);
            if (at.isPresent()) {
                return at.getAsLong();
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("Strategy C not found in the monitor's history");
    }

    private static boolean isRunning(WorkflowClient client, String workflowId) {
        try {
            return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
                    == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        } catch (WorkflowNotFoundException e) {
            return false;
        }
    }

    private static String lastDecision(MonitorStatus s, String decision) {
        return s.recentDecisions().stream()
                .filter(d -> d.decision().equals(decision))
                .reduce((a, b) -> b)
                .map(MonitorDecision::trigger)
                .orElse("?");
    }
}
