package dev.safestart.activities.monitor;

import dev.safestart.tws.GatewayProbe;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeResult;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.monitor.GatewayCheckActivities;
import dev.safestart.workflows.monitor.GatewayWatch;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.concurrent.TimeUnit;
import dev.safestart.workflows.monitor.ProbeCommand;
import dev.safestart.workflows.monitor.ProbeOutcome;
import java.time.Duration;

/** The monitor's independent probe: one API-level handshake with PROBE_CLIENT_ID (never the trading id). */
public final class ProbeGatewayCheckActivities implements GatewayCheckActivities {

    @Override
    public ProbeOutcome probeGateway(ProbeCommand command) {
        ProbeRequest request = ProbeRequest.of(command.host(), command.port(), command.probeClientId())
                .withTimeouts(ProbeRequest.DEFAULT_CONNECT_TIMEOUT, Duration.ofSeconds(Math.max(1, command.timeoutSeconds())));
        ProbeResult result = GatewayProbe.probe(request);
        return new ProbeOutcome(GatewayState.valueOf(result.state().name()), result.latencyMs(), result.detail());
    }

    /**
     * Probes every {@code intervalSeconds} and returns the first outcome whose state differs from the expected one
     * (or the last one after {@code maxSeconds}); heartbeats between probes.
     */
    @Override
    public ProbeOutcome watchGateway(GatewayWatch watch) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, watch.maxSeconds()));
        long interval = TimeUnit.SECONDS.toMillis(Math.max(1, watch.intervalSeconds()));
        while (true) {
            ProbeOutcome outcome = probeGateway(watch.probe());
            if (outcome.state() != watch.expected() || System.nanoTime() >= deadline) {
                return outcome;
            }
            long wakeAt = System.currentTimeMillis() + interval;
            while (System.currentTimeMillis() < wakeAt) {
                context.heartbeat(null);
                try {
                    Thread.sleep(Math.min(1_000, Math.max(1, wakeAt - System.currentTimeMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return outcome;
                }
            }
        }
    }
}
