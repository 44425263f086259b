package dev.safestart.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order-gate invariant with DRY_RUN=false (paper orders): 5,000 seeded random sequences of drops, reconnects
 * to gateways logged in to paper or live accounts, validations, Strategy C, resumes and orders. An independent
 * model says when an order may leave; an order reaches the connection exactly then, and never to a non-paper account.
 */
class OrderGatePaperPropertyTest {
    enum Step {
        DROP,
        LIVE_ACCOUNT,
        PAPER_ACCOUNT,
        TWO_ACCOUNTS,
        VALIDATE,
        STRATEGY_C,
        RESUME,
        ORDER
    }

    static final EngineSettings PAPER =
            new EngineSettings("bot1", "127.0.0.1", 4002, 1, false).withHeartbeat(60_000, 1_000);

    @Test
    void noPaperOrderLeavesWithTheGateClosedOrToANonPaperAccount() throws Exception {
        Random random = new Random(20_261_202L);
        Step[] steps = Step.values();
        int sent = 0;
        int refused = 0;
        for (int s = 0; s < 5_000; s++) {
            List<String> trace = new ArrayList<>();
            FakeConnector connector = new FakeConnector();
            try (DefaultTradingEngine engine = new DefaultTradingEngine(connector)) {
                engine.initialize(PAPER);
                engine.activate(DefaultTradingEngineTest.PLAN);
                boolean connected = true, validated = true, inC = false;
                List<String> nextAccounts = List.of("DU1234567");
                int side = 0;
                for (int i = 0; i < 30; i++) {
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
                        case LIVE_ACCOUNT -> nextAccounts = List.of("U7654321");
                        case PAPER_ACCOUNT -> nextAccounts = List.of("DU1234567");
                        case TWO_ACCOUNTS -> nextAccounts = List.of("DU1234567", "DU7654321");
                        case VALIDATE -> {
                            connector.accounts = nextAccounts;
                            List<String> used = connected ? connector.last().accounts() : nextAccounts;
                            boolean expectOk = AccountGuard.allPaper(used);
                            try {
                                engine.revalidate();
                                assertThat(expectOk)
                                        .as("validated with %s: %s", used, trace)
                                        .isTrue();
                                validated = true;
                            } catch (EngineException e) {
                                assertThat(expectOk)
                                        .as("refused (%s): %s", e.getMessage(), trace)
                                        .isFalse();
                                validated = false;
                            }
                            connected = true;
                        }
                        case STRATEGY_C -> {
                            engine.enterStrategyC("property", false);
                            inC = true;
                        }
                        case RESUME -> {
                            try {
                                engine.resume();
                                assertThat(connected && validated)
                                        .as("resumed unvalidated: %s", trace)
                                        .isTrue();
                                inC = false;
                            } catch (EngineException e) {
                                assertThat(connected && validated)
                                        .as("resume refused (%s): %s", e.getMessage(), trace)
                                        .isFalse();
                            }
                        }
                        case ORDER -> {
                            FakeBrokerConnection target = connector.last();
                            int before = target.submitted.size();
                            OrderRequest.Side dir = (side++ % 2 == 0) ? OrderRequest.Side.BUY : OrderRequest.Side.SELL;
                            OrderResult r = engine.submitOrder(OrderRequest.market("SPY", dir, 1));
                            boolean left = target.submitted.size() > before;
                            boolean mayLeave = connected && validated && !inC && target.accounts.size() == 1;
                            assertThat(left)
                                    .as("order %s (%s) vs model %s: %s", r.status(), r.detail(), mayLeave, trace)
                                    .isEqualTo(mayLeave);
                            assertThat(r.status() == OrderResult.Status.SENT_PAPER)
                                    .isEqualTo(left);
                            if (left) {
                                sent++;
                            } else {
                                refused++;
                            }
                        }
                    }
                }
                for (FakeBrokerConnection c : connector.opened) {
                    assertThat(c.submitted)
                            .as("orders to non-paper accounts: %s", trace)
                            .allMatch(o -> o.account().startsWith("D"));
                }
            }
        }
        assertThat(sent).as("the property must not pass by refusing everything").isGreaterThan(1_000);
        assertThat(refused).isGreaterThan(1_000);
    }
}
