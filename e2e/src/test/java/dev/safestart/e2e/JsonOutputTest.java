package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Health checks and benchmark collectors parse the jar's stdout as one JSON document: log lines (the bundled
 * logback config writes JSON lines to stdout for the worker) must never be mixed into it.
 */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CommandResult jar(java.nio.file.Path jar, String... args) {
        List<String> cmd = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return CommandResult.run(cmd, Map.of(), Duration.ofSeconds(120));
    }

    @Test
    void probeJsonIsTheWholeStdout() throws Exception {
        try (GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults())) {
            CommandResult r = jar(
                    Tools.safestartJar(),
                    "probe",
                    "--host",
                    sim.host(),
                    "--port",
                    String.valueOf(sim.port()),
                    "--json");
            assertThat(r.exitCode()).as(r.describe()).isZero();
            JsonNode doc = JSON.readTree(r.stdout());
            assertThat(doc.path("state").asText()).isEqualTo("READY");
        }
    }

    @Test
    void benchHandshakeJsonIsTheWholeStdout() throws Exception {
        CommandResult r = jar(Tools.devJar(), "bench", "handshake", "--probes", "50", "--warmup", "10");
        assertThat(r.exitCode()).as(r.describe()).isIn(0, 1); // 50 probes is no verdict; the shape is what counts
        JsonNode doc = JSON.readTree(r.stdout());
        assertThat(doc.path("bench").asText()).isEqualTo("handshake");
        assertThat(doc.path("outcomes").path("READY").asInt()).isEqualTo(50);
    }
}
