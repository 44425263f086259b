package dev.safestart.workflows.monitor;

import dev.safestart.workflows.model.GatewayState;
import java.util.concurrent.atomic.AtomicInteger;

public class FakeGatewayCheck implements GatewayCheckActivities {
    public volatile GatewayState state = GatewayState.READY;
    public final AtomicInteger probes = new AtomicInteger();

    @Override
    public ProbeOutcome probeGateway(ProbeCommand command) {
        probes.incrementAndGet();
        return new ProbeOutcome(state, 1.0, state == GatewayState.READY ? "accounts DU1" : "simulated " + state);
    }
}
