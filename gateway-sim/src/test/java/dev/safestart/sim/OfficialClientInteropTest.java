package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.tws.AccountRequests;
import dev.safestart.tws.Contract;
import dev.safestart.tws.ExecutionFilter;
import dev.safestart.tws.Frames;
import dev.safestart.tws.OrderRequest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-level interoperability with IB's official Python client (PyPI ibapi-latest, pinned in
 * interop/python/requirements-ibapi.txt; it advertises v100..226 and so speaks the text protocol at 200 here):
 * every account and order request Safestart encodes is what the official client encodes for the same request,
 * field for field; every account message the simulator sends decodes, in the official decoder, to the values the
 * simulator meant, with no field left unread.
 */
class OfficialClientInteropTest {
    private static final int VERSION = 200;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Contract SPY = Contract.stock("SPY", "SMART", "USD");
    private static final Contract AAPL = Contract.stock("AAPL", "SMART", "USD").withConId(265598);

    @Test
    void everyRequestWeEncodeIsByteForByteWhatTheOfficialClientSends(@TempDir Path dir) throws Exception {
        // each entry: the request as the official client is asked to send it, and our encoding of the same request
        List<Map<String, Object>> requests = new ArrayList<>();
        List<byte[]> ours = new ArrayList<>();
        requests.add(Map.of(
                "op",
                "placeOrder",
                "orderId",
                101,
                "contract",
                Map.of("symbol", "SPY"),
                "action",
                "BUY",
                "totalQuantity",
                "10",
                "orderType",
                "MKT",
                "tif",
                "DAY",
                "account",
                "DU1234567",
                "orderRef",
                "safestart"));
        ours.add(AccountRequests.placeOrder(
                OrderRequest.market(101, SPY, "BUY", new BigDecimal("10"), "DU1234567")
                        .withOrderRef("safestart"),
                VERSION));
        requests.add(Map.of(
                "op",
                "placeOrder",
                "orderId",
                102,
                "contract",
                Map.of("symbol", "SPY"),
                "action",
                "SELL",
                "totalQuantity",
                "5",
                "orderType",
                "LMT",
                "lmtPrice",
                450.25,
                "tif",
                "GTC"));
        ours.add(AccountRequests.placeOrder(
                OrderRequest.limit(102, SPY, "SELL", new BigDecimal("5"), 450.25, "")
                        .withTif("GTC"),
                VERSION));
        requests.add(Map.of(
                "op",
                "placeOrder",
                "orderId",
                103,
                "contract",
                Map.of("symbol", "AAPL", "conId", 265598),
                "action",
                "BUY",
                "totalQuantity",
                "0.5",
                "orderType",
                "LMT",
                "lmtPrice",
                189.5,
                "tif",
                "DAY",
                "account",
                "DU1234567"));
        ours.add(AccountRequests.placeOrder(
                OrderRequest.limit(103, AAPL, "BUY", new BigDecimal("0.5"), 189.5, "DU1234567"), VERSION));
        requests.add(Map.of("op", "cancelOrder", "orderId", 101));
        ours.add(AccountRequests.cancelOrder(101, VERSION));
        requests.add(Map.of("op", "reqGlobalCancel"));
        ours.add(AccountRequests.reqGlobalCancel(VERSION));
        requests.add(Map.of("op", "reqPositions"));
        ours.add(AccountRequests.reqPositions(VERSION));
        requests.add(Map.of("op", "reqOpenOrders"));
        ours.add(AccountRequests.reqOpenOrders(VERSION));
        requests.add(Map.of("op", "reqAllOpenOrders"));
        ours.add(AccountRequests.reqAllOpenOrders(VERSION));
        requests.add(Map.of("op", "reqExecutions", "reqId", 7, "clientId", 1, "time", "20260202-09:30:00"));
        ours.add(AccountRequests.reqExecutions(7, ExecutionFilter.since(1, "20260202-09:30:00"), VERSION));
        requests.add(
                Map.of("op", "reqExecutions", "reqId", 8, "acctCode", "DU1234567", "symbol", "SPY", "side", "BUY"));
        ours.add(AccountRequests.reqExecutions(
                8, new ExecutionFilter(0, "DU1234567", "", "SPY", "", "", "BUY"), VERSION));

        Path file = dir.resolve("requests.json");
        Files.writeString(file, JSON.writeValueAsString(requests));
        try (RecordingEndpoint endpoint = new RecordingEndpoint(VERSION);
                ExternalClient client = ExternalClient.startOfficial(List.of(
                        "--port",
                        Integer.toString(endpoint.port()),
                        "--client-id",
                        "3",
                        "--mode",
                        "encode",
                        "--requests",
                        file.toString()))) {
            JsonNode result = client.await("result", WAIT);
            assertThat(result.get("ok").asBoolean())
                    .as("%s; stderr %s", result, client.stderrText())
                    .isTrue();
            assertThat(result.get("serverVersion").asInt()).isEqualTo(VERSION);
            List<byte[]> theirs = endpoint.recorded();
            assertThat(theirs).hasSize(ours.size());
            for (int i = 0; i < ours.size(); i++) {
                byte[] mine = Arrays.copyOfRange(ours.get(i), 4, ours.get(i).length);
                assertThat(Frames.splitFields(mine))
                        .as("request %d: %s", i, requests.get(i).get("op"))
                        .containsExactlyElementsOf(Frames.splitFields(theirs.get(i)));
                assertThat(mine).as("request %d bytes", i).isEqualTo(theirs.get(i));
            }
        }
    }

