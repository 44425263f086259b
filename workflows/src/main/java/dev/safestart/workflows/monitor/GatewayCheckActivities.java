package dev.safestart.workflows.monitor;

import io.temporal.activity.ActivityInterface;

/** The independent check: a probe with PROBE_CLIENT_ID, on the monitor's own task queue. */
@ActivityInterface(namePrefix = "Monitor")
public interface GatewayCheckActivities {
    ProbeOutcome probeGateway(ProbeTarget command);

    /** Long-lived: returns when the probed state differs from the expected one (see {@link GatewayWatch}). */
    ProbeOutcome watchGateway(GatewayWatch watch);
}
