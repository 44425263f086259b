package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.tws.Contract;
import dev.safestart.tws.OrderRequest;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.ReadOnlyProbe;
import dev.safestart.tws.TwsSession;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A read-only API is found at validation, without side effects, against the simulator over real sockets; status
 * and an engine event say "read-only API: Strategy C cannot cancel orders". A writable API is not reported.
 */
class ReadOnlyApiTest extends EngineOnSimulator {

    @Test
    void aReadOnlyGatewayIsDetectedAtValidationAndShownInStatusAndAnEvent() throws Exception { // EC-21
        sim.account().setReadOnly(true);
        sim.account()
                .addOpenOrder(
                        5, 1, "DU1234567", Contract.stock("SPY", "SMART", "USD"), "BUY", BigDecimal.ONE, "LMT", 1.0);
        EngineStatus status = engine.initialize(settings());
        assertThat(engine.readOnlyApi()).isTrue();
        assertThat(status.lastError()).contains("read-only API: Strategy C cannot cancel orders");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EngineEvent.Kind.READ_ONLY_API);
            assertThat(e.detail()).contains("Strategy C cannot cancel orders");
        });
        assertThat(sim.account().openOrders()).as("the probe changed nothing").hasSize(1);
    }

    @Test
    void aWritableGatewayIsNotReportedAndTheProbeLeavesNoTrace() throws Exception {
        sim.account()
                .addOpenOrder(
                        5, 1, "DU1234567", Contract.stock("SPY", "SMART", "USD"), "BUY", BigDecimal.ONE, "LMT", 1.0);
        EngineStatus status = engine.initialize(settings());
        assertThat(engine.readOnlyApi()).isFalse();
        assertThat(status.lastError()).doesNotContain("read-only");
        assertThat(events).noneMatch(e -> e.kind() == EngineEvent.Kind.READ_ONLY_API);
        assertThat(sim.account().openOrders()).hasSize(1);
    }

    @Test
    void a321OnAnyOrderRequestIsTreatedTheSame() throws Exception {
        // the real connection notices any 321 on its session...
        try (BrokerConnection connection = TwsBrokerConnection.open(settings().withBotId("other"))) {
            assertThat(connection.readOnlyRefusalSeen()).isFalse();
            sim.account().setReadOnly(true); // switched on while connected
            assertThat(connection.probeReadOnly(Duration.ofSeconds(3))).contains(true);
            assertThat(connection.readOnlyRefusalSeen()).isTrue();
        }
        // ...and the engine treats that 321 like the probe's answer
        FakeConnector fakes = new FakeConnector();
        try (DefaultTradingEngine fakeEngine = new DefaultTradingEngine(fakes)) {
            List<EngineEvent> seen = new CopyOnWriteArrayList<>();
            fakeEngine.addListener(seen::add);
            fakeEngine.initialize(DefaultTradingEngineTest.SETTINGS);
            assertThat(fakeEngine.readOnlyApi()).isFalse();
            fakes.last().readOnlyRefusal = true; // e.g. a cancel answered with 321
            assertThat(fakeEngine.status().lastError()).contains("read-only API: Strategy C cannot cancel orders");
            assertThat(fakeEngine.readOnlyApi()).isTrue();
            assertThat(seen)
                    .anyMatch(e -> e.kind() == EngineEvent.Kind.READ_ONLY_API
                            && e.detail().contains("321"));
        }
    }

    @Test
    void theProbeNeverTouchesAnOrderThatExists() throws Exception {
        try (TwsSession s = TwsSession.open(ProbeRequest.of(sim.host(), sim.port(), 3))) {
            s.placeOrder(OrderRequest.limit(
                    s.allocateOrderId(),
                    Contract.stock("SPY", "SMART", "USD"),
                    "BUY",
                    BigDecimal.ONE,
                    1.0,
                    "DU1234567"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> sim.account().openOrders().size() == 1);
            assertThat(ReadOnlyProbe.detect(s, Duration.ofSeconds(3))).isEqualTo(ReadOnlyProbe.Result.WRITABLE);
            assertThat(sim.account().openOrders()).hasSize(1);
        }
    }
}
