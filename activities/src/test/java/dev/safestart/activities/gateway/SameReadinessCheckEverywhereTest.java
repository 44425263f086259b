package dev.safestart.activities.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.activities.monitor.ProbeGatewayCheckActivities;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.ModeChange;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import dev.safestart.workflows.GatewayActivities;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.GatewayTarget;
import dev.safestart.workflows.monitor.ProbeOutcome;
import dev.safestart.workflows.monitor.ProbeTarget;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every caller of the gateway's readiness runs the one hedged readiness check: a gateway that never answers the
 * sockets it accepted while silent (wedged) and then turns ready is seen within 1.5 s on the DEFAULT 60 s handshake
 * timeout by the startup's validateAuth (also its quick look), the startup's watch during a backoff, and the monitor's
 * probe and reconnection check. A caller that waited on one handshake would sit out the 60 s. No socket is left open
 * afterwards, and no 326 is caused. ({@code probe --wait}: ProbeCommandTest.)
 */
@Timeout(60)
class SameReadinessCheckEverywhereTest {
    private static final int HANDSHAKE_SECONDS = 60;
    private static final int PROBE_CLIENT_ID = 100;

    private GatewaySimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults().withInitialMode(SimMode.API_NOT_READY));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Runs {@code check} against the wedged gateway, turns it ready after a few silent sockets; the lag to READY. */
    private long lagToReady(Supplier<GatewayState> check) throws Exception {
        CompletableFuture<GatewayState> result = CompletableFuture.supplyAsync(check);
        await().atMost(10, TimeUnit.SECONDS).until(() -> sim.counters().acceptedWhileSilent() >= 2);
        ModeChange ready = sim.setMode(SimMode.READY, Map.of());
        GatewayState state = result.get(30, TimeUnit.SECONDS);
        long lag = Duration.between(ready.at(), Instant.now()).toMillis();
        assertThat(state).isEqualTo(GatewayState.READY);
        assertThat(sim.counters().errors326())
                .as("326 caused by our own probes")
                .isZero();
        await().atMost(5, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(sim.status().sessions()).isEmpty());
        return lag;
    }

    private GatewayTarget target(int handshakeSeconds) {
        return new GatewayTarget(sim.host(), sim.port(), PROBE_CLIENT_ID, handshakeSeconds);
    }

    @Test
    void theStartupsValidateAuth() throws Exception {
        GatewayActivitiesImpl activities = GatewayActivitiesImpl.overTws();
        long lag = lagToReady(
                () -> activities.validateAuth(target(HANDSHAKE_SECONDS)).state());
        assertThat(lag).as("lag from the mode change to READY").isLessThanOrEqualTo(1_500);
    }

    @Test
    void theStartupsQuickLookIsTheSameCheckOnAShorterBudget() throws Exception {
        GatewayActivitiesImpl activities = GatewayActivitiesImpl.overTws();
        long lag = lagToReady(() -> activities.validateAuth(target(2)).state());
        assertThat(lag).isLessThanOrEqualTo(1_500);
    }

    @Test
    void theStartupsWatchDuringABackoff() throws Exception {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(GatewayActivitiesImpl.overTws());
            GatewayActivities watch = env.newActivityStub(
                    GatewayActivities.class,
                    ActivityOptions.newBuilder()
                            .setStartToCloseTimeout(Duration.ofSeconds(40))
                            .setHeartbeatTimeout(Duration.ofSeconds(5))
                            .build());
            long lag = lagToReady(
                    () -> watch.awaitGatewayReady(target(HANDSHAKE_SECONDS), GatewayState.API_NOT_READY, 30_000)
                            .state());
            assertThat(lag).isLessThanOrEqualTo(1_500);
        } finally {
            env.close();
        }
    }

    @Test
    void theMonitorsProbeAndReconnectionCheck() throws Exception {
        ProbeGatewayCheckActivities monitor = new ProbeGatewayCheckActivities();
        long lag = lagToReady(() -> {
            ProbeOutcome outcome = monitor.probeGateway(
                    new ProbeTarget("bot", sim.host(), sim.port(), PROBE_CLIENT_ID, HANDSHAKE_SECONDS));
            return outcome.state();
        });
        assertThat(lag).isLessThanOrEqualTo(1_500);
    }
}
