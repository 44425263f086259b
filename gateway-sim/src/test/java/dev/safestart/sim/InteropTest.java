package dev.safestart.sim;

import static dev.safestart.sim.SimReadyTest.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safestart.sim.ExternalClient.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proof of faithfulness: two TWS API clients nobody here wrote — @stoqey/ib (npm) and ib_async
 * (PyPI) — connect to the simulator, get managed accounts, a next valid id and a currentTime reply, and report
 * the disconnects and errors the simulator's failure modes produce. Needs bin/setup.d/10-interop.sh.
 */
class InteropTest {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private GatewaySimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(
                SimConfig.defaults().withAccounts(List.of("DU1234567")).withFirstOrderId(77));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static int expectedVersion(Kind kind) {
        return kind == Kind.STOQEY_IB ? 193 : 178; // each client's max; the sim speaks up to 200
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectsGetsAccountsNextValidIdAndCurrentTime(Kind kind) throws Exception {
        long before = Instant.now().getEpochSecond();
        try (ExternalClient client = ExternalClient.start(kind, sim.port(), 11, "connect", CLIENT_TIMEOUT)) {
            JsonNode result = client.await("result", WAIT);
            assertThat(result.get("ok").asBoolean())
                    .as("result %s; stderr %s", result, client.stderrText())
                    .isTrue();
            assertThat(result.get("serverVersion").asInt()).isEqualTo(expectedVersion(kind));
            assertThat(result.get("accounts")).extracting(JsonNode::asText).containsExactly("DU1234567");
            assertThat(result.get("nextValidId").asLong()).isGreaterThanOrEqualTo(77);
            assertThat(result.get("currentTime").asLong())
                    .isBetween(before - 2, Instant.now().getEpochSecond() + 2);
            assertThat(result.get("errors"))
                    .extracting(e -> e.get("code").asInt())
                    .doesNotContain(326, 1100);
            // no start-up request left hanging: ib_async syncs positions/orders/account/executions with a timeout
            assertThat(result.get("elapsedMs").asLong()).isLessThan(CLIENT_TIMEOUT.toMillis());
            assertThat(client.exitCode(WAIT)).isZero();
            System.out.printf(
                    "interop %s %s negotiated v%d in %d ms%n",
                    result.get("client").asText(),
                    result.get("clientVersion").asText(),
                    result.get("serverVersion").asInt(),
                    result.get("elapsedMs").asLong());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aClientIdAlreadyConnectedIsRefusedWith326AndClosed(Kind kind) throws Exception {
        try (RawClient holder = RawClient.connect(sim.port()).hello("v100..193")) {
            holder.read();
            holder.startApi(5);
            holder.readUntil("9");
            try (ExternalClient client = ExternalClient.start(kind, sim.port(), 5, "watch", CLIENT_TIMEOUT)) {
                JsonNode end = client.await("end", WAIT);
                assertThat(end.get("disconnected").asBoolean())
                        .as("%s", client.seen())
                        .isTrue();
                assertThat(codes(end)).contains(326);
                assertThat(client.seen()).noneMatch(l -> l.get("event").asText().equals("ready"));
                if (kind == Kind.IB_ASYNC) {
                    assertThat(end.get("exception").asText()).isNotEmpty();
                }
            }
            assertThat(sim.status().clientIds()).containsExactly(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void clientIdInUseCloseOnlyIsReportedAsADisconnectBeforeReady(Kind kind) throws Exception {
        sim.setMode(SimMode.CLIENT_ID_IN_USE, params("variant", "closeOnly"));
        try (ExternalClient client = ExternalClient.start(kind, sim.port(), 6, "watch", CLIENT_TIMEOUT)) {
            JsonNode end = client.await("end", WAIT);
            assertThat(end.get("disconnected").asBoolean())
                    .as("%s", client.seen())
                    .isTrue();
            assertThat(codes(end)).doesNotContain(326);
            assertThat(client.seen()).noneMatch(l -> l.get("event").asText().equals("ready"));
            if (kind == Kind.IB_ASYNC) {
                // ib_async's own words for a silent close before ready
                assertThat(end.get("apiErrors").toString()).contains("clientId 6 already in use?");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void dropAllIsReportedAsADisconnect(Kind kind) throws Exception {
        try (ExternalClient client = ExternalClient.start(kind, sim.port(), 12, "watch", CLIENT_TIMEOUT)) {
            JsonNode ready = client.await("ready", WAIT);
            assertThat(ready.get("accounts")).extracting(JsonNode::asText).containsExactly("DU1234567");
            sim.setMode(SimMode.DROP_ALL);
            JsonNode end = client.await("end", WAIT);
            assertThat(end.get("disconnected").asBoolean())
                    .as("%s", client.seen())
                    .isTrue();
            assertThat(end.get("reason").asText()).isEqualTo("disconnected");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectivityLostAndRestoredArriveAsErrors1100And1102WithTheSocketUp(Kind kind) throws Exception {
        try (ExternalClient client = ExternalClient.start(kind, sim.port(), 13, "watch", CLIENT_TIMEOUT)) {
            client.await("ready", WAIT);
            sim.setMode(SimMode.CONNECTIVITY_LOST);
            assertThat(awaitCode(client, 1100).get("message").asText()).contains("has been lost");
            sim.setMode(SimMode.RESTORED);
            assertThat(awaitCode(client, 1102).get("message").asText()).contains("data maintained");
            assertThat(sim.status().clientIds()).containsExactly(13);
            sim.setMode(SimMode.DROP_ALL);
            assertThat(client.await("end", WAIT).get("disconnected").asBoolean())
                    .isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void portClosedIsReportedAsConnectionRefused(Kind kind) throws Exception {
        sim.setMode(SimMode.PORT_CLOSED);
        try (ExternalClient client = ExternalClient.start(kind, sim.port(), 14, "connect", CLIENT_TIMEOUT)) {
            JsonNode result = client.await("result", WAIT);
            assertThat(result.get("ok").asBoolean()).isFalse();
            if (kind == Kind.STOQEY_IB) {
                assertThat(codes(result)).contains(502); // CONNECT_FAIL
                assertThat(result.toString()).contains("ECONNREFUSED");
            } else {
                assertThat(result.get("exception").asText()).startsWith("ConnectionRefusedError");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void apiNotReadyIsTheClassicConnectedThenTimeout(Kind kind) throws Exception {
        sim.setMode(SimMode.API_NOT_READY);
        Duration timeout = Duration.ofSeconds(2);
        try (ExternalClient client = ExternalClient.start(kind, sim.port(), 15, "connect", timeout)) {
            JsonNode result = client.await("result", WAIT);
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("accounts").isNull()).isTrue();
            assertThat(result.get("elapsedMs").asLong()).isGreaterThanOrEqualTo(timeout.toMillis() - 100);
            if (kind == Kind.STOQEY_IB) {
                assertThat(result.get("reason").asText()).startsWith("timeout");
            } else {
                assertThat(result.get("exception").asText()).startsWith("TimeoutError");
            }
        }
    }

    /** @stoqey/ib reports reqId -1 errors as "info" lines, ib_async as "error" lines: match on the code. */
    private static JsonNode awaitCode(ExternalClient client, int code) throws InterruptedException {
        return client.await(line -> line.path("code").asInt() == code, "error " + code, WAIT);
    }

    private static List<Integer> codes(JsonNode end) {
        List<Integer> codes = new ArrayList<>();
        end.get("errors").forEach(e -> codes.add(e.get("code").asInt()));
        return codes;
    }
}
