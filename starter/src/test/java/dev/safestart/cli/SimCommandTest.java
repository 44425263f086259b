package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.tws.Frames;
import java.io.DataInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code safestart sim}: starts, replays a scenario, logs mode changes, serves real clients, refuses bad options. */
class SimCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsAScenarioLogsModeChangesAndServesTheApi(@TempDir Path dir) throws Exception {
        Path story = dir.resolve("quick.json");
        Files.writeString(
                story,
                "{\"name\":\"quick\",\"steps\":[{\"mode\":\"PORT_CLOSED\",\"seconds\":0.3},{\"mode\":\"READY\"}]}");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SafestartCommand());
        cli.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "sim",
                "--port",
                "0",
                "--control-port",
                "-1",
                "--accounts",
                "DU111,DU222",
                "--json",
                "--scenario",
                story.toString(),
                "--exit-after",
                "3"));

        JsonNode started = awaitLine(out, "started");
        int port = started.get("port").asInt();
        awaitLine(out, "\"event\":\"mode\",\"mode\":\"READY\"");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(Frames.API_PREFIX);
            socket.getOutputStream().write(Frames.frame("v100..193".getBytes(StandardCharsets.US_ASCII)));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(Frames.splitFields(Frames.readPayload(in)).get(0)).isEqualTo("193");
            socket.getOutputStream().write(Frames.encodeFields(71, 2, 3, ""));
            assertThat(Frames.splitFields(Frames.readPayload(in))).containsExactly("15", "1", "DU111,DU222");
        }
        assertThat(exit.get()).isZero();
        List<String> modes = out.toString()
                .lines()
                .filter(l -> l.contains("\"event\":\"mode\""))
                .map(l -> read(l).get("mode").asText())
                .toList();
        assertThat(modes).containsExactly("PORT_CLOSED", "READY");
        assertThat(out.toString()).contains("\"event\":\"stopped\"");
    }

    @Test
    void badOptionsAreRefusedWithAClearMessage() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SafestartCommand());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("sim", "--mode", "SLEEPY", "--port", "0", "--control-port", "-1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--mode: unknown mode 'SLEEPY'");
        assertThat(cli.execute("sim", "--versions", "100-200", "--port", "0", "--control-port", "-1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--versions: '100-200' is not min..max");
        assertThat(cli.execute("sim", "--versions", "100..250", "--port", "0", "--control-port", "-1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("<= 200");
        assertThat(cli.execute("sim", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("port 70000 outside 0..65535");
    }

    private static JsonNode awaitLine(StringWriter out, String containing) {
        String line = await("a line containing " + containing)
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> out.toString()
                                .lines()
                                .filter(l -> l.contains(containing))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        return read(line);
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
