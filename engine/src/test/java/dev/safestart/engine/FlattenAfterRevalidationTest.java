package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import dev.safestart.tws.Contract;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FLATTEN_ON_DISCONNECT on the real (simulated, paper) account: Strategy C entered while the session is down
 * closes the positions once the session is back and validated, before anything may resume; under DRY_RUN the
 * flatten is only logged and nothing reaches the gateway.
 */
class FlattenAfterRevalidationTest {
    GatewaySimulator sim;
    DefaultTradingEngine engine;
    final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults().withAccounts(List.of("DU1234567")));
        sim.account().setPosition("DU1234567", Contract.stock("SPY", "SMART", "USD"), new BigDecimal("100"), 440.0);
        sim.setPrice("SPY", 450.0);
    }

    @AfterEach
    void stop() {
        engine.close();
        sim.close();
    }

    void engine(boolean dryRun) throws Exception {
        engine = new DefaultTradingEngine(
                TwsBrokerConnection.connector(), UnaryOperator.identity(), port -> port == sim.port());
        engine.addListener(events::add);
        engine.initialize(new EngineSettings("bot1", sim.host(), sim.port(), 1, dryRun)
                .withHeartbeat(60_000, 2_000)
                .withHandshakeTimeout(3_000));
        engine.activate(DefaultTradingEngineTest.PLAN);
    }

    @Test
    void positionsAreClosedOnceTheSessionIsBackAndValidatedBeforeAnyResume() throws Exception {
        engine(false);
        sim.setMode(SimMode.DROP_ALL);
        await().atMost(Duration.ofSeconds(5)).until(() -> !engine.status().gatewayConnected());
        StrategyCReport report = engine.enterStrategyC("gateway dropped", true);
        assertThat(report.flattenedPositions())
                .as("nothing can be closed while the session is down")
                .isEmpty();
        assertThatThrownBy(engine::resume).isInstanceOf(EngineException.class);
        assertThat(sim.account().positions()).hasSize(1);

        engine.revalidate();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sim.account().positions().isEmpty());
        assertThat(sim.account().executions()).singleElement().satisfies(e -> {
            assertThat(e.side()).isEqualTo("SLD");
            assertThat(e.shares()).isEqualByComparingTo("100");
            assertThat(e.clientId()).isEqualTo(1);
        });
        assertThat(events)
                .anyMatch(e -> e.kind() == EngineEvent.Kind.STRATEGY_C
                        && e.detail().contains("closed after re-validation {SPY=-100}"));
        engine.resume(); // only now
        assertThat(engine.status().strategyActive()).isEqualTo("A");
    }

    @Test
    void underDryRunTheFlattenIsLoggedAndNothingIsSent() throws Exception {
        engine(true);
        StrategyCReport report = engine.enterStrategyC("test", true);
        assertThat(report.flattenedPositions()).containsEntry("SPY", 100);
        assertThat(report.dryRun()).isTrue();
        engine.revalidate();
        assertThat(sim.account().positions())
                .singleElement()
                .satisfies(p -> assertThat(p.quantity()).isEqualByComparingTo("100"));
        assertThat(sim.account().executions()).isEmpty();
    }
}
