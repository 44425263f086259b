package dev.safestart.activities.gateway;

import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeResult;
import dev.safestart.tws.ProbeState;
import dev.safestart.tws.ReadinessCheck;
import dev.safestart.tws.ReadinessResult;
import dev.safestart.workflows.GatewayActivities;
import dev.safestart.workflows.model.GatewayCheck;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.GatewayTarget;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * probePort, validateAuth and the readiness watch, over real sockets. validateAuth and the watch run the one
 * {@link ReadinessCheck} (a long handshake plus hedges, first READY wins). A classified gateway state is always a
 * return value; nothing here throws for a gateway-side problem.
 */
public final class GatewayActivitiesImpl implements GatewayActivities {
    private static final Logger log = LoggerFactory.getLogger(GatewayActivitiesImpl.class);

    /** Upper bound of the TCP connect in probePort. */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** How long to give the gateway to release a probe client id we just closed before a second look. */
    static final long ID_RELEASE_MILLIS = 300;

    private final Duration connectTimeout;
    private final Duration watchConnectTimeout;

    /**
     * @param connectTimeout      TCP connect bound of validateAuth's connections
     * @param watchConnectTimeout the watch's: short, so a hanging connect stays well inside the heartbeat timeout
     */
    public GatewayActivitiesImpl(Duration connectTimeout, Duration watchConnectTimeout) {
        this.connectTimeout = connectTimeout;
        this.watchConnectTimeout = watchConnectTimeout;
    }

    /** Real sockets through the tws readiness check: 5 s connect for validateAuth, 1 s for the watch. */
    public static GatewayActivitiesImpl overTws() {
        return new GatewayActivitiesImpl(Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    @Override
    public GatewayCheck probePort(GatewayTarget target) {
        int connectTimeout = (int) Math.min(CONNECT_TIMEOUT_MILLIS, target.handshakeTimeoutSeconds() * 1000L);
        GatewayCheck check = PortCheck.check(target.host(), target.port(), connectTimeout);
        log.info(
                "probePort {}: {} ({} ms) {}",
                target.address(),
                check.portOpen() ? "OPEN" : check.state(),
                Math.round(check.latencyMs()),
                check.detail());
        return check;
    }

    @Override
    public GatewayCheck validateAuth(GatewayTarget target) {
        Duration handshake = Duration.ofSeconds(target.handshakeTimeoutSeconds());
        GatewayCheck check = attempt(target, handshake);
        if (check.state() == GatewayState.CLIENT_ID_IN_USE || check.state() == GatewayState.CLOSED_BEFORE_READY) {
            // The gateway notices a closed connection asynchronously: the watch's (or a previous attempt's) probe,
            // closed a moment ago, may still hold the probe client id. One second look tells that from a real clash.
            sleepQuietly(ID_RELEASE_MILLIS);
            GatewayCheck second = attempt(target, handshake);
            check = new GatewayCheck(
                    second.state(),
                    second.portOpen(),
                    second.latencyMs(),
                    second.detail() + " (second look after " + check.state() + ")",
                    second.accounts(),
                    second.serverVersion(),
                    second.checkedAtEpochMillis());
        }
        log.info(
                "validateAuth {} (probe client id {}): {} ({} ms) {}",
                target.address(),
                target.probeClientId(),
                check.state(),
                Math.round(check.latencyMs()),
                check.detail());
        return check;
    }

    /**
     * Watches until READY or {@code maxWaitMillis}: the same readiness check as validateAuth, kept going past
     * non-READY answers. Heartbeats on every turn, so a cancellation stops it at once (every socket closed first).
     */
    @Override
    public GatewayCheck awaitGatewayReady(GatewayTarget target, GatewayState lastState, long maxWaitMillis) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        context.heartbeat(lastState == null ? GatewayState.UNKNOWN.name() : lastState.name());
        Optional<ProbeRequest> request =
                request(target, watchConnectTimeout, Duration.ofSeconds(target.handshakeTimeoutSeconds()));
        if (request.isEmpty()) {
            return invalidTarget(target);
        }
        ReadinessResult r = new ReadinessCheck(
                        request.get(),
                        Duration.ofMillis(Math.max(1, maxWaitMillis)),
                        true,
                        seen -> context.heartbeat(seen.name()))
                .run();
        GatewayCheck look = toCheck(r);
        log.info("watch {}: {} {}", target.address(), look.state(), look.detail());
        return look;
    }

    /** One attempt's readiness check: READY, a definitive answer, or the handshake timeout. */
    private GatewayCheck attempt(GatewayTarget target, Duration handshake) {
        Optional<ProbeRequest> request = request(target, connectTimeout, handshake);
        return request.isEmpty() ? invalidTarget(target) : toCheck(ReadinessCheck.attempt(request.get()));
    }

    private static Optional<ProbeRequest> request(GatewayTarget target, Duration connect, Duration handshake) {
        try {
            return Optional.of(ProbeRequest.of(target.host(), target.port(), target.probeClientId())
                    .withTimeouts(connect, handshake));
        } catch (IllegalArgumentException | NullPointerException e) {
            // The workflow validates settings first; this only guards a direct caller.
            return Optional.empty();
        }
    }

    private static GatewayCheck invalidTarget(GatewayTarget target) {
        return new GatewayCheck(
                GatewayState.UNREACHABLE,
                false,
                0,
                "invalid gateway target " + target.address(),
                java.util.List.of(),
                0,
                System.currentTimeMillis());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The protocol client's classification, mirrored by name into the workflow's enum. */
    static GatewayState toState(ProbeState state) {
        if (state == null) {
            return GatewayState.UNKNOWN;
        }
        try {
            return GatewayState.valueOf(state.name());
        } catch (IllegalArgumentException e) {
            return GatewayState.UNKNOWN;
        }
    }

    static GatewayCheck toCheck(ReadinessResult r) {
        ProbeResult p = r.result();
        boolean portOpen =
                r.connections() > 0 || (p.state() != ProbeState.PORT_CLOSED && p.state() != ProbeState.UNREACHABLE);
        return new GatewayCheck(
                toState(p.state()),
                portOpen,
                p.latencyMs(),
                r.detail(),
                p.accounts(),
                p.serverVersion(),
                System.currentTimeMillis());
    }

    static GatewayCheck toCheck(ProbeResult r) {
        boolean portOpen = r.state() != ProbeState.PORT_CLOSED && r.state() != ProbeState.UNREACHABLE;
        return new GatewayCheck(
                toState(r.state()),
                portOpen,
                r.latencyMs(),
                r.detail(),
                r.accounts(),
                r.serverVersion(),
                System.currentTimeMillis());
    }
}
