package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeState;
import dev.safestart.tws.ReadinessCheck;
import dev.safestart.tws.ReadinessResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The readiness check against the simulator over real sockets, with the default 60 s handshake timeout: a queued
 * answer is taken at once, a wedged gateway that turned ready is found by a hedge, the politeness rules hold
 * (asserted from the simulator's own counters) and no socket is left open afterwards.
 */
class ReadinessVsSimTest {
    /**
     * The shortest gap the simulator may see between two new connections while the API is silent: the spacing, less
     * the delay of the simulator's own accept thread, which on a loaded 2-core machine reached ~100 ms (a gap of 406
     * ms for 500 ms spacing). Connections without spacing arrive within a few milliseconds of each other.
     */
    static final long SHORTEST_GAP_SEEN_MS = ReadinessCheck.CONNECT_SPACING.toMillis() - 150;

    private static final Duration HANDSHAKE = Duration.ofSeconds(60);
    private static final int PROBE_CLIENT_ID = 100;

    private GatewaySimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults().withInitialMode(SimMode.PORT_CLOSED));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private CompletableFuture<ReadinessResult> checkInBackground(Duration budget, boolean untilReady) {
        ProbeRequest request = ProbeRequest.of("127.0.0.1", sim.port(), PROBE_CLIENT_ID)
                .withTimeouts(Duration.ofSeconds(5), HANDSHAKE);
        return CompletableFuture.supplyAsync(() -> new ReadinessCheck(request, budget, untilReady, null).run());
    }

    private static long lagMs(ReadinessResult r, ModeChange change) {
        return Duration.between(change.at(), r.readyAt()).toMillis();
    }

    private void assertNoSocketLeftOpen() {
        await().atMost(5, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(sim.status().sessions()).isEmpty());
    }

    @Test
    void queuedAnswerIsTakenWithin100msWhileALongHandshakeIsPending() throws Exception { // EC-27
        sim.setMode(SimMode.API_NOT_READY, Map.of(ModeParams.QUEUED, "true"));
        CompletableFuture<ReadinessResult> check = checkInBackground(HANDSHAKE, false);
        // the long handshake (client id 100) is accepted and waits, unanswered
        await().atMost(10, TimeUnit.SECONDS)
                .until(() ->
                        sim.status().sessions().stream().anyMatch(s -> s.state().equals("QUEUED")));
        await().pollDelay(Duration.ofMillis(600)).atMost(10, TimeUnit.SECONDS).until(() -> true);
        ModeChange ready = sim.setMode(SimMode.READY, Map.of());

        ReadinessResult r = check.get(30, TimeUnit.SECONDS);
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.READY);
        assertThat(lagMs(r, ready))
                .as("lag from the mode change to READY: %s", r.detail())
                .isLessThan(100);
        assertThat(sim.counters().errors326())
                .as("326 caused by our own probes")
                .isZero();
        assertThat(r.peakOpen()).isLessThanOrEqualTo(ReadinessCheck.MAX_OPEN);
        assertNoSocketLeftOpen();
    }

    @Test
    void wedgedGatewayThatTurnedReadyIsSeenByAHedgeWithin1500ms() throws Exception { // EC-26
        sim.setMode(SimMode.API_NOT_READY, Map.of());
        CompletableFuture<ReadinessResult> check = checkInBackground(HANDSHAKE, false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> sim.counters().acceptedWhileSilent() >= 3);
        ModeChange ready = sim.setMode(SimMode.READY, Map.of());

        ReadinessResult r = check.get(30, TimeUnit.SECONDS);
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.READY);
        assertThat(r.wonByHedge())
                .as("the long handshake stays wedged: a hedge wins")
                .isTrue();
        assertThat(lagMs(r, ready))
                .as("lag from the mode change to READY: %s", r.detail())
                .isLessThanOrEqualTo(1500);
        assertThat(sim.counters().errors326()).isZero();
        assertNoSocketLeftOpen();
    }

    @Test
    void politeWhileRefusedAndWhileSilent() throws Exception {
        CompletableFuture<ReadinessResult> check = checkInBackground(Duration.ofSeconds(4), true);
        // refused: TCP connects only — nothing reaches the gateway, the check counts refused connects
        await().pollDelay(Duration.ofMillis(800)).atMost(10, TimeUnit.SECONDS).until(() -> true);
        assertThat(sim.counters().accepted()).isZero();
        ModeChange silent = sim.setMode(SimMode.API_NOT_READY, Map.of());

        ReadinessResult r = check.get(30, TimeUnit.SECONDS);
        double silentSeconds =
                Duration.between(silent.at(), java.time.Instant.now()).toMillis() / 1000.0;
        SimStatus.Counters counters = sim.counters();
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.API_NOT_READY);
        assertThat(r.elapsedMs())
                .as("the check ends with its budget: %s", r.detail())
                .isLessThan(4_600);
        assertThat(r.refused()).as("refused connects before the port opened").isGreaterThan(0);
        assertThat(counters.peakOpen())
                .as("sockets open at once, seen by the gateway")
                .isLessThanOrEqualTo(3);
        assertThat((double) counters.acceptedWhileSilent())
                .as("new connections while silent, %s s", silentSeconds)
                .isLessThanOrEqualTo(2 * silentSeconds + 1);
        assertThat(counters.acceptedWhileSilent()).as("hedging happened").isGreaterThanOrEqualTo(3);
        // at most two new connections a second: the gateway never saw two closer than the spacing (less jitter)
        assertThat(counters.minSilentAcceptGapMs())
                .as("shortest gap between two connections while silent")
                .isGreaterThanOrEqualTo(SHORTEST_GAP_SEEN_MS);
        assertThat(counters.errors326()).isZero();
        assertThat(r.connections()).isEqualTo((int) counters.accepted());
        assertNoSocketLeftOpen();
    }

    @Test
    void theSpacingHoldsFromOneCheckToTheNextWhileTheApiIsSilent() throws Exception {
        // A watch whose budget ends just after its third connection, then at once the next check (as the attempt
        // after a backoff): the gateway must not see two new connections closer than the spacing at the hand-over.
        sim.setMode(SimMode.API_NOT_READY, Map.of());
        ReadinessResult first =
                checkInBackground(Duration.ofMillis(1_100), true).get(10, TimeUnit.SECONDS);
        assertThat(first.state()).isEqualTo(ProbeState.API_NOT_READY);
        assertThat(first.connections()).as(first.detail()).isEqualTo(3);
        ReadinessResult next =
                checkInBackground(Duration.ofMillis(1_000), false).get(10, TimeUnit.SECONDS);
        assertThat(next.state()).isEqualTo(ProbeState.API_NOT_READY);

        SimStatus.Counters counters = sim.counters();
        assertThat(counters.acceptedWhileSilent()).isGreaterThanOrEqualTo(5);
        assertThat(counters.minSilentAcceptGapMs())
                .as("shortest gap between two connections while silent, across the two checks")
                .isGreaterThanOrEqualTo(SHORTEST_GAP_SEEN_MS);
        assertNoSocketLeftOpen();
    }

    @Test
    void aGatewayThatAnsweredIsNotPacedAcrossChecks() throws Exception {
        // READY is not silent: a check right after a READY one connects at once (the warm start's quick look).
        sim.setMode(SimMode.READY, Map.of());
        assertThat(checkInBackground(HANDSHAKE, false).get(10, TimeUnit.SECONDS).state())
                .isEqualTo(ProbeState.READY);
        ReadinessResult again = checkInBackground(HANDSHAKE, false).get(10, TimeUnit.SECONDS);
        assertThat(again.state()).isEqualTo(ProbeState.READY);
        assertThat(again.elapsedMs()).as(again.detail()).isLessThan(400);
    }

    @Test
    void queuedSocketsGetTheirHandshakeWhenTheModeTurnsReadyAndWedgedOnesNever() throws Exception {
        sim.setMode(SimMode.API_NOT_READY, Map.of(ModeParams.QUEUED, "true"));
        try (RawClient queued = RawClient.connect(sim.port()).hello("v100..200")) {
            // accepted (not just in the kernel's backlog) under queued=true before the mode changes
            await().atMost(5, TimeUnit.SECONDS)
                    .until(() -> sim.status().sessions().size() == 1);
            sim.setMode(SimMode.API_NOT_READY, Map.of());
            try (RawClient wedged = RawClient.connect(sim.port()).hello("v100..200")) {
                await().atMost(5, TimeUnit.SECONDS)
                        .until(() -> sim.status().sessions().size() == 2);
                sim.setMode(SimMode.READY, Map.of());
                List<String> hello = queued.read();
                assertThat(hello.get(0)).isEqualTo("200");
                assertThat(wedged.silentFor(Duration.ofMillis(500))).isTrue();
            }
        }
        assertNoSocketLeftOpen();
    }

    @Test
    void queuedIsAParameterOfApiNotReadyOnly() {
        assertThat(ModeParams.validate(SimMode.API_NOT_READY, Map.of())).containsEntry(ModeParams.QUEUED, "false");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ModeParams.validate(SimMode.READY, Map.of("queued", "true")))
                .hasMessageContaining("queued");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ModeParams.validate(SimMode.API_NOT_READY, Map.of("queued", "yes")))
                .hasMessageContaining("true or false");
    }

    @Test
    void theRealLoginScenarioQueuesItsSilentSockets() {
        Scenario real = Scenario.builtIn("real-login");
        assertThat(real.steps().get(1).mode()).isEqualTo(SimMode.API_NOT_READY);
        assertThat(real.steps().get(1).params()).containsEntry(ModeParams.QUEUED, "true");
    }

    @Test
    void hedgesThatSentTheirIdCauseNo326WhileTheGatewayAnswersButIsNotLoggedIn() throws Exception {
        sim.setMode(SimMode.NOT_AUTHENTICATED, Map.of());
        CompletableFuture<ReadinessResult> check = checkInBackground(Duration.ofSeconds(20), true);
        await().atMost(10, TimeUnit.SECONDS).until(() -> sim.counters().accepted() >= 5);
        ModeChange ready = sim.setMode(SimMode.READY, Map.of());

        ReadinessResult r = check.get(30, TimeUnit.SECONDS);
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.READY);
        assertThat(lagMs(r, ready)).as(r.detail()).isLessThanOrEqualTo(1500);
        assertThat(sim.counters().errors326())
                .as("326 caused by reusing a hedge id")
                .isZero();
        assertThat(sim.counters().peakOpen()).isLessThanOrEqualTo(3);
        assertNoSocketLeftOpen();
    }
}
