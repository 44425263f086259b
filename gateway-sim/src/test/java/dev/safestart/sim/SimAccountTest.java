package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.tws.AccountLoader;
import dev.safestart.tws.AccountLoader.WorkingOrder;
import dev.safestart.tws.AccountReport;
import dev.safestart.tws.Contract;
import dev.safestart.tws.ExecutionFilter;
import dev.safestart.tws.OrderRequest;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.SessionListener;
import dev.safestart.tws.TwsError;
import dev.safestart.tws.TwsSession;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated account over real sockets, through our own client: set by the control API and by a scenario
 * step, reported by reqPositions/reqOpenOrders/reqAllOpenOrders/reqExecutions, changed by placeOrder/cancelOrder
 * (market orders fill at the set price, limits when crossed), and READ_ONLY answering every order request with 321.
 */
class SimAccountTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Contract SPY = Contract.stock("SPY", "SMART", "USD");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private GatewaySimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(
                SimConfig.defaults().withControlPort(0).withFarmNotices(false).withAccounts(List.of("DU1234567")));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.controlPort() + path))
                .timeout(T)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private TwsSession session(int clientId, SessionListener... listeners) throws Exception {
        return TwsSession.open(
                ProbeRequest.of("127.0.0.1", sim.port(), clientId).withTimeouts(T, T), listeners);
    }

    static final class Seen implements SessionListener {
        final List<TwsError> errors = new CopyOnWriteArrayList<>();
        final List<AccountReport> reports = new CopyOnWriteArrayList<>();

        @Override
        public void onError(TwsError error) {
            errors.add(error);
        }

        @Override
        public void onAccountReport(AccountReport report) {
            reports.add(report);
        }
    }

    @Test
    void theControlApiSetsTheAccountAndTheClientLoadsIt() throws Exception {
        HttpResponse<String> set = call("POST", "/account", """
                {"positions":[{"account":"DU1234567","symbol":"SPY","quantity":"100","avgCost":445.5}],
                 "openOrders":[{"orderId":201,"clientId":1,"account":"DU1234567","symbol":"SPY",
                                "action":"BUY","quantity":"10","orderType":"LMT","lmtPrice":440},
                               {"orderId":202,"clientId":7,"account":"DU1234567","symbol":"SPY",
                                "action":"SELL","quantity":"5","orderType":"LMT","lmtPrice":460}],
                 "executions":[{"orderId":150,"clientId":1,"account":"DU1234567","symbol":"SPY",
                                "side":"BOT","shares":"10","price":444.1}]}
                """);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).get("openOrders")).hasSize(2);

        try (TwsSession s = session(1)) {
            AccountLoader loader = new AccountLoader(s);
            List<AccountReport.Position> positions = loader.positions(T);
            // the execution moved the position: 100 + 10
            assertThat(positions).singleElement().satisfies(p -> {
                assertThat(p.contract().symbol()).isEqualTo("SPY");
                assertThat(p.quantity()).isEqualByComparingTo("110");
            });
            assertThat(loader.openOrders(false, T))
                    .extracting(w -> w.order().orderId())
                    .containsExactly(201L);
            List<WorkingOrder> all = loader.openOrders(true, T);
            assertThat(all).extracting(w -> w.order().orderId()).containsExactly(201L, 202L);
            assertThat(all.get(1).order().clientId()).isEqualTo(7);
            assertThat(all.get(1).status().remaining()).isEqualByComparingTo("5");
            assertThat(loader.executions(ExecutionFilter.since(1, ""), T))
                    .singleElement()
                    .satisfies(e -> assertThat(e.price()).isEqualTo(444.1));
            assertThat(loader.executions(ExecutionFilter.since(7, ""), T)).isEmpty();
        }
    }

    @Test
    void badAccountJsonIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        HttpResponse<String> r = call("POST", "/account", """
                {"positions":[{"account":"DU1234567","symbol":"SPY","quantity":"100"}],
                 "openOrders":[{"orderId":1,"account":"DU1","symbol":"SPY",
                                "action":"HOLD","quantity":"1","orderType":"LMT"}]}""");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("action");
        assertThat(sim.account().positions()).isEmpty();
        assertThat(call("POST", "/account", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void marketOrdersFillAtTheSetPriceAndLimitsWhenCrossed() throws Exception {
        sim.setPrice("SPY", 450.0);
        Seen seen = new Seen();
        try (TwsSession s = session(1, seen)) {
            s.placeOrder(OrderRequest.market(s.allocateOrderId(), SPY, "BUY", new BigDecimal("10"), "DU1234567"));
            await().atMost(T).until(() -> seen.reports.stream().anyMatch(r -> r instanceof AccountReport.Execution));
            AccountReport.Execution fill = (AccountReport.Execution) seen.reports.stream()
                    .filter(r -> r instanceof AccountReport.Execution)
                    .findFirst()
                    .orElseThrow();
            assertThat(fill.price()).isEqualTo(450.0);
            assertThat(fill.side()).isEqualTo("BOT");
            assertThat(fill.clientId()).isEqualTo(1);

            long limitId = s.allocateOrderId();
            s.placeOrder(OrderRequest.limit(limitId, SPY, "SELL", new BigDecimal("4"), 455.0, "DU1234567"));
            AccountLoader loader = new AccountLoader(s);
            assertThat(loader.openOrders(false, T))
                    .extracting(w -> w.order().orderId())
                    .containsExactly(limitId);
            seen.reports.clear();
            sim.setPrice("SPY", 455.5); // crosses the sell limit: it fills at its limit, pushed to its owner
            await().atMost(T)
                    .until(() -> seen.reports.stream()
                            .anyMatch(r -> r instanceof AccountReport.Execution e
                                    && e.orderId() == limitId
                                    && e.price() == 455.0));
            assertThat(loader.openOrders(false, T)).isEmpty();
            assertThat(loader.positions(T))
                    .singleElement()
                    .satisfies(p -> assertThat(p.quantity()).isEqualByComparingTo("6"));
        }
    }

    @Test
    void aClientCancelsItsOwnOrdersOnlyAndReadOnlyAnswersEveryOrderRequestWith321() throws Exception {
        sim.account().addOpenOrder(301, 7, "DU1234567", SPY, "BUY", BigDecimal.ONE, "LMT", 400.0);
        sim.account().addOpenOrder(302, 1, "DU1234567", SPY, "BUY", BigDecimal.ONE, "LMT", 401.0);
        Seen seen = new Seen();
        try (TwsSession s = session(1, seen)) {
            s.cancelOrder(301); // another client's order
            await().atMost(T)
                    .until(() -> seen.errors.stream().anyMatch(e -> e.code() == 10147 && e.requestId() == 301));
            s.cancelOrder(302);
            await().atMost(T)
                    .until(() -> seen.reports.stream()
                            .anyMatch(r -> r instanceof AccountReport.OrderStatus st
                                    && st.orderId() == 302
                                    && st.status().equals("Cancelled")));
            assertThat(sim.account().openOrders())
                    .extracting(AccountReport.OpenOrder::orderId)
                    .containsExactly(301L);

            assertThat(call("POST", "/account", "{\"readOnly\":true}").statusCode())
                    .isEqualTo(200);
            seen.errors.clear();
            s.cancelOrder(301);
            s.placeOrder(OrderRequest.market(s.allocateOrderId(), SPY, "BUY", BigDecimal.ONE, "DU1234567"));
            s.requestGlobalCancel();
            await().atMost(T)
                    .until(() ->
                            seen.errors.stream().filter(e -> e.code() == 321).count() == 3);
            assertThat(seen.errors.get(0).message()).contains("Read-Only");
            assertThat(sim.account().openOrders()).hasSize(1);
            assertThat(new AccountLoader(s).positions(T)).isEmpty(); // still reports, never changes
        }
    }

    @Test
    void aScenarioStepSetsTheAccount() throws Exception {
        Scenario scenario = Scenario.fromJson("""
                {"name":"fill-during-drop","steps":[
                  {"mode":"READY","seconds":0.2},
                  {"mode":"READY","account":{"executions":[
                    {"orderId":9,"clientId":1,"account":"DU1234567","symbol":"SPY","side":"SLD","shares":"3",
                     "price":449}
                  ]}}]}""");
        sim.play(scenario);
        await().atMost(T).until(() -> sim.account().executions().size() == 1);
        assertThat(sim.account().positions())
                .singleElement()
                .satisfies(p -> assertThat(p.quantity()).isEqualByComparingTo("-3"));
    }
}
