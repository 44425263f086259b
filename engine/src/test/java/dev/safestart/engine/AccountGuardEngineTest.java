package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Defence in depth: the engine itself refuses to validate a paper-port session logged in to a live account. */
class AccountGuardEngineTest {
    final FakeConnector connector = new FakeConnector();
    final DefaultTradingEngine engine = new DefaultTradingEngine(connector);

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aLiveAccountOnThePaperPortIsNeverValidatedAndNoOrderPasses() {
        connector.accounts = List.of("U7654321");
        assertThatThrownBy(() -> engine.initialize(DefaultTradingEngineTest.SETTINGS))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("U7654321")
                .hasMessageContaining("4002");
        try {
            engine.activate(DefaultTradingEngineTest.PLAN); // even with a plan armed, the gate stays closed
        } catch (EngineException refused) {
            // also fine
        }
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).status())
                .isEqualTo(OrderResult.Status.REFUSED_GATE_CLOSED);
    }

    @Test
    void paperAccountsOnThePaperPortValidate() throws Exception {
        connector.accounts = List.of("DU1234567", "DF7654321");
        engine.initialize(DefaultTradingEngineTest.SETTINGS);
        engine.activate(DefaultTradingEngineTest.PLAN);
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).accepted())
                .isTrue();
    }

    @Test
    void overRealSocketsALiveAccountOnThePaperPortLeavesTheGateClosed() throws Exception {
        try (dev.safestart.sim.GatewaySimulator sim = dev.safestart.sim.GatewaySimulator.start(
                        dev.safestart.sim.SimConfig.defaults().withAccounts(List.of("U7654321")));
                DefaultTradingEngine real = new DefaultTradingEngine(
                        TwsBrokerConnection.connector(),
                        java.util.function.UnaryOperator.identity(),
                        port -> port == sim.port())) {
            assertThatThrownBy(() -> real.initialize(new EngineSettings("bot1", sim.host(), sim.port(), 1, false)
                            .withHeartbeat(60_000, 2_000)
                            .withHandshakeTimeout(3_000)))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("U7654321");
            assertThat(real.status().orderGateOpen()).isFalse();
            assertThat(real.submitOrder(DefaultTradingEngineTest.BUY_10).status())
                    .isEqualTo(OrderResult.Status.REFUSED_GATE_CLOSED);
            assertThat(sim.account().openOrders()).isEmpty();
        }
    }

    @Test
    void theRule() {
        assertThat(AccountGuard.sessionProblem(4002, List.of("DU1"))).isEmpty();
        assertThat(AccountGuard.sessionProblem(7497, List.of("DU1", "U2")))
                .get()
                .asString()
                .contains("U2");
        assertThat(AccountGuard.sessionProblem(4001, List.of("U2"))).isEmpty();
        assertThat(AccountGuard.sessionProblem(4002, List.of())).isPresent();
    }
}
