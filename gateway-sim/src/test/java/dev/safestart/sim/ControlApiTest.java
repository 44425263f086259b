package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API over real HTTP. */
class ControlApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private GatewaySimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults().withControlPort(0).withFarmNotices(false));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.controlPort() + path))
                .timeout(Duration.ofSeconds(5))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusShowsModePortAndSessionsWithClientIds() throws Exception {
        try (RawClient c = RawClient.connect(sim.port()).hello("v157..178")) {
            c.read();
            c.startApi(42);
            c.readUntil("9");
            HttpResponse<String> response = call("GET", "/status", null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            JsonNode status = JSON.readTree(response.body());
            assertThat(status.get("mode").asText()).isEqualTo("READY");
            assertThat(status.get("port").asInt()).isEqualTo(sim.port());
            assertThat(status.get("listening").asBoolean()).isTrue();
            assertThat(status.get("clientIds").get(0).asInt()).isEqualTo(42);
            JsonNode session = status.get("sessions").get(0);
            assertThat(session.get("clientId").asInt()).isEqualTo(42);
            assertThat(session.get("serverVersion").asInt()).isEqualTo(178);
            assertThat(session.get("state").asText()).isEqualTo("READY");
        }
    }

    @Test
    void postModeSwitchesWithQueryParameters() throws Exception {
        HttpResponse<String> response = call("POST", "/mode/SLOW_HANDSHAKE?delayMs=2000", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("mode").asText()).isEqualTo("SLOW_HANDSHAKE");
        assertThat(status.get("params").get("delayMs").asText()).isEqualTo("2000");
        assertThat(sim.mode()).isEqualTo(SimMode.SLOW_HANDSHAKE);

        assertThat(call("POST", "/mode/port_closed", null).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(call("GET", "/status", null).body())
                        .get("listening")
                        .asBoolean())
                .isFalse();
        assertThat(call("POST", "/mode/RESTART?seconds=5", null).statusCode()).isEqualTo(200);
        assertThat(sim.currentMode().params()).containsEntry("seconds", "5");
    }

    @Test
    void badModeOrParameterIs400WithAClearMessage() throws Exception {
        HttpResponse<String> unknown = call("POST", "/mode/SLEEPY", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("error").asText())
                .contains("unknown mode 'SLEEPY'")
                .contains("READY");

        HttpResponse<String> badValue = call("POST", "/mode/RESTART?seconds=soon", null);
        assertThat(badValue.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badValue.body()).get("error").asText()).contains("seconds='soon'");

        HttpResponse<String> foreign = call("POST", "/mode/READY?delayMs=5", null);
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(foreign.body()).get("error").asText()).contains("does not take parameter");

        assertThat(call("GET", "/mode/READY", null).statusCode()).isEqualTo(405);
        assertThat(call("GET", "/nothing", null).statusCode()).isEqualTo(404);
        assertThat(sim.mode()).isEqualTo(SimMode.READY);
    }

    @Test
    void scenarioByBodyAndByNameAndCancel() throws Exception {
        String story =
                "{\"name\":\"blip\",\"steps\":[{\"mode\":\"API_NOT_READY\",\"seconds\":0.3},{\"mode\":\"READY\"}]}";
        HttpResponse<String> started = call("POST", "/scenario", story);
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(started.body()).get("scenario").asText()).isEqualTo("blip");
        JsonNode state = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> JSON.readTree(call("GET", "/scenario", null).body()),
                        s -> s.get("done").asBoolean());
        assertThat(state.get("timeline"))
                .extracting(n -> n.get("mode").asText())
                .containsExactly("API_NOT_READY", "READY");
        assertThat(state.get("readyAt").asText()).isNotEmpty();

        assertThat(call("POST", "/scenario?name=classic", null).statusCode()).isEqualTo(202);
        await().until(() -> sim.mode() == SimMode.PORT_CLOSED);
        JsonNode cancelled = JSON.readTree(call("DELETE", "/scenario", null).body());
        assertThat(cancelled.get("cancelled").asBoolean()).isTrue();
        // Past the end of classic's 3 s first step, a cancelled story is still where it stopped.
        await("a cancelled story stops where it was")
                .during(Duration.ofMillis(3_300))
                .atMost(Duration.ofSeconds(6))
                .until(() -> sim.mode() == SimMode.PORT_CLOSED);

        HttpResponse<String> bad = call(
                "POST", "/scenario", "{\"name\":\"x\",\"steps\":[{\"mode\":\"READY\"},{\"mode\":\"PORT_CLOSED\"}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asText())
                .contains("step 1")
                .contains("seconds");
    }

    @Test
    void controlPortMinusOneMeansNoControlApi() throws Exception {
        try (GatewaySimulator quiet = GatewaySimulator.start(SimConfig.defaults())) {
            assertThat(quiet.controlPort()).isEqualTo(-1);
            assertThat(quiet.status().controlPort()).isEqualTo(-1);
        }
    }
}
