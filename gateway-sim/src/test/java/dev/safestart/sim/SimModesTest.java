package dev.safestart.sim;

import static dev.safestart.sim.SimReadyTest.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.tws.Frames;
import dev.safestart.tws.TwsProtocolException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every mode as a raw-socket client observes it. */
class SimModesTest {
    private GatewaySimulator sim;
    private final List<ModeChange> changes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults().withFarmNotices(false));
        sim.addModeListener((mode, at) -> changes.add(new ModeChange(mode, Map.of(), at)));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private RawClient ready(int clientId, String range) throws IOException {
        RawClient c = RawClient.connect(sim.port()).hello(range);
        c.read();
        c.startApi(clientId);
        c.readUntil("9");
        return c;
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void portClosedReallyStopsListeningAndReopensOnTheSamePort() throws Exception {
        int port = sim.port();
        try (RawClient up = ready(1, "v100..193")) {
            sim.setMode(SimMode.PORT_CLOSED);
            assertThat(refused(port)).isTrue();
            assertThat(up.closedWithin(Duration.ofSeconds(10)))
                    .as("sessions of a stopped gateway end")
                    .isTrue();
            assertThat(sim.status().listening()).isFalse();
        }
        sim.setMode(SimMode.READY);
        assertThat(sim.port()).isEqualTo(port);
        try (RawClient again = ready(1, "v100..193")) {
            assertThat(sim.status().clientIds()).containsExactly(1);
        }
    }

    @Test
    void whileClosedThePortStaysReservedSoNoOtherProcessIsHandedIt() throws Exception {
        sim.setMode(SimMode.PORT_CLOSED);
        for (int i = 0; i < 20; i++) {
            assertThat(refused(sim.port())).isTrue();
        }
        assertThatThrownBy(() -> {
                    try (java.net.ServerSocket intruder = new java.net.ServerSocket()) {
                        intruder.setReuseAddress(true);
                        intruder.bind(new InetSocketAddress("127.0.0.1", sim.port()));
                    }
                })
                .isInstanceOf(java.net.BindException.class);
        sim.setMode(SimMode.READY);
        ready(1, "v100..193").close();
    }

    @Test
    void startingInPortClosedStillReservesAPort() throws Exception {
        sim.close();
        sim = GatewaySimulator.start(SimConfig.defaults().withInitialMode(SimMode.PORT_CLOSED));
        assertThat(sim.port()).isPositive();
        assertThat(refused(sim.port())).isTrue();
        sim.setMode(SimMode.READY);
        ready(1, "v100..193").close();
    }

    @Test
    void apiNotReadyAcceptsTcpAndStaysSilent() throws Exception {
        sim.setMode(SimMode.API_NOT_READY);
        try (RawClient c = RawClient.connect(sim.port()).hello("v100..193")) {
            assertThat(c.silentFor(Duration.ofMillis(700))).isTrue();
            assertThat(sim.status().sessions())
                    .singleElement()
                    .satisfies(s -> assertThat(s.state()).isEqualTo("SILENT"));
        }
    }

    @Test
    void notAuthenticatedAnswersTheVersionButNeverStartsTheApi() throws Exception {
        sim.setMode(SimMode.NOT_AUTHENTICATED);
        try (RawClient c = RawClient.connect(sim.port()).hello("v100..193")) {
            assertThat(c.read().get(0)).isEqualTo("193");
            c.startApi(3);
            assertThat(c.silentFor(Duration.ofMillis(700))).isTrue();
            assertThat(sim.status().clientIds()).containsExactly(3);
        }
    }

    @Test
    void slowHandshakeDelaysTheServerVersion() throws Exception {
        sim.setMode(SimMode.SLOW_HANDSHAKE, params("delayMs", "600"));
        try (RawClient c = RawClient.connect(sim.port())) {
            long t0 = System.nanoTime();
            c.hello("v100..193");
            assertThat(c.read().get(0)).isEqualTo("193");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isBetween(550L, 1500L);
            c.startApi(1);
            assertThat(c.readUntil("9")).hasSize(3);
        }
    }

    @Test
    void clientIdInUseSends326ThenClosesEveryStartApi() throws Exception {
        sim.setMode(SimMode.CLIENT_ID_IN_USE);
        try (RawClient c = RawClient.connect(sim.port()).hello("v157..178")) {
            c.read();
            c.startApi(9);
            List<String> error = c.read();
            assertThat(error).containsExactly("4", "2", "-1", "326", ErrorMessages.text(326), "");
            assertThat(c.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void clientIdInUseCloseOnlyClosesWithoutAWord() throws Exception {
        sim.setMode(SimMode.CLIENT_ID_IN_USE, params("variant", "closeOnly"));
        try (RawClient c = RawClient.connect(sim.port()).hello("v157..178")) {
            c.read();
            c.startApi(9);
            assertThat(c.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void clientIdInUseCanTargetOneId() throws Exception {
        sim.setMode(SimMode.CLIENT_ID_IN_USE, params("clientId", "100"));
        try (RawClient other = ready(1, "v100..193");
                RawClient probe = RawClient.connect(sim.port()).hello("v100..193")) {
            probe.read();
            probe.startApi(100);
            assertThat(probe.read().get(3)).isEqualTo("326");
        }
    }

    @Test
    void dropAllClosesEverySessionThenBehavesReady() throws Exception {
        try (RawClient a = ready(1, "v100..193");
                RawClient b = ready(2, "v157..178")) {
            sim.setMode(SimMode.DROP_ALL);
            assertThat(a.closedWithin(Duration.ofSeconds(10))).isTrue();
            assertThat(b.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
        try (RawClient again = ready(1, "v100..193")) {
            again.send(49, 1);
            assertThat(again.readUntil("49")).hasSize(3);
        }
    }

    @Test
    void halfOpenKeepsSocketsButAnswersNothing() throws Exception {
        try (RawClient up = ready(1, "v100..193")) {
            sim.setMode(SimMode.HALF_OPEN);
            up.send(49, 1);
            assertThat(up.silentFor(Duration.ofMillis(700))).isTrue();
            try (RawClient fresh = RawClient.connect(sim.port()).hello("v100..193")) {
                assertThat(fresh.silentFor(Duration.ofMillis(500))).isTrue();
            }
            // even back in READY, a half-open session stays dead (as a real one does)
            sim.setMode(SimMode.READY);
            up.send(49, 1);
            assertThat(up.silentFor(Duration.ofMillis(500))).isTrue();
            assertThat(sim.status().sessions())
                    .anySatisfy(s -> assertThat(s.state()).isEqualTo("FROZEN"));
        }
    }

    @Test
    void connectivityLostSends1100AndKeepsAnswering() throws Exception {
        try (RawClient old = ready(1, "v100..160");
                RawClient mid = ready(2, "v100..193");
                RawClient neu = ready(3, "v100..200")) {
            sim.setMode(SimMode.CONNECTIVITY_LOST);
            List<String> e1 = old.readUntil("4");
            assertThat(e1).containsExactly("4", "2", "-1", "1100", ErrorMessages.text(1100));
            List<String> e2 = mid.readUntil("4");
            assertThat(e2).containsExactly("4", "2", "-1", "1100", ErrorMessages.text(1100), "");
            List<String> e3 = neu.readUntil("4");
            assertThat(e3.subList(0, 5)).containsExactly("4", "-1", "1100", ErrorMessages.text(1100), "");
            assertThat(Long.parseLong(e3.get(5)))
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5000L));
            mid.send(49, 1);
            assertThat(mid.readUntil("49")).hasSize(3);
            // a client connecting now is told too
            try (RawClient late = RawClient.connect(sim.port()).hello("v100..193")) {
                late.read();
                late.startApi(4);
                assertThat(late.readUntil("4").get(3)).isEqualTo("1100");
            }
        }
    }

    @Test
    void restoredSends1102Or1101WhenDataWasLost() throws Exception {
        try (RawClient c = ready(1, "v100..193")) {
            sim.setMode(SimMode.CONNECTIVITY_LOST);
            assertThat(c.readUntil("4").get(3)).isEqualTo("1100");
            sim.setMode(SimMode.RESTORED);
            assertThat(c.readUntil("4").get(3)).isEqualTo("1102");
            sim.setMode(SimMode.RESTORED, params("dataLost", "true"));
            assertThat(c.readUntil("4").get(3)).isEqualTo("1101");
        }
    }

    @Test
    void restartDropsAllRefusesForNSecondsAndComesBackReady() throws Exception {
        try (RawClient c = ready(1, "v100..193")) {
            Instant before = Instant.now();
            sim.setMode(SimMode.RESTART, params("seconds", "1", "notice", "true"));
            assertThat(c.readUntil("4").get(3)).isEqualTo("2110");
            assertThat(c.closedWithin(Duration.ofSeconds(10))).isTrue();
            assertThat(refused(sim.port())).isTrue();
            assertThat(sim.awaitMode(SimMode.READY, Duration.ofSeconds(4))).isTrue();
            Instant readyAt = changes.get(changes.size() - 1).at();
            assertThat(Duration.between(before, readyAt).toMillis()).isBetween(950L, 2000L);
            ready(1, "v100..193").close();
        }
        assertThat(changes).extracting(ModeChange::mode).containsExactly(SimMode.RESTART, SimMode.READY);
    }

    @Test
    void anotherModeDuringRestartCancelsTheComeBack() throws Exception {
        sim.setMode(SimMode.RESTART, params("seconds", "1"));
        sim.setMode(SimMode.API_NOT_READY);
        assertThat(sim.awaitMode(SimMode.READY, Duration.ofMillis(1500))).isFalse();
        assertThat(sim.mode()).isEqualTo(SimMode.API_NOT_READY);
    }

    @Test
    void garbageBadLengthAndOversizedAreRejectedByTheSharedCodec() throws Exception {
        for (String variant : List.of("badLength", "oversized")) {
            sim.setMode(SimMode.GARBAGE, params("variant", variant));
            try (RawClient c = RawClient.connect(sim.port()).hello("v100..193")) {
                assertThatThrownBy(() -> Frames.readPayload(c.input()))
                        .isInstanceOf(TwsProtocolException.class)
                        .hasMessageContaining("frame length");
            }
        }
    }

    @Test
    void garbageTruncatedFrameThenClose() throws Exception {
        sim.setMode(SimMode.GARBAGE, params("variant", "truncated"));
        try (RawClient c = RawClient.connect(sim.port()).hello("v100..193")) {
            assertThatThrownBy(() -> Frames.readPayload(c.input()))
                    .isInstanceOf(TwsProtocolException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void garbageNonNumericFields() throws Exception {
        sim.setMode(SimMode.GARBAGE, params("variant", "nonNumericVersion"));
        try (RawClient c = RawClient.connect(sim.port()).hello("v100..193")) {
            assertThat(c.read().get(0)).isEqualTo("v1x8");
        }
        sim.setMode(SimMode.GARBAGE, params("variant", "nonNumericNextId"));
        try (RawClient c = RawClient.connect(sim.port()).hello("v100..193")) {
            assertThat(c.read().get(0)).isEqualTo("193");
            c.startApi(1);
            assertThat(c.readUntil("9")).containsExactly("9", "1", "notAnOrderId");
            c.send(49, 1);
            assertThat(c.readUntil("49")).containsExactly("49", "1", "notATime");
        }
    }

    @Test
    void badModeParametersAreRefusedAndChangeNothing() {
        assertThatThrownBy(() -> sim.setMode(SimMode.SLOW_HANDSHAKE, params("delayMs", "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delayMs='soon'");
        assertThatThrownBy(() -> sim.setMode(SimMode.READY, params("seconds", "5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not take parameter");
        assertThatThrownBy(() -> sim.setMode(SimMode.GARBAGE, params("variant", "nice")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("badLength");
        assertThatThrownBy(() -> SimMode.parse("SLEEPY")).hasMessageContaining("unknown mode 'SLEEPY'");
        assertThat(sim.mode()).isEqualTo(SimMode.READY);
        assertThat(changes).isEmpty();
    }

    @Test
    void answerOutOfRangeRepliesTheSimsOwnVersion() throws Exception {
        sim.close();
        sim = GatewaySimulator.start(SimConfig.defaults().withVersions(80, 99).withAnswerOutOfRange(true));
        try (RawClient c = RawClient.connect(sim.port()).hello("v100..193")) {
            assertThat(c.read().get(0)).isEqualTo("99");
        }
    }
}
