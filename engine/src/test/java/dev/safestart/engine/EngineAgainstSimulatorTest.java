package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.safestart.sim.SimMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine over the real protocol client against the gateway simulator, over real loopback sockets. */
class EngineAgainstSimulatorTest extends EngineOnSimulator {

    void activate(long heartbeatMs, long timeoutMs) throws Exception {
        engine.initialize(settings(heartbeatMs, timeoutMs));
        engine.activate(DefaultTradingEngineTest.PLAN);
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).accepted())
                .isTrue();
    }

    @Test
    void gatewayCrashAfterStartupClosesTheGateAtOnce() throws Exception { // EC-07
        activate(60_000, 2_000);
        sim.setMode(SimMode.DROP_ALL);
        await().until(() -> hasEvent(BrokerEvent.SOCKET_CLOSED));
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).status())
                .isEqualTo(OrderResult.Status.REFUSED_GATE_CLOSED);
        assertThat(engine.status().gatewayConnected()).isFalse();
        // DROP_ALL leaves the gateway READY: a fresh validation reconnects, then resume reopens the gate.
        engine.revalidate();
        engine.resume();
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).accepted())
                .isTrue();
    }

    @Test
    void connectivityLostWithTheSocketUpClosesTheGateUntilRestoredAndRevalidated() throws Exception {
        activate(60_000, 2_000);
        sim.setMode(SimMode.CONNECTIVITY_LOST);
        await().until(() -> hasEvent(BrokerEvent.CONNECTIVITY_LOST));
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).accepted())
                .isFalse();
        assertThat(engine.status().gatewayConnected()).isFalse();
        assertThatThrownBy(engine::revalidate).hasMessageContaining("1100");

        sim.setMode(SimMode.RESTORED, Map.of("dataLost", "true"));
        await().until(() -> hasEvent(BrokerEvent.RESTORED_DATA_LOST));
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).accepted())
                .isFalse();
        engine.revalidate();
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).accepted())
                .isTrue();
    }

    @Test
    void halfOpenSocketIsCaughtByTheHeartbeat() throws Exception {
        activate(200, 300);
        long frozenAt = System.nanoTime();
        sim.setMode(SimMode.HALF_OPEN);
        await().until(() -> hasEvent(BrokerEvent.HEARTBEAT_TIMEOUT));
        long detectedMs = (System.nanoTime() - frozenAt) / 1_000_000;
        assertThat(detectedMs)
                .as("within heartbeat interval + timeout (+ scheduling slack)")
                .isLessThan(200 + 300 + 500);
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).accepted())
                .isFalse();
    }

    @Test
    void nightlyRestartThenRevalidation() throws Exception { // EC-09 at the engine level
        activate(60_000, 2_000);
        sim.setMode(SimMode.RESTART, Map.of("seconds", "1", "notice", "true"));
        await().until(() -> hasEvent(BrokerEvent.CONNECTION_BROKEN) || hasEvent(BrokerEvent.SOCKET_CLOSED));
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).accepted())
                .isFalse();
        assertThatThrownBy(engine::revalidate).isInstanceOf(EngineException.class);
        await().until(() -> sim.mode() == SimMode.READY);
        engine.revalidate();
        engine.resume();
        assertThat(engine.submitOrder(DefaultTradingEngineTest.BUY_10).accepted())
                .isTrue();
    }

    @Test
    void slowGatewayStillValidatesWithinTheHandshakeTimeout() throws Exception { // EC-08
        sim.setMode(SimMode.SLOW_HANDSHAKE, Map.of("delayMs", "800"));
        long start = System.nanoTime();
        engine.initialize(settings(60_000, 2_000));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(700);
        assertThat(engine.status().gatewayConnected()).isTrue();
    }

    private boolean hasEvent(BrokerEvent type) {
        return events.stream().anyMatch(e -> e.brokerEvent() == type);
    }
}
