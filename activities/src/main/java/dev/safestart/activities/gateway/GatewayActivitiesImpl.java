package dev.safestart.activities.gateway;

import dev.safestart.tws.ProbeResult;
import dev.safestart.tws.ProbeState;
import dev.safestart.workflows.GatewayActivities;
import dev.safestart.workflows.model.GatewayCheck;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.GatewayTarget;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * probePort, validateAuth and the readiness watch, over real sockets. A classified gateway state is always a
 * return value; nothing here throws for a gateway-side problem.
 */
public final class GatewayActivitiesImpl implements GatewayActivities {
    private static final Logger log = LoggerFactory.getLogger(GatewayActivitiesImpl.class);

    /** Upper bound of the TCP connect in probePort. */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** How often the watch looks at the gateway. */
    static final long WATCH_POLL_MILLIS = 200;
    /** The watch's handshake budget per look: a ready gateway answers in milliseconds; the attempt judges the rest. */
    static final Duration WATCH_HANDSHAKE = Duration.ofMillis(750);

    /** How long to give the gateway to release a probe client id we just closed before a second look. */
    static final long ID_RELEASE_MILLIS = 300;

    private final ApiProbe probe;
    private final ApiProbe watchProbe;

    /**
     * @param probe      the full probe of validateAuth
     * @param watchProbe the watch's probe: a short connect timeout, so one look stays well inside the heartbeat timeout
     */
    public GatewayActivitiesImpl(ApiProbe probe, ApiProbe watchProbe) {
        this.probe = probe;
        this.watchProbe = watchProbe;
    }

    /** Real sockets through the tws probe: 5 s connect for validateAuth, 1 s for the watch. */
    public static GatewayActivitiesImpl overTws() {
        return new GatewayActivitiesImpl(new TwsApiProbe(Duration.ofSeconds(5)), new TwsApiProbe(Duration.ofSeconds(1)));
    }

    @Override
    public GatewayCheck probePort(GatewayTarget target) {
        int connectTimeout = (int) Math.min(CONNECT_TIMEOUT_MILLIS, target.handshakeTimeoutSeconds() * 1000L);
        GatewayCheck check = PortCheck.check(target.host(), target.port(), connectTimeout);
        log.info("probePort {}: {} ({} ms) {}", target.address(), check.portOpen() ? "OPEN" : check.state(),
                Math.round(check.latencyMs()), check.detail());
        return check;
    }

    @Override
    public GatewayCheck validateAuth(GatewayTarget target) {
        Duration handshake = Duration.ofSeconds(target.handshakeTimeoutSeconds());
        GatewayCheck check = toCheck(probe.probe(target.host(), target.port(), target.probeClientId(), handshake));
        if (check.state() == GatewayState.CLIENT_ID_IN_USE || check.state() == GatewayState.CLOSED_BEFORE_READY) {
            // The gateway notices a closed connection asynchronously: the watch's (or a previous attempt's) probe,
            // closed a moment ago, may still hold the probe client id. One second look tells that from a real clash.
            sleepQuietly(ID_RELEASE_MILLIS);
            GatewayCheck second = toCheck(probe.probe(target.host(), target.port(), target.probeClientId(), handshake));
            check = new GatewayCheck(second.state(), second.portOpen(), second.latencyMs(),
                    second.detail() + " (second look after " + check.state() + ")", second.accounts(),
                    second.serverVersion(), second.checkedAtEpochMillis());
        }
        log.info("validateAuth {} (probe client id {}): {} ({} ms) {}", target.address(), target.probeClientId(),
                check.state(), Math.round(check.latencyMs()), check.detail());
        return check;
    }

    @Override
    public GatewayCheck awaitGatewayReady(GatewayTarget target, GatewayState lastState, long maxWaitMillis) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        Duration handshake = WATCH_HANDSHAKE.compareTo(Duration.ofSeconds(target.handshakeTimeoutSeconds())) < 0
                ? WATCH_HANDSHAKE : Duration.ofSeconds(target.handshakeTimeoutSeconds());
        long deadline = System.nanoTime() + Math.max(0, maxWaitMillis) * 1_000_000L;
        GatewayState seen = lastState == null ? GatewayState.UNKNOWN : lastState;
        while (true) {
            // Throws when the workflow cancelled the watch: the probe below has closed its socket by then.
            context.heartbeat(seen.name());
            GatewayCheck look = toCheck(watchProbe.probe(target.host(), target.port(), target.probeClientId(), handshake));
            seen = look.state();
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (look.ready() || left <= 0) {
                log.info("watch {}: {} ({} ms to spare)", target.address(), look.state(), Math.max(0, left));
                return look;
            }
            try {
                Thread.sleep(Math.min(WATCH_POLL_MILLIS, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return look;
            }
        }
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

    static GatewayCheck toCheck(ProbeResult r) {
        boolean portOpen = r.state() != ProbeState.PORT_CLOSED && r.state() != ProbeState.UNREACHABLE;
        return new GatewayCheck(toState(r.state()), portOpen, r.latencyMs(), r.detail(), r.accounts(),
                r.serverVersion(), System.currentTimeMillis());
    }
}
