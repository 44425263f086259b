package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DRY_RUN=false on a paper port with a paper account: orders go through the gate to the gateway (the simulator,
 * over real sockets) as placeOrder; with the gate closed, several accounts, or a live port, nothing is sent.
 * The simulator listens on an ephemeral port, so the test tells the engine to treat it as a paper port.
 */
class PaperOrdersTest {
    GatewaySimulator sim;
    DefaultTradingEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        sim.close();
    }

    void start(List<String> accounts, boolean simPortIsPaper) throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults().withAccounts(accounts));
        engine = new DefaultTradingEngine(
                TwsBrokerConnection.connector(),
                UnaryOperator.identity(),
                port -> simPortIsPaper && port == sim.port());
        engine.initialize(new EngineSettings("bot1", sim.host(), sim.port(), 1, false)
                .withHeartbeat(60_000, 2_000)
                .withHandshakeTimeout(3_000));
        engine.activate(DefaultTradingEngineTest.PLAN);
    }

    @Test
    void aMarketOrderIsSentToThePaperAccountAndFillsAndALimitOrderRests() throws Exception {
        start(List.of("DU1234567"), true);
        sim.setPrice("SPY", 450.0);
        OrderResult sent = engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.BUY, 10));
        assertThat(sent.status()).isEqualTo(OrderResult.Status.SENT_PAPER);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sim.account().executions().size() == 1);
        var fill = sim.account().executions().get(0);
        assertThat(fill.account()).isEqualTo("DU1234567");
        assertThat(fill.clientId()).isEqualTo(1);
        assertThat(fill.orderRef()).isEqualTo("safestart:bot1");
        assertThat(fill.price()).isEqualTo(450.0);

        assertThat(engine.submitOrder(OrderRequest.limit("SPY", OrderRequest.Side.SELL, 5, 460.0))
                        .status())
                .isEqualTo(OrderResult.Status.SENT_PAPER);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sim.account().openOrders().size() == 1);
        assertThat(sim.account().openOrders().get(0).lmtPrice()).isEqualTo(460.0);

        engine.enterStrategyC("test", false);
        assertThat(engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.BUY, 1))
                        .status())
                .isEqualTo(OrderResult.Status.REFUSED_GATE_CLOSED);
        assertThat(sim.account().executions()).hasSize(1);
    }

    @Test
    void severalAccountsAreRefusedNotGuessed() throws Exception {
        start(List.of("DU1234567", "DU7654321"), true);
        assertThat(engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.BUY, 1))
                        .status())
                .isEqualTo(OrderResult.Status.REFUSED_NOT_PAPER);
        assertThat(sim.account().openOrders()).isEmpty();
    }

    @Test
    void onANonPaperPortLiveSubmissionStaysRefused() throws Exception {
        start(List.of("DU1234567"), false);
        assertThat(engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.BUY, 1))
                        .status())
                .isEqualTo(OrderResult.Status.REFUSED_LIVE_NOT_IMPLEMENTED);
        assertThat(sim.account().executions()).isEmpty();
    }
}
