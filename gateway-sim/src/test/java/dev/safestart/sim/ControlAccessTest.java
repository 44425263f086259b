package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control API's exposure rules, over real HTTP: loopback by default, a token elsewhere, no cross-site requests. */
class ControlAccessTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private GatewaySimulator sim;
    private ControlServer control;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(
                SimConfig.defaults().withPort(0).withControlPort(-1).withFarmNotices(false));
    }

    @AfterEach
    void stop() {
        if (control != null) {
            control.stop();
        }
        sim.close();
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.port() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsToLoopbackByDefault() throws Exception {
        ControlAccess access = ControlAccess.fromEnvironment(Map.of());
        assertThat(access.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(access.token()).isNull();
        control = ControlServer.start(sim, 0, access);
        assertThat(send("GET", "/status", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesToListenOffLoopbackWithoutAToken() {
        assertThatThrownBy(() -> ControlAccess.fromEnvironment(Map.of("SIM_CONTROL_BIND", "0.0.0.0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a token")
                .hasMessageContaining("SIM_CONTROL_TOKEN_FILE");
    }

    @Test
    void offLoopbackEveryRequestNeedsTheTokenFromItsFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "s3cret-token\n");
        ControlAccess access = ControlAccess.fromEnvironment(
                Map.of("SIM_CONTROL_BIND", "0.0.0.0", "SIM_CONTROL_TOKEN_FILE", file.toString()));
        assertThat(access.toString()).doesNotContain("s3cret-token");
        control = ControlServer.start(sim, 0, access);

        HttpResponse<String> none = send("POST", "/mode/DROP_ALL", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).doesNotContain("s3cret-token");
        assertThat(send("POST", "/mode/DROP_ALL", Map.of("Authorization", "Bearer wrong"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(sim.mode()).as("refused requests change nothing").isEqualTo(SimMode.READY);

        assertThat(send("POST", "/mode/DROP_ALL", Map.of("Authorization", "Bearer s3cret-token"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(sim.mode()).isEqualTo(SimMode.DROP_ALL);
    }

    @Test
    void anUnreadableTokenFileIsAClearErrorWithoutTheFileContents(@TempDir Path dir) {
        assertThatThrownBy(() -> ControlAccess.fromEnvironment(Map.of(
                        "SIM_CONTROL_BIND",
                        "0.0.0.0",
                        "SIM_CONTROL_TOKEN_FILE",
                        dir.resolve("missing").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not readable");
    }

    @Test
    void refusesCrossSiteBrowserRequests() throws Exception {
        control = ControlServer.start(sim, 0, ControlAccess.loopback());
        HttpResponse<String> fetchSite = send("POST", "/mode/DROP_ALL", Map.of("Sec-Fetch-Site", "cross-site"));
        assertThat(fetchSite.statusCode()).isEqualTo(403);
        assertThat(fetchSite.body()).contains("cross-site");
        assertThat(send("POST", "/mode/DROP_ALL", Map.of("Origin", "http://evil.example"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/status", Map.of("Sec-Fetch-Site", "same-site")).statusCode())
                .isEqualTo(403);
        assertThat(sim.mode()).isEqualTo(SimMode.READY);

        assertThat(send("GET", "/status", Map.of("Sec-Fetch-Site", "none")).statusCode())
                .as("typed into the address bar")
                .isEqualTo(200);
        assertThat(send("GET", "/status", Map.of("Origin", "http://127.0.0.1:" + control.port()))
                        .statusCode())
                .as("same origin")
                .isEqualTo(200);
    }
}
