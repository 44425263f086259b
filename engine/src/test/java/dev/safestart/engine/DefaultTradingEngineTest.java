package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultTradingEngineTest {
    static final EngineSettings SETTINGS =
            new EngineSettings("bot1", "127.0.0.1", 4002, 1, true).withHeartbeat(60_000, 1_000);
    static final TradingPlan PLAN = new TradingPlan("A", List.of("SPY"), 0.10, 120);
    static final OrderRequest BUY_10 = OrderRequest.market("SPY", OrderRequest.Side.BUY, 10);

    final FakeConnector connector = new FakeConnector();
    final DefaultTradingEngine engine = new DefaultTradingEngine(connector);
    final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void initializeConnectsInStrategyCWithGateClosedAndIsIdempotent() throws Exception {
        EngineStatus first = engine.initialize(SETTINGS);
        EngineStatus again = engine.initialize(SETTINGS);

        assertThat(first.initialized()).isTrue();
        assertThat(first.gatewayConnected()).isTrue();
        assertThat(first.strategyActive()).isEqualTo("C");
        assertThat(first.orderGateOpen()).isFalse();
        assertThat(connector.opened).hasSize(1);
        assertThat(again.sessionEpoch()).isEqualTo(first.sessionEpoch());
        assertThat(engine.submitOrder(BUY_10).status()).isEqualTo(OrderResult.Status.REFUSED_GATE_CLOSED);
    }

    @Test
    void differentSettingsAreRefused() throws Exception {
        engine.initialize(SETTINGS);
        assertThatThrownBy(() -> engine.initialize(new EngineSettings("bot1", "127.0.0.1", 4002, 2, true)))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("refusing different settings");
    }

    @Test
    void activateOpensTheGateAndDryRunOrdersAreLoggedNotSent() throws Exception {
        engine.initialize(SETTINGS);
        EngineStatus status = engine.activate(PLAN);

        assertThat(status.orderGateOpen()).isTrue();
        assertThat(status.strategyActive()).isEqualTo("A");
        OrderResult result = engine.submitOrder(BUY_10);
        assertThat(result.status()).isEqualTo(OrderResult.Status.SENT_DRY_RUN);
        assertThat(result.detail()).contains("DRY_RUN");
        assertThat(engine.status().positionsOpen()).isEqualTo(1);
    }

    @Test
    void gameplanInStrategyCKeepsTheGateClosed() throws Exception {
        engine.initialize(SETTINGS);
        engine.activate(new TradingPlan("C", List.of("SPY"), 0.1, 100));
        assertThat(engine.submitOrder(BUY_10).status()).isEqualTo(OrderResult.Status.REFUSED_GATE_CLOSED);
    }

    @Test
    void riskRefusesAnOrderOverMaxSinglePositionAndAfterMaxDailyLoss() throws Exception {
        engine.initialize(SETTINGS);
        engine.activate(PLAN);
        assertThat(engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.BUY, 121))
                        .status())
                .isEqualTo(OrderResult.Status.REFUSED_RISK);
        assertThat(engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.BUY, 100))
                        .accepted())
                .isTrue();
        OrderResult over = engine.submitOrder(OrderRequest.limit("SPY", OrderRequest.Side.BUY, 21, 500));
        assertThat(over.status()).isEqualTo(OrderResult.Status.REFUSED_RISK);
        assertThat(over.detail()).contains("max_single_position 120");

        engine.recordDailyLoss(0.11);
        assertThat(engine.submitOrder(OrderRequest.market("QQQ", OrderRequest.Side.BUY, 1))
                        .detail())
                .contains("max_daily_loss_pct");
        // Reducing exposure is still allowed under the loss limit.
        assertThat(engine.submitOrder(OrderRequest.market("SPY", OrderRequest.Side.SELL, 50))
                        .accepted())
                .isTrue();
    }

    @Test
    void liveSubmissionIsRefusedClearlyWhenDryRunIsOff() throws Exception {
        // a live port (paper ports send paper orders: PaperOrdersTest)
        connector.accounts = List.of("U7654321");
        engine.initialize(new EngineSettings("bot1", "127.0.0.1", 4001, 1, false).withHeartbeat(60_000, 1_000));
        engine.activate(PLAN);
        OrderResult result = engine.submitOrder(BUY_10);
        assertThat(result.status()).isEqualTo(OrderResult.Status.REFUSED_LIVE_NOT_IMPLEMENTED);
        assertThat(result.detail()).contains("live order submission not implemented in this build");
    }

    @Test
    void socketCloseClosesTheGateBeforeListenersHearOfIt() throws Exception {
        engine.initialize(SETTINGS);
        engine.activate(PLAN);
        List<Boolean> gateOpenSeenByListener = new CopyOnWriteArrayList<>();
        engine.addListener(e -> {
            gateOpenSeenByListener.add(engine.submitOrder(BUY_10).accepted());
            events.add(e);
        });

        connector.last().drop();

        assertThat(engine.status().orderGateOpen()).isFalse();
        assertThat(gateOpenSeenByListener).containsExactly(false);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.brokerEvent()).isEqualTo(BrokerEvent.SOCKET_CLOSED);
            assertThat(e.gateClosedNanos()).isPositive();
        });
        assertThat(engine.status().gatewayConnected()).isFalse();
    }

    @Test
    void connectivityLostWithSocketUpClosesTheGateAndRestoreDoesNotReopenIt() throws Exception {
        engine.initialize(SETTINGS);
        engine.activate(PLAN);
        FakeBrokerConnection connection = connector.last();

        connection.fire(BrokerEvent.CONNECTIVITY_LOST);
        assertThat(engine.submitOrder(BUY_10).accepted()).isFalse();
        assertThatThrownBy(engine::revalidate).hasMessageContaining("1100");

        connection.fire(BrokerEvent.RESTORED_DATA_KEPT);
        assertThat(engine.submitOrder(BUY_10).accepted())
                .as("restore alone never reopens")
                .isFalse();

        engine.revalidate();
        assertThat(engine.submitOrder(BUY_10).accepted()).isTrue();
        assertThat(connector.opened).as("socket stayed up: no reconnect").hasSize(1);
    }

    @Test
    void strategyCStopsOrdersCancelsWorkingOrdersAndFlattensOnlyWhenAsked() throws Exception {
        engine.initialize(SETTINGS);
        engine.activate(PLAN);
        engine.submitOrder(BUY_10);
        engine.submitOrder(OrderRequest.limit("SPY", OrderRequest.Side.BUY, 5, 400));

        StrategyCReport report = engine.enterStrategyC("test", false);
        assertThat(report.previousStrategy()).isEqualTo("A");
        assertThat(report.cancelledOrders()).hasSize(1);
        assertThat(report.flattenedPositions()).isEmpty();
        assertThat(engine.status().positionsOpen()).isEqualTo(1);
        assertThat(engine.submitOrder(BUY_10).accepted()).isFalse();

        StrategyCReport flatten = engine.enterStrategyC("again", true);
        assertThat(flatten.flattenedPositions()).containsEntry("SPY", 10);
        assertThat(engine.status().positionsOpen()).isZero();
    }

    @Test
    void resumeRequiresAFreshValidationAfterADrop() throws Exception {
        engine.initialize(SETTINGS);
        engine.activate(PLAN);
        connector.last().drop();
        engine.enterStrategyC("socket closed");

        assertThatThrownBy(engine::resume).hasMessageContaining("fresh validation");
        connector.gatewayUp = false;
        assertThatThrownBy(engine::revalidate).isInstanceOf(EngineException.class);
        connector.gatewayUp = true;
        EngineStatus validated = engine.revalidate();
        assertThat(validated.strategyActive()).isEqualTo("C");
        assertThat(validated.orderGateOpen()).isFalse();
        EngineStatus resumed = engine.resume();
        assertThat(resumed.orderGateOpen()).isTrue();
        assertThat(connector.opened).hasSize(2);
    }

    @Test
    void lateEventsFromAReplacedConnectionAreIgnored() throws Exception {
        engine.initialize(SETTINGS);
        engine.activate(PLAN);
        FakeBrokerConnection old = connector.last();
        old.fire(BrokerEvent.SOCKET_PORT_CHANGED);
        engine.revalidate();
        engine.resume();
        old.fire(BrokerEvent.CONNECTIVITY_LOST);
        assertThat(engine.submitOrder(BUY_10).accepted()).isTrue();
    }

    @Test
    void heartbeatCatchesAHalfOpenSocket() throws Exception {
        engine.initialize(SETTINGS.withHeartbeat(50, 50));
        engine.activate(PLAN);
        engine.addListener(events::add);
        connector.last().answersHeartbeat = false;
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(events)
                        .extracting(EngineEvent::brokerEvent)
                        .contains(BrokerEvent.HEARTBEAT_TIMEOUT));
        assertThat(engine.submitOrder(BUY_10).accepted()).isFalse();
    }

    @Test
    void badOrdersAreRefusedAtConstruction() {
        assertThatThrownBy(() -> OrderRequest.market("SPY", OrderRequest.Side.BUY, 0))
                .hasMessageContaining("quantity 0");
        assertThatThrownBy(() -> OrderRequest.limit("SPY", OrderRequest.Side.BUY, 1, -1))
                .hasMessageContaining("positive limit price");
        assertThatThrownBy(() -> new EngineSettings("b", "h", 70000, 1, true)).hasMessageContaining("70000");
    }

    @Test
    void theWorkerProcessSettingsApplyToEveryInitialize() throws Exception {
        try (DefaultTradingEngine withProcess = new DefaultTradingEngine(
                connector, s -> s.withHeartbeat(1_234, 567).withFlattenOnDisconnect(true))) {
            withProcess.initialize(new EngineSettings("bot1", "127.0.0.1", 4002, 1, true));
            assertThat(withProcess.settings().heartbeatIntervalMillis()).isEqualTo(1_234);
            assertThat(withProcess.settings().flattenOnDisconnect()).isTrue();
            // A retried initModules with the same request is still idempotent.
            withProcess.initialize(new EngineSettings("bot1", "127.0.0.1", 4002, 1, true));
            assertThat(connector.opened).hasSize(1);
        }
    }
}
