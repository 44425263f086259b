package dev.safestart.activities.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.engine.DefaultTradingEngine;
import dev.safestart.engine.TwsBrokerConnection;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import dev.safestart.workflows.ModuleActivities;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.ModuleInit;
import dev.safestart.workflows.model.ModuleStatus;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** initModules / activatePlan / enterStrategyC on the real trading engine against the simulator over real sockets. */
@Timeout(60)
class ModuleActivitiesImplTest {
    private GatewaySimulator sim;
    private DefaultTradingEngine engine;
    private ModuleActivitiesImpl activities;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(
                SimConfig.defaults().withBindAddress("127.0.0.1").withPort(0).withControlPort(-1));
        engine = new DefaultTradingEngine(TwsBrokerConnection.connector());
        activities = new ModuleActivitiesImpl(engine);
    }

    @AfterEach
    void stop() {
        engine.close();
        sim.close();
    }

    private ModuleInit init() {
        return new ModuleInit("bot1", sim.host(), sim.port(), 1, true);
    }

    @Test
    void initModulesOpensOneTradingSessionWithTheTradingClientIdInStrategyC() {
        ModuleStatus status = activities.initModules(init());
        assertThat(status.initialized()).isTrue();
        assertThat(status.gatewayConnected()).isTrue();
        assertThat(status.orderGateOpen()).isFalse();
        assertThat(status.strategyActive()).isEqualTo("C");
        assertThat(sim.status().clientIds()).containsExactly(1);

        // A retried activity (same settings) reuses the session: still one client on the gateway.
        activities.initModules(init());
        assertThat(sim.status().clientIds()).containsExactly(1);
    }

    @Test
    void activatePlanArmsTheStrategyAndEnterStrategyCClosesTheGate() {
        activities.initModules(init());
        GameplanCheck plan = new GameplanCheck(true, "", "", "2026-02-10", "A", List.of("SPY"), 0.1, 120);
        ModuleStatus armed = activities.activatePlan("bot1", plan);
        assertThat(armed.strategyActive()).isEqualTo("A");
        assertThat(armed.orderGateOpen()).isTrue();

        ModuleStatus c = activities.enterStrategyC("bot1", "gameplan rejected");
        assertThat(c.strategyActive()).isEqualTo("C");
        assertThat(c.orderGateOpen()).isFalse();
    }

    @Test
    void anInvalidPlanIsNeverActivated() {
        activities.initModules(init());
        assertThatThrownBy(() -> activities.activatePlan("bot1", GameplanCheck.rejected("date", "stale")))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo(ModuleActivities.ENGINE_FAILURE);
                    assertThat(f.isNonRetryable()).isTrue();
                });
        assertThat(engine.status().orderGateOpen()).isFalse();
    }

    @Test
    void aGatewayThatIsDownFailsInitModulesWithTheEngineFailureType() throws Exception {
        sim.setMode(SimMode.PORT_CLOSED);
        assertThatThrownBy(() -> activities.initModules(init())).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo(ModuleActivities.ENGINE_FAILURE);
            assertThat(f.getOriginalMessage()).isNotBlank();
        });
        assertThat(engine.status().orderGateOpen()).isFalse();
    }

    @Test
    void settingsTheEngineRefusesAreNonRetryable() {
        assertThatThrownBy(() -> activities.initModules(new ModuleInit(" ", "127.0.0.1", 4002, 1, true)))
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        f -> assertThat(f.isNonRetryable()).isTrue());
    }
}
