package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.sim.SimMode;
import dev.safestart.tws.Contract;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The engine on the real account, against the simulator over real sockets: it loads positions, working orders and
 * executions at initModules and after every re-validation, reports a difference from what it expected (a fill
 * during a drop) as an ACCOUNT_DIFFERENCE event and in status, shows the gateway's positions and open orders, and
 * enforces max_single_position against the gateway's positions.
 */
class AccountSyncTest extends EngineOnSimulator {
    private static final Contract SPY = Contract.stock("SPY", "SMART", "USD");

    @Test
    void aFillDuringADropIsReconciledAfterRevalidationWithAWarning() throws Exception {
        sim.account().setPosition("DU1234567", SPY, new BigDecimal("100"), 440.0);
        sim.account().addOpenOrder(501, 1, "DU1234567", SPY, "SELL", new BigDecimal("10"), "LMT", 460.0);
        sim.account().addOpenOrder(502, 7, "DU1234567", SPY, "BUY", new BigDecimal("1"), "LMT", 400.0);
        EngineStatus first = engine.initialize(settings());
        assertThat(first.accountDifference())
                .as("the first load is the baseline")
                .isEmpty();
        assertThat(first.positionsOpen()).isEqualTo(1);
        assertThat(first.openOrders()).isEqualTo(2);
        engine.activate(DefaultTradingEngineTest.PLAN);

        sim.setMode(SimMode.DROP_ALL);
        await().atMost(Duration.ofSeconds(5)).until(() -> !engine.status().gatewayConnected());
        // while the bot is away, its working sell order fills at the gateway
        sim.account().clear();
        sim.account().setPosition("DU1234567", SPY, new BigDecimal("100"), 440.0);
        sim.account().addOpenOrder(502, 7, "DU1234567", SPY, "BUY", new BigDecimal("1"), "LMT", 400.0);
        sim.account().addExecution(501, 1, "DU1234567", SPY, "SLD", new BigDecimal("10"), 460.0);

        EngineStatus after = engine.revalidate();
        assertThat(after.accountDifference())
                .contains(
                        "fill not seen before: SLD 10 SPY @460.0 (order 501",
                        "position DU1234567:SPY 100 -> 90",
                        "working order 501 no longer open");
        assertThat(after.accountDifference()).doesNotContain("502"); // another client's order is not ours to expect
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EngineEvent.Kind.ACCOUNT_DIFFERENCE);
            assertThat(e.detail()).contains("SLD 10 SPY");
        });
        assertThat(after.openOrders()).isEqualTo(1);

        // nothing new since: the next re-validation finds no difference
        assertThat(engine.revalidate().accountDifference()).isEmpty();
    }

    @Test
    void maxSinglePositionIsEnforcedAgainstTheGatewaysPositions() throws Exception {
        sim.account().setPosition("DU1234567", SPY, new BigDecimal("115"), 440.0); // the plan allows 120
        engine.initialize(settings());
        engine.activate(DefaultTradingEngineTest.PLAN);
        OrderResult tooMuch = engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.BUY, 10));
        assertThat(tooMuch.status()).isEqualTo(OrderResult.Status.REFUSED_RISK);
        assertThat(tooMuch.detail()).contains("125 > max_single_position 120");
        assertThat(engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.BUY, 5))
                        .accepted())
                .isTrue();
        assertThat(engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.SELL, 50))
                        .accepted())
                .as("reducing the real position passes")
                .isTrue();
    }
}
