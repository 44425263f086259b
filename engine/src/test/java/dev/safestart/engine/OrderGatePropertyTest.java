package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The risk officer's invariant, behaviourally: 10,000 seeded random sequences of connect / drop / 1100 / 1101 /
 * 1102 / 2110 / 1300 / restart / validate / activate / Strategy C / resume / order events. An independent model
 * tracks "connected" and "validated since the last dangerous event"; an order may pass only when both hold (and
 * a trading strategy is armed), and — so the test cannot pass by refusing everything — it must pass whenever they
 * do.
 */
class OrderGatePropertyTest {
    enum Step {
        DROP,
        RESTART,
        GATEWAY_BACK,
        E1100,
        E1101,
        E1102,
        E2110,
        E1300,
        STALE,
        VALIDATE,
        ACTIVATE,
        STRATEGY_C,
        RESUME,
        ORDER
    }

    static final int SEQUENCES = 10_000;
    static final int STEPS = 40;

    @Test
    void noOrderPassesWhileDisconnectedOrUnvalidated() throws Exception {
        Random random = new Random(20_260_210L);
        List<Step> weighted = new ArrayList<>(List.of(Step.values()));
        weighted.addAll(List.of(Step.ORDER, Step.ORDER, Step.ORDER, Step.ACTIVATE, Step.VALIDATE));
        Step[] steps = weighted.toArray(Step[]::new);
        int accepted = 0;
        int refused = 0;
        for (int s = 0; s < SEQUENCES; s++) {
            List<String> trace = new ArrayList<>();
            FakeConnector connector = new FakeConnector();
            try (DefaultTradingEngine engine = new DefaultTradingEngine(connector)) {
                engine.initialize(DefaultTradingEngineTest.SETTINGS);
                boolean connected = true, validated = true, lost = false, planArmed = false, trading = false;
                for (int i = 0; i < STEPS; i++) {
                    Step step = steps[random.nextInt(steps.length)];
                    trace.add(step.name());
                    FakeBrokerConnection live = connector.last().isOpen() ? connector.last() : null;
                    switch (step) {
                        case DROP -> {
                            if (live != null) {
                                live.drop();
                                connected = false;
                                validated = false;
                            }
                        }
                        case RESTART -> {
                            connector.gatewayUp = false;
                            if (live != null) {
                                live.drop();
                                connected = false;
                                validated = false;
                            }
                        }
                        case GATEWAY_BACK -> connector.gatewayUp = true;
                        case E1100, E2110 -> {
                            if (live != null) {
                                live.fire(
                                        step == Step.E1100
                                                ? BrokerEvent.CONNECTIVITY_LOST
                                                : BrokerEvent.CONNECTION_BROKEN);
                                validated = false;
                                lost = true;
                            }
                        }
                        case E1101, E1102 -> {
                            if (live != null) {
                                live.fire(
                                        step == Step.E1101
                                                ? BrokerEvent.RESTORED_DATA_LOST
                                                : BrokerEvent.RESTORED_DATA_KEPT);
                                lost = false;
                            }
                        }
                        case E1300 -> {
                            if (live != null) {
                                live.fire(BrokerEvent.SOCKET_PORT_CHANGED);
                                connected = false;
                                validated = false;
                            }
                        }
                        case STALE -> {
                            // A late event from an older, replaced connection must change nothing.
                            if (connector.opened.size() > 1) {
                                connector.opened.get(0).fire(BrokerEvent.CONNECTIVITY_LOST);
                            }
                        }
                        case VALIDATE -> {
                            boolean canConnect = connected || connector.gatewayUp;
                            boolean expectOk = canConnect && !(connected && lost);
                            try {
                                engine.revalidate();
                                assertThat(expectOk)
                                        .as("validate succeeded unexpectedly: %s", trace)
                                        .isTrue();
                                if (!connected) {
                                    lost = false;
                                }
                                connected = true;
                                validated = true;
                            } catch (EngineException e) {
                                assertThat(expectOk)
                                        .as("validate failed unexpectedly (%s): %s", e.getMessage(), trace)
                                        .isFalse();
                            }
                        }
                        case ACTIVATE -> {
                            engine.activate(DefaultTradingEngineTest.PLAN);
                            planArmed = true;
                            trading = true;
                        }
                        case STRATEGY_C -> {
                            engine.enterStrategyC("property test");
                            trading = false;
                        }
                        case RESUME -> {
                            try {
                                engine.resume();
                                assertThat(connected && validated && planArmed)
                                        .as("resume: %s", trace)
                                        .isTrue();
                                trading = true;
                            } catch (EngineException e) {
                                assertThat(connected && validated && planArmed)
                                        .as("resume refused: %s", trace)
                                        .isFalse();
                            }
                        }
                        case ORDER -> {
                            OrderResult result = engine.submitOrder(OrderRequest.market(
                                    "SPY", random.nextBoolean() ? OrderRequest.Side.BUY : OrderRequest.Side.SELL, 1));
                            boolean mayPass = connected && validated && trading;
                            if (result.accepted()) {
                                accepted++;
                                assertThat(mayPass)
                                        .as(
                                                "order passed while connected=%s validated=%s trading=%s: %s",
                                                connected, validated, trading, trace)
                                        .isTrue();
                            } else {
                                refused++;
                                assertThat(mayPass)
                                        .as("order refused (%s) although allowed: %s", result.detail(), trace)
                                        .isFalse();
                            }
                        }
                    }
                }
            }
        }
        assertThat(accepted)
                .as("some orders must pass for the property to mean anything")
                .isGreaterThan(1_000);
        assertThat(refused).isGreaterThan(1_000);
    }
}
