package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.tws.AccountReport;
import dev.safestart.tws.Contract;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Strategy C on the real account (simulator, real sockets): it cancels the bot's own working orders at the gateway
 * (those placed with its CLIENT_ID), never another client's, and reports each cancel's result; under DRY_RUN the
 * cancels are logged and not sent; a read-only API's refusal is reported as such.
 */
class StrategyCOnAccountTest extends EngineOnSimulator {
    private static final Contract SPY = Contract.stock("SPY", "SMART", "USD");

    @BeforeEach
    void account() {
        sim.account().addOpenOrder(501, 1, "DU1234567", SPY, "SELL", new BigDecimal("10"), "LMT", 460.0);
        sim.account().addOpenOrder(502, 7, "DU1234567", SPY, "BUY", new BigDecimal("1"), "LMT", 400.0);
    }

    private List<Long> working() {
        return sim.account().openOrders().stream()
                .map(AccountReport.OpenOrder::orderId)
                .toList();
    }

    @Test
    void strategyCCancelsOnlyTheBotsOwnOrdersAndReportsEachResult() throws Exception {
        engine.initialize(settings(false));
        StrategyCReport report = engine.enterStrategyC("test: gateway dropped", false);
        assertThat(report.cancelledOrders())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("gateway order 501 SELL 10 SPY LMT @460.0")
                        .endsWith(": Cancelled"));
        assertThat(report.cancelledOrders()).noneMatch(line -> line.contains("502"));
        assertThat(working()).containsExactly(502L); // the other client's order is untouched
    }

    @Test
    void underDryRunTheCancelsAreLoggedNotSent() throws Exception {
        engine.initialize(settings(true));
        StrategyCReport report = engine.enterStrategyC("test", false);
        assertThat(report.cancelledOrders())
                .anySatisfy(line ->
                        assertThat(line).contains("gateway order 501").endsWith("DRY_RUN: cancel logged, not sent"));
        assertThat(working()).containsExactly(501L, 502L);
    }

    @Test
    void aReadOnlyApisRefusalIsReportedPerOrder() throws Exception {
        sim.account().setReadOnly(true);
        engine.initialize(settings(false));
        StrategyCReport report = engine.enterStrategyC("test", false);
        assertThat(report.cancelledOrders())
                .anySatisfy(line -> assertThat(line).contains("501").contains("refused: 321"));
        assertThat(engine.status().lastError()).contains("read-only API: Strategy C cannot cancel orders");
        assertThat(working()).containsExactly(501L, 502L);
    }
}
