package dev.safestart.sim;

import static dev.safestart.sim.SimReadyTest.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.tws.GatewayProbe;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ProbeResult;
import dev.safestart.tws.ProbeState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our client ({@link GatewayProbe}) against the simulator in every mode: exactly the expected classification, and
 * for the states only a timeout can reveal, given at the configured handshake timeout ± 10 %.
 */
class ProbeVsSimTest {
    private static final Duration HANDSHAKE = Duration.ofMillis(2000);
    private static final Duration CONNECT = Duration.ofMillis(1000);
    private static final int PROBE_CLIENT_ID = 100;

    private GatewaySimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(
                SimConfig.defaults().withAccounts(List.of("DU1234567")).withFirstOrderId(500));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private ProbeResult probe() {
        return probe(sim.port());
    }

    private static ProbeResult probe(int port) {
        return GatewayProbe.probe(
                ProbeRequest.of("127.0.0.1", port, PROBE_CLIENT_ID).withTimeouts(CONNECT, HANDSHAKE));
    }

    /** The result, checked to have come well before the handshake timeout. */
    private ProbeResult fast(SimMode mode, Map<String, String> params) {
        sim.setMode(mode, params);
        long t0 = System.nanoTime();
        ProbeResult result = probe();
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(wallMs)
                .as("%s answered before the timeout: %s", mode, result)
                .isLessThan(HANDSHAKE.toMillis() / 2);
        return result;
    }

    /** The result, checked to have come at the handshake timeout ± 10 % (wall clock and reported latency). */
    private ProbeResult atTimeout(SimMode mode, Map<String, String> params) {
        sim.setMode(mode, params);
        long t0 = System.nanoTime();
        ProbeResult result = probe();
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        long lo = Math.round(HANDSHAKE.toMillis() * 0.9);
        long hi = Math.round(HANDSHAKE.toMillis() * 1.1);
        assertThat(wallMs).as("%s wall time: %s", mode, result).isBetween(lo, hi);
        assertThat(result.latencyMs()).as("%s reported latency", mode).isBetween((double) lo, (double) hi);
        return result;
    }

