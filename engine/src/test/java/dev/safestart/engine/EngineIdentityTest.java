package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every engine instance has its own id and a validation epoch; a new or uninitialised engine claims neither a
 * connected session nor a validation. Against the gateway simulator over real sockets.
 */
class EngineIdentityTest {
    GatewaySimulator sim;
    DefaultTradingEngine engine;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults());
        engine = new DefaultTradingEngine(TwsBrokerConnection.connector());
    }

    @AfterEach
    void stop() {
        engine.close();
        sim.close();
    }

    EngineSettings settings(int port) {
        return new EngineSettings("bot1", sim.host(), port, 1, true)
                .withHeartbeat(60_000, 2_000)
                .withHandshakeTimeout(2_000);
    }

    @Test
    void everyEngineInstanceHasItsOwnId() {
        try (DefaultTradingEngine other = new DefaultTradingEngine(TwsBrokerConnection.connector())) {
            assertThat(engine.engineId()).isNotBlank().isNotEqualTo(other.engineId());
            assertThat(engine.status().engineId()).isEqualTo(engine.engineId());
        }
    }

    @Test
    void aNewEngineClaimsNoSessionAndNoValidation() {
        EngineStatus s = engine.status();
        assertThat(s.initialized()).isFalse();
        assertThat(s.gatewayConnected()).isFalse();
        assertThat(s.validated()).isFalse();
        assertThat(s.orderGateOpen()).isFalse();
        assertThat(s.engineId()).isEqualTo(engine.engineId());
    }

    @Test
    void anEngineWhoseInitializeFailedStaysUninitialised() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> engine.initialize(settings(closed))).isInstanceOf(EngineException.class);
        EngineStatus s = engine.status();
        assertThat(s.initialized()).isFalse();
        assertThat(s.gatewayConnected()).isFalse();
        assertThat(s.validated()).isFalse();
    }

    @Test
    void theEpochMovesOnEveryDropAndTheValidationOnlyHoldsInItsOwnEpoch() throws Exception {
        EngineStatus up = engine.initialize(settings(sim.port()));
        assertThat(up.initialized()).isTrue();
        assertThat(up.validated()).isTrue();
        assertThat(up.gatewayConnected()).isTrue();
        long validatedEpoch = up.sessionEpoch();

        sim.setMode(SimMode.DROP_ALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> !engine.status().gatewayConnected());
        EngineStatus dropped = engine.status();
        assertThat(dropped.validated()).isFalse();
        assertThat(dropped.sessionEpoch()).isGreaterThan(validatedEpoch);
        assertThat(dropped.engineId()).isEqualTo(up.engineId());

        sim.setMode(SimMode.READY);
        EngineStatus again = engine.revalidate();
        assertThat(again.validated()).isTrue();
        assertThat(again.sessionEpoch())
                .isGreaterThan(dropped.sessionEpoch() - 1)
                .isGreaterThan(validatedEpoch);
    }
}
