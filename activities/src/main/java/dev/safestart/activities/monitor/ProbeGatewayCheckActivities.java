package dev.safestart.activities.monitor;

import dev.safestart.tws.GatewayProbe;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeResult;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.monitor.GatewayCheckActivities;
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
}