    @Test
    void everyAccountMessageTheSimulatorSendsDecodesInTheOfficialClientToWhatWeMeant() throws Exception {
        try (GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults().withAccounts(List.of("DU1234567")))) {
            SimAccount account = sim.account();
            account.setPosition("DU1234567", SPY.withConId(756733), new BigDecimal("100"), 445.5);
            account.setPosition("DU1234567", AAPL, new BigDecimal("-20.5"), 190.25);
            account.addOpenOrder(201, 1, "DU1234567", SPY, "BUY", new BigDecimal("10"), "LMT", 440.0);
            account.addOpenOrder(202, 7, "DU1234567", AAPL, "SELL", new BigDecimal("5"), "LMT", 199.99);
            account.addExecution(150, 1, "DU1234567", SPY, "BOT", new BigDecimal("10"), 444.1);
            account.addExecution(151, 7, "DU1234567", AAPL, "SLD", new BigDecimal("5"), 191.0);

            try (ExternalClient client = ExternalClient.startOfficial(List.of(
                    "--port",
                    Integer.toString(sim.port()),
                    "--client-id",
                    "1",
                    "--mode",
                    "decode",
                    "--exec-client-id",
                    "1",
                    "--exec-req-id",
                    "42"))) {
                JsonNode r = client.await("result", WAIT);
                assertThat(r.get("ok").asBoolean())
                        .as("%s; stderr %s", r, client.stderrText())
                        .isTrue();
                assertThat(r.get("serverVersion").asInt()).isEqualTo(VERSION);
                assertThat(r.get("leftovers"))
                        .as("fields the official decoder did not read")
                        .isEmpty();
                assertThat(r.get("errors"))
                        .extracting(err -> err.get("code").asInt())
                        .allMatch(code -> code >= 2100, "farm notices only");

                // the positions, after our own bookkeeping moved them by the two executions above
                JsonNode positions = r.get("positions");
                assertThat(positions).hasSize(2);
                for (var p : account.positions()) {
                    JsonNode theirs = find(positions, "contract", p.contract().symbol());
                    assertThat(theirs.get("account").asText()).isEqualTo(p.account());
                    assertThat(new BigDecimal(theirs.get("position").asText())).isEqualByComparingTo(p.quantity());
                    assertThat(theirs.get("avgCost").asDouble()).isEqualTo(p.avgCost());
                    assertThat(theirs.get("contract").get("conId").asLong())
                            .isEqualTo(p.contract().conId());
                    assertThat(theirs.get("contract").get("secType").asText()).isEqualTo("STK");
                    assertThat(theirs.get("contract").get("currency").asText()).isEqualTo("USD");
                }

                // reqOpenOrders: client 1's own order only; reqAllOpenOrders: both clients'
                assertThat(fieldNames(r.get("openOrders"))).containsExactly("201");
                assertThat(fieldNames(r.get("allOpenOrders"))).containsExactlyInAnyOrder("201", "202");
                JsonNode o = r.get("allOpenOrders").get("202");
                assertThat(o.get("contract").get("symbol").asText()).isEqualTo("AAPL");
                assertThat(o.get("contract").get("conId").asLong()).isEqualTo(265598);
                assertThat(o.get("action").asText()).isEqualTo("SELL");
                assertThat(o.get("totalQuantity").asText()).isEqualTo("5");
                assertThat(o.get("orderType").asText()).isEqualTo("LMT");
                assertThat(o.get("lmtPrice").asDouble()).isEqualTo(199.99);
                assertThat(o.get("auxPrice").isNull()).isTrue();
                assertThat(o.get("tif").asText()).isEqualTo("DAY");
                assertThat(o.get("account").asText()).isEqualTo("DU1234567");
                assertThat(o.get("clientId").asInt()).isEqualTo(7);
                assertThat(o.get("permId").asLong()).isPositive();
                assertThat(o.get("status").asText()).isEqualTo("Submitted");

                JsonNode statuses = r.get("orderStatus");
                assertThat(statuses).hasSize(3); // 201 for reqOpenOrders, 201 and 202 for reqAllOpenOrders
                JsonNode s = find(statuses, "orderId", 202);
                assertThat(s.get("status").asText()).isEqualTo("Submitted");
                assertThat(s.get("filled").asText()).isEqualTo("0");
                assertThat(s.get("remaining").asText()).isEqualTo("5");
                assertThat(s.get("clientId").asInt()).isEqualTo(7);
                assertThat(s.get("permId").asLong()).isEqualTo(o.get("permId").asLong());

                // reqExecutions filtered on client 1: only its fill, tagged with the request id
                JsonNode executions = r.get("executions");
                assertThat(executions).hasSize(1);
                JsonNode e = executions.get(0);
                var mine = account.executions().get(0);
                assertThat(e.get("reqId").asInt()).isEqualTo(42);
                assertThat(e.get("orderId").asLong()).isEqualTo(150);
                assertThat(e.get("contract").get("symbol").asText()).isEqualTo("SPY");
                assertThat(e.get("execId").asText()).isEqualTo(mine.execId());
                assertThat(e.get("time").asText()).isEqualTo(mine.time());
                assertThat(e.get("account").asText()).isEqualTo("DU1234567");
                assertThat(e.get("side").asText()).isEqualTo("BOT");
                assertThat(e.get("shares").asText()).isEqualTo("10");
                assertThat(e.get("price").asDouble()).isEqualTo(444.1);
                assertThat(e.get("clientId").asInt()).isEqualTo(1);
                assertThat(e.get("cumQty").asText()).isEqualTo("10");
                assertThat(e.get("avgPrice").asDouble()).isEqualTo(444.1);
                assertThat(r.get("execDetailsEndReqId").asInt()).isEqualTo(42);
            }
        }
    }

    private static JsonNode find(JsonNode array, String field, Object value) {
        for (JsonNode n : array) {
            JsonNode f = n.get(field);
            String text = f.isObject() ? f.get("symbol").asText() : f.asText();
            if (text.equals(String.valueOf(value))) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
