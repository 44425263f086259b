package dev.safestart.activities.monitor;

import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeResult;
import dev.safestart.tws.ReadinessCheck;
import dev.safestart.tws.ReadinessResult;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.monitor.GatewayCheckActivities;
import dev.safestart.workflows.monitor.GatewayWatch;
import dev.safestart.workflows.monitor.ProbeOutcome;
import dev.safestart.workflows.monitor.ProbeTarget;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The monitor's independent probe and reconnection check: the readiness check of the startup (a long handshake with
 * PROBE_CLIENT_ID, hedges with the derived ids, never the trading id), bounded by the command's timeout.
 */
public final class ProbeGatewayCheckActivities implements GatewayCheckActivities {

    @Override
    public ProbeOutcome probeGateway(ProbeTarget command) {
        ProbeRequest request = ProbeRequest.of(command.host(), command.port(), command.probeClientId())
                .withTimeouts(
                        ProbeRequest.DEFAULT_CONNECT_TIMEOUT,
                        Duration.ofSeconds(Math.max(1, command.timeoutSeconds())));
        ReadinessResult check = ReadinessCheck.attempt(request);
        ProbeResult result = check.result();
        return new ProbeOutcome(GatewayState.valueOf(result.state().name()), result.latencyMs(), check.detail());
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
