package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The gateway simulator's control API on loopback, driven over HTTP as an operator's script would. */
record SimControl(int port) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * Starts {@code safestart sim} as its own process: the gateway on {@code gatewayPort} (paper account DU1234567) in
     * {@code mode}, its control API on this port. Returns once the control API answers; stops the process if it never
     * does.
     */
    ManagedProcess spawnSimulator(Safestart cli, String name, int gatewayPort, String mode) {
        ManagedProcess sim = cli.spawn(
                name,
                "sim",
                "--port",
                String.valueOf(gatewayPort),
                "--control-port",
                String.valueOf(port),
                "--accounts",
                "DU1234567",
                "--mode",
                mode);
        try {
            sim.awaitWhileAlive(() -> status() != null, Duration.ofSeconds(60), "the simulator's control API");
            return sim;
        } catch (RuntimeException | AssertionError e) {
            sim.close();
            throw e;
        }
    }

    /** The simulator's status document, or null while its control API does not answer. */
    JsonNode status() {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(uri("/status"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (Exception notYet) {
            return null;
        }
    }

    /** Switches the gateway's mode ({@code READY}, {@code DROP_ALL}, ...); fails unless the simulator takes it. */
    void mode(String mode) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(uri("/mode/" + URLEncoder.encode(mode, StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Open sessions that use {@code clientId}; fails when the simulator does not answer (that is not zero). */
    long sessionsWith(int clientId) {
        JsonNode s = status();
        if (s == null) {
            throw new AssertionError("the simulator's control API on port " + port + " does not answer");
        }
        long n = 0;
        for (JsonNode session : s.path("sessions")) {
            if (session.path("clientId").asInt(-1) == clientId) {
                n++;
            }
        }
        return n;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
