package dev.safestart.activities.monitor;

import dev.safestart.engine.EngineEvent;
import dev.safestart.engine.EngineEventListener;
import dev.safestart.workflows.monitor.ConnectionSignal;
import dev.safestart.workflows.monitor.EngineSnapshot;
import dev.safestart.workflows.monitor.RuntimeMonitorWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading worker's bridge from engine events to the monitor: registered as an {@link EngineEventListener}, it
 * is called on the protocol reader thread right after the order gate closed, and hands the Temporal signal to its
 * own single thread (so the reader never waits on the network and signals keep their order).
 */
public final class MonitorSignaller implements EngineEventListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MonitorSignaller.class);
    private final WorkflowClient client;
    private final String botId;
    private final ExecutorService sender;

    public MonitorSignaller(WorkflowClient client, String botId) {
        this.client = client;
        this.botId = botId;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "monitor-signal-" + botId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void onEngineEvent(EngineEvent event) {
        if (event.kind() != EngineEvent.Kind.CONNECTION || event.brokerEvent() == null) {
            return; // validations, C and resumes are decided by (or reported to) the monitor itself
        }
        ConnectionSignal signal = new ConnectionSignal(
                ConnectionSignal.Kind.valueOf(event.brokerEvent().name()),
                event.detail(),
                event.occurredAtEpochMillis(),
                event.sessionEpoch());
        sender.execute(() -> send(signal));
    }

    /**
     * Tells the bot's monitor (if one runs) that this worker's engine exists, so it can check the engine it validated
     * before anything else: a second worker is refused, a replacement is validated. Sent on the signaller's thread.
     */
    public void announce(EngineSnapshot engine) {
        sender.execute(() -> {
            String workflowId = RuntimeMonitorWorkflow.workflowId(botId);
            try {
                client.newWorkflowStub(RuntimeMonitorWorkflow.class, workflowId).engineStarted(engine);
                log.info("announced engine {} to {}", engine.engineId(), workflowId);
            } catch (WorkflowNotFoundException e) {
                log.info("no running {} yet: engine {} is validated by the next start", workflowId, engine.engineId());
            } catch (RuntimeException e) {
                log.warn("announcing engine {} to {} failed: {}", engine.engineId(), workflowId, e.toString());
            }
        });
    }

    private void send(ConnectionSignal signal) {
        String workflowId = RuntimeMonitorWorkflow.workflowId(botId);
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                client.newWorkflowStub(RuntimeMonitorWorkflow.class, workflowId).connectionEvent(signal);
                log.info("signalled {} of {}", workflowId, signal.kind());
                return;
            } catch (WorkflowNotFoundException e) {
                log.warn("no running {} to signal {} (gate is closed locally regardless)", workflowId, signal.kind());
                return;
            } catch (RuntimeException e) {
                log.warn("signal {} to {} failed (attempt {}): {}", signal.kind(), workflowId, attempt, e.toString());
                try {
                    Thread.sleep(200L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
