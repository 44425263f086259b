package dev.safestart.workflows;

import dev.safestart.workflows.model.GatewayCheck;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.GatewayTarget;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The gateway checks of one startup attempt. Every method returns a classification; only infrastructure
 * trouble (a crashed worker, a timeout) is an exception, and Temporal retries it.
 */
@ActivityInterface
public interface GatewayActivities {

    /** TCP level only: is anything listening? PORT_CLOSED / UNREACHABLE, or portOpen=true with state UNKNOWN. */
    @ActivityMethod(name = "probePort")
    GatewayCheck probePort(GatewayTarget target);

    /** The full TWS API handshake with the probe client id, bounded by the handshake timeout. */
    @ActivityMethod(name = "validateAuth")
    GatewayCheck validateAuth(GatewayTarget target);

    /**
     * Watches the gateway cheaply (a short probe every ~250 ms, heartbeating) and returns as soon as it looks
     * READY, or with the last state seen after {@code maxWaitMillis}. Lets the workflow start the next attempt
     * the moment the gateway is up instead of sleeping out the whole backoff. Honors cancellation and has
     * closed its socket by the time it returns.
     */
    @ActivityMethod(name = "awaitGatewayReady")
    GatewayCheck awaitGatewayReady(GatewayTarget target, GatewayState lastState, long maxWaitMillis);
}
