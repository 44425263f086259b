package dev.safestart.activities.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import dev.safestart.tws.ProbeState;
import dev.safestart.tws.ReadinessCheck;
import dev.safestart.workflows.GatewayActivities;
import dev.safestart.workflows.model.GatewayCheck;
import dev.safestart.workflows.model.GatewayState;
import dev.safestart.workflows.model.GatewayTarget;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.ActivityCanceledException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway activities against the simulator over real sockets: one test per classification. */
@Timeout(60)
class GatewayActivitiesSimTest {
    /**
     * The shortest gap the simulator may see between two new connections while the API is silent: the spacing, less
     * the delay of the simulator's own accept thread, which on a loaded 2-core machine reached ~100 ms (a gap of 406
     * ms for 500 ms spacing). Connections without spacing arrive within a few milliseconds of each other.
     */
    static final long SHORTEST_GAP_SEEN_MS = ReadinessCheck.CONNECT_SPACING.toMillis() - 150;

    private static final int PROBE_CLIENT_ID = 100;

    private GatewaySimulator sim;
    private TestActivityEnvironment activityEnv;
    private final GatewayActivitiesImpl activities = GatewayActivitiesImpl.overTws();

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults());
    }

    @AfterEach
    void stop() {
        if (activityEnv != null) {
            activityEnv.close();
        }
        sim.close();
    }

    /** The activities in Temporal's activity test environment (heartbeats, cancellation); closed after the test. */
    private TestActivityEnvironment activityEnvironment() {
        activityEnv = TestActivityEnvironment.newInstance();
        activityEnv.registerActivitiesImplementations(activities);
        return activityEnv;
    }

    private GatewayTarget target(int handshakeSeconds) {
        return new GatewayTarget(sim.host(), sim.port(), PROBE_CLIENT_ID, handshakeSeconds);
    }

    @Test
    void everyProbeStateHasAGatewayStateOfTheSameName() {
        for (ProbeState p : ProbeState.values()) {
            assertThat(GatewayActivitiesImpl.toState(p).name()).isEqualTo(p.name());
        }
        assertThat(Arrays.stream(GatewayState.values()).map(Enum::name))
                .containsAll(Arrays.stream(ProbeState.values()).map(Enum::name).toList());
    }

    @Test
    void ready() throws Exception {
        GatewayCheck port = activities.probePort(target(5));
        assertThat(port.portOpen()).isTrue();
        assertThat(port.state()).isEqualTo(GatewayState.UNKNOWN);

        GatewayCheck auth = activities.validateAuth(target(5));
        assertThat(auth.state()).as(auth.detail()).isEqualTo(GatewayState.READY);
        assertThat(auth.accounts()).containsExactly("DU1234567");
        assertThat(auth.serverVersion()).isBetween(100, 200);
        assertThat(auth.latencyMs()).isPositive().isLessThan(5_000);
        // The probe closed its socket: the gateway releases the probe client id for the next attempt.
        assertProbeIdReleased();
    }

    private void assertProbeIdReleased() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(sim.status().clientIds()).doesNotContain(PROBE_CLIENT_ID));
    }

    @Test
    void aClientIdStillHeldByOurOwnJustClosedProbeGetsASecondLook() {
        // Two validateAuth calls back to back, as after the watch fired: the second must not report a clash.
        assertThat(activities.validateAuth(target(5)).state()).isEqualTo(GatewayState.READY);
        assertThat(activities.validateAuth(target(5)).state()).isEqualTo(GatewayState.READY);
    }

    @Test
    void portClosed() throws Exception {
        sim.setMode(SimMode.PORT_CLOSED);
        GatewayCheck port = activities.probePort(target(5));
        assertThat(port.portOpen()).isFalse();
        assertThat(port.state()).isEqualTo(GatewayState.PORT_CLOSED);
        assertThat(port.detail()).contains("refused");
        assertThat(activities.validateAuth(target(5)).state()).isEqualTo(GatewayState.PORT_CLOSED);
    }

    @Test
    void portClosedOnAPortNothingEverListenedOn() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        GatewayCheck port = activities.probePort(new GatewayTarget("127.0.0.1", free, PROBE_CLIENT_ID, 5));
        assertThat(port.state()).isEqualTo(GatewayState.PORT_CLOSED);
    }

    @Test
    void unreachable() {
        GatewayTarget nowhere = new GatewayTarget("gateway.invalid", 4002, PROBE_CLIENT_ID, 2);
        GatewayCheck port = activities.probePort(nowhere);
        assertThat(port.state()).isEqualTo(GatewayState.UNREACHABLE);
        assertThat(port.portOpen()).isFalse();
        assertThat(activities.validateAuth(nowhere).state()).isEqualTo(GatewayState.UNREACHABLE);
    }

    @Test
    void apiNotReadyWithinTheHandshakeTimeout() throws Exception {
        sim.setMode(SimMode.API_NOT_READY);
        assertThat(activities.probePort(target(1)).portOpen())
                .as("port open is not API ready")
                .isTrue();
        long start = System.nanoTime();
        GatewayCheck auth = activities.validateAuth(target(1));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(auth.state()).as(auth.detail()).isEqualTo(GatewayState.API_NOT_READY);
        assertThat(tookMs).isBetween(900L, 3_000L);
    }

    @Test
    void aTcpCheckJustAfterASilentCheckOpensNoConnectionAndTheNextCheckKeepsTheSpacing() throws Exception {
        // An attempt after a silent one: probePort, then validateAuth. The gateway sees no extra TCP-only connection
        // and never two new connections closer than the spacing.
        sim.setMode(SimMode.API_NOT_READY);
        assertThat(activities.validateAuth(target(1)).state()).isEqualTo(GatewayState.API_NOT_READY);
        long accepted = sim.counters().accepted();
        GatewayCheck port = activities.probePort(target(1));
        assertThat(port.portOpen()).isTrue();
        assertThat(port.detail()).contains("no new one");
        assertThat(sim.counters().accepted()).as("no TCP-only connection").isEqualTo(accepted);
        assertThat(activities.validateAuth(target(1)).state()).isEqualTo(GatewayState.API_NOT_READY);
        assertThat(sim.counters().minSilentAcceptGapMs())
                .as("shortest gap between two connections while silent")
                .isGreaterThanOrEqualTo(SHORTEST_GAP_SEEN_MS);
    }

    @Test
    void whenThePortOpensSilentTheHandshakeAfterTheTcpCheckKeepsTheSpacing() throws Exception {
        // The attempt after a backoff whose watch last saw the port refused: the gateway has just opened, silent.
        sim.setMode(SimMode.PORT_CLOSED);
        assertThat(activities.validateAuth(target(1)).state()).isEqualTo(GatewayState.PORT_CLOSED);
        sim.setMode(SimMode.API_NOT_READY);
        assertThat(activities.probePort(target(1)).portOpen()).isTrue();
        assertThat(activities.validateAuth(target(1)).state()).isEqualTo(GatewayState.API_NOT_READY);
        assertThat(sim.counters().minSilentAcceptGapMs())
                .as("the TCP check's connection, then the handshake's")
                .isGreaterThanOrEqualTo(SHORTEST_GAP_SEEN_MS);
    }

    @Test
    void aGatewayThatIsUpIsNotPaced() {
        // A warm start: the TCP check, then at once the handshake (nothing known yet, or READY last time).
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            assertThat(activities.probePort(target(5)).portOpen()).isTrue();
            assertThat(activities.validateAuth(target(5)).state()).isEqualTo(GatewayState.READY);
            assertThat((System.nanoTime() - start) / 1_000_000).as("look %d", i).isLessThan(400);
        }
    }

    @Test
    void notAuthenticated() throws Exception {
        sim.setMode(SimMode.NOT_AUTHENTICATED);
        GatewayCheck auth = activities.validateAuth(target(1));
        assertThat(auth.state()).as(auth.detail()).isEqualTo(GatewayState.NOT_AUTHENTICATED);
        assertThat(auth.accounts()).isEmpty();
    }

    @Test
    void clientIdInUse() throws Exception {
        sim.setMode(SimMode.CLIENT_ID_IN_USE, Map.of("variant", "error326"));
        GatewayCheck auth = activities.validateAuth(target(2));
        assertThat(auth.state()).as(auth.detail()).isEqualTo(GatewayState.CLIENT_ID_IN_USE);
    }

    @Test
    void closedBeforeReady() throws Exception {
        sim.setMode(SimMode.CLIENT_ID_IN_USE, Map.of("variant", "closeOnly"));
        GatewayCheck auth = activities.validateAuth(target(2));
        assertThat(auth.state()).as(auth.detail()).isEqualTo(GatewayState.CLOSED_BEFORE_READY);
        assertThat(auth.detail()).contains(String.valueOf(PROBE_CLIENT_ID));
    }

    @Test
    void protocolError() throws Exception {
        sim.setMode(SimMode.GARBAGE, Map.of("variant", "badLength"));
        assertThat(activities.validateAuth(target(2)).state()).isEqualTo(GatewayState.PROTOCOL_ERROR);
    }

    @Test
    void versionUnsupported() throws Exception {
        try (GatewaySimulator old =
                GatewaySimulator.start(SimConfig.defaults().withVersions(80, 99).withAnswerOutOfRange(true))) {
            GatewayCheck auth = activities.validateAuth(new GatewayTarget(old.host(), old.port(), PROBE_CLIENT_ID, 2));
            assertThat(auth.state()).as(auth.detail()).isEqualTo(GatewayState.VERSION_UNSUPPORTED);
        }
    }

    // ---- the readiness watch, run as a real activity (heartbeats, cancellation) ----

    /** What the watch reports on each heartbeat: the state it last saw. */
    private static List<String> heartbeats(TestActivityEnvironment env) {
        List<String> seen = new CopyOnWriteArrayList<>();
        env.setActivityHeartbeatListener(String.class, seen::add);
        return seen;
    }

    private static GatewayActivities watchStub(TestActivityEnvironment env) {
        return env.newActivityStub(
                GatewayActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        .setHeartbeatTimeout(Duration.ofSeconds(5))
                        .build());
    }

    @Test
    void theWatchReturnsWithinAFewHundredMillisecondsOfTheGatewayTurningReady() throws Exception {
        sim.setMode(SimMode.NOT_AUTHENTICATED);
        TestActivityEnvironment env = activityEnvironment();
        GatewayActivities watch = watchStub(env);
        CompletableFuture<GatewayCheck> result = CompletableFuture.supplyAsync(
                () -> watch.awaitGatewayReady(target(5), GatewayState.NOT_AUTHENTICATED, 20_000));
        // The watch has looked three times and found nothing to report yet.
        long before = sim.status().counters().accepted();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> sim.status().counters().accepted() >= before + 3);
        assertThat(result).as("nothing to report yet").isNotDone();
        long turnedReady = System.nanoTime();
        sim.setMode(SimMode.READY);
        GatewayCheck check = result.get(15, TimeUnit.SECONDS);
        long lagMs = (System.nanoTime() - turnedReady) / 1_000_000;
        assertThat(check.state()).isEqualTo(GatewayState.READY);
        // Seen by the watch's next look, long before its 20 s max wait (the lag itself: bench readiness).
        assertThat(lagMs).as("lag %d ms", lagMs).isLessThan(10_000);
        assertProbeIdReleased();
    }

    @Test
    void theWatchFromAClosedPortSeesReadyQuickly() throws Exception {
        sim.setMode(SimMode.PORT_CLOSED);
        TestActivityEnvironment env = activityEnvironment();
        List<String> looks = heartbeats(env);
        GatewayActivities watch = watchStub(env);
        CompletableFuture<GatewayCheck> result = CompletableFuture.supplyAsync(
                () -> watch.awaitGatewayReady(target(5), GatewayState.PORT_CLOSED, 20_000));
        // The watch has found the port closed twice (its heartbeats carry what it saw).
        await().atMost(Duration.ofSeconds(20))
                .until(() -> looks.stream().filter("PORT_CLOSED"::equals).count() >= 2);
        long turnedReady = System.nanoTime();
        sim.setMode(SimMode.READY);
        GatewayCheck check = result.get(15, TimeUnit.SECONDS);
        long lagMs = (System.nanoTime() - turnedReady) / 1_000_000;
        assertThat(check.state()).isEqualTo(GatewayState.READY);
        // Seen by the watch's next connect, long before its 20 s max wait (the lag itself: bench readiness).
        assertThat(lagMs).as("lag %d ms", lagMs).isLessThan(10_000);
    }

    @Test
    void theWatchEndsWithItsMaxWaitReportingTheLastStateSeen() throws Exception {
        sim.setMode(SimMode.PORT_CLOSED);
        TestActivityEnvironment env = activityEnvironment();
        long start = System.nanoTime();
        GatewayCheck check = watchStub(env).awaitGatewayReady(target(5), GatewayState.UNKNOWN, 1_000);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(check.state()).isEqualTo(GatewayState.PORT_CLOSED);
        // Ends at its 1 s max wait: never before it; the upper bound only catches a watch that overruns it.
        assertThat(tookMs).isBetween(950L, 4_900L);
    }

    @Test
    void theWatchOnASilentApiEndsWithItsMaxWait() throws Exception {
        sim.setMode(SimMode.API_NOT_READY);
        TestActivityEnvironment env = activityEnvironment();
        long start = System.nanoTime();
        GatewayCheck check = watchStub(env).awaitGatewayReady(target(60), GatewayState.PORT_CLOSED, 2_000);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(check.state()).as(check.detail()).isEqualTo(GatewayState.API_NOT_READY);
        // Ends at its max wait, not at the 60 s handshake timeout of the look still waiting.
        assertThat(tookMs).as(check.detail()).isBetween(1_950L, 30_000L);
    }

    @Test
    void theWatchStopsWhenCancelled() throws Exception {
        sim.setMode(SimMode.PORT_CLOSED);
        TestActivityEnvironment env = activityEnvironment();
        List<String> looks = heartbeats(env);
        GatewayActivities watch = watchStub(env);
        CompletableFuture<GatewayCheck> result = CompletableFuture.supplyAsync(
                () -> watch.awaitGatewayReady(target(5), GatewayState.PORT_CLOSED, 30_000));
        await().atMost(Duration.ofSeconds(20)).until(() -> !looks.isEmpty()); // the watch is running
        env.requestCancelActivity();
        assertThat(result)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .satisfies(e -> assertThat(causeChain(e))
                        .anyMatch(c -> c instanceof ActivityCanceledException
                                || c instanceof CanceledFailure
                                || c instanceof ActivityFailure));
    }

    private static java.util.List<Throwable> causeChain(Throwable e) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