    @Test
    void readyGivesAccountsVersionAndNextOrderId() {
        ProbeResult r = fast(SimMode.READY, Map.of());
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.READY);
        assertThat(r.accounts()).containsExactly("DU1234567");
        assertThat(r.serverVersion()).isEqualTo(200);
        assertThat(r.nextOrderId()).isGreaterThanOrEqualTo(500);
        assertThat(r.connectionTime()).isNotBlank();
        assertThat(ProbeState.READY.isReady()).isTrue();
        // the probe hangs up: its client id is free again at once for the next probe
        ProbeResult again = fast(SimMode.READY, Map.of());
        assertThat(again.state()).isEqualTo(ProbeState.READY);
        assertThat(again.nextOrderId()).isGreaterThan(r.nextOrderId());
    }

    @Test
    void portClosedIsRefusedAtOnce() { // EC-01
        ProbeResult r = fast(SimMode.PORT_CLOSED, Map.of());
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.PORT_CLOSED);
    }

    @Test
    void apiNotReadyAtTheHandshakeTimeout() { // EC-02
        ProbeResult r = atTimeout(SimMode.API_NOT_READY, Map.of());
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.API_NOT_READY);
    }

    @Test
    void halfOpenLooksLikeApiNotReadyToANewClient() {
        ProbeResult r = atTimeout(SimMode.HALF_OPEN, Map.of());
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.API_NOT_READY);
    }

    @Test
    void notAuthenticatedAtTheHandshakeTimeout() { // EC-03
        ProbeResult r = atTimeout(SimMode.NOT_AUTHENTICATED, Map.of());
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.NOT_AUTHENTICATED);
        assertThat(r.serverVersion()).isEqualTo(200);
    }

    @Test
    void slowHandshakeWithinTheTimeoutIsReadyAndShowsTheDelay() { // EC-08
        sim.setMode(SimMode.SLOW_HANDSHAKE, params("delayMs", "600"));
        ProbeResult r = probe();
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.READY);
        assertThat(r.latencyMs()).isBetween(600.0, 1500.0);
    }

    @Test
    void slowHandshakePastTheTimeoutIsApiNotReady() {
        ProbeResult r = atTimeout(SimMode.SLOW_HANDSHAKE, params("delayMs", "5000"));
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.API_NOT_READY);
    }

    @Test
    void clientIdInUseWith326() { // EC-17
        ProbeResult r = fast(SimMode.CLIENT_ID_IN_USE, Map.of());
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.CLIENT_ID_IN_USE);
    }

    @Test
    void clientIdInUseCloseOnlyIsClosedBeforeReadyNamingTheClientId() {
        ProbeResult r = fast(SimMode.CLIENT_ID_IN_USE, params("variant", "closeOnly"));
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.CLOSED_BEFORE_READY);
        assertThat(r.detail()).contains(Integer.toString(PROBE_CLIENT_ID)).contains("in use?");
    }

    @Test
    void aRealDuplicateInReadyModeIsClientIdInUse() throws Exception {
        try (RawClient holder = RawClient.connect(sim.port()).hello("v100..193")) {
            holder.read();
            holder.startApi(PROBE_CLIENT_ID);
            holder.readUntil("9");
            ProbeResult r = fast(SimMode.READY, Map.of());
            assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.CLIENT_ID_IN_USE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"badLength", "oversized", "truncated", "nonNumericVersion", "nonNumericNextId"})
    void garbageIsProtocolError(String variant) {
        ProbeResult r = fast(SimMode.GARBAGE, params("variant", variant));
        assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.PROTOCOL_ERROR);
    }

    @Test
    void aServerAnsweringOutsideTheClientsRangeIsVersionUnsupported() throws Exception {
        // Older gateways answer their own version whatever the client offers; the client must refuse it.
        try (GatewaySimulator old =
                GatewaySimulator.start(SimConfig.defaults().withVersions(80, 99).withAnswerOutOfRange(true))) {
            ProbeResult r = probe(old.port());
            assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.VERSION_UNSUPPORTED);
            assertThat(r.serverVersion()).isEqualTo(99);
        }
        // Current gateways just close on a range they cannot meet: closed before ready.
        try (GatewaySimulator strict =
                GatewaySimulator.start(SimConfig.defaults().withVersions(80, 99))) {
            ProbeResult r = probe(strict.port());
            assertThat(r.state()).as(r.detail()).isEqualTo(ProbeState.CLOSED_BEFORE_READY);
        }
    }

    @Test
    void dropAllAndRestoredBehaveReadyForANewProbe() {
        assertThat(fast(SimMode.DROP_ALL, Map.of()).state()).isEqualTo(ProbeState.READY);
        assertThat(fast(SimMode.CONNECTIVITY_LOST, Map.of()).state()).isEqualTo(ProbeState.READY);
        assertThat(fast(SimMode.RESTORED, Map.of()).state()).isEqualTo(ProbeState.READY);
    }

    @Test
    void restartRefusesThenComesBackReady() throws Exception {
        ProbeResult during = fast(SimMode.RESTART, params("seconds", "1"));
        assertThat(during.state()).as(during.detail()).isEqualTo(ProbeState.PORT_CLOSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.mode() == SimMode.READY);
        assertThat(probe().state()).isEqualTo(ProbeState.READY);
    }

    @Test
    void theClassicStartupStoryIsSeenStateByStateByRepeatedProbes() throws Exception {
        Scenario quick = Scenario.fromJson("""
                {"name":"classic-fast","steps":[
                  {"mode":"PORT_CLOSED","seconds":0.5},
                  {"mode":"API_NOT_READY","seconds":1.5},
                  {"mode":"NOT_AUTHENTICATED","seconds":1.5},
                  {"mode":"READY"}]}""");
        ScenarioPlayer player = sim.play(quick);
        java.util.LinkedHashSet<ProbeState> seen = new java.util.LinkedHashSet<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    ProbeResult r = GatewayProbe.probe(ProbeRequest.of("127.0.0.1", sim.port(), PROBE_CLIENT_ID)
                            .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(400)));
                    seen.add(r.state());
                    return r.isReady();
                });
        assertThat(seen)
                .containsExactly(
                        ProbeState.PORT_CLOSED,
                        ProbeState.API_NOT_READY,
                        ProbeState.NOT_AUTHENTICATED,
                        ProbeState.READY);
        assertThat(player.readyAt()).isPresent();
    }
}
