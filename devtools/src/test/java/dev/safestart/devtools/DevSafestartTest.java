package dev.safestart.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.cli.CliEnvironment;
import dev.safestart.cli.CliFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** bin/safestart's command line: the production one, plus {@code demo} and {@code bench}. */
class DevSafestartTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CliEnvironment env = new CliEnvironment(
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC());

    private int run(String... args) {
        return DevSafestart.commandLine(env).execute(args);
    }

    @Test
    void everyProductionCommandAndDemoAndBench() {
        Set<String> production =
                new TreeSet<>(CliFactory.commandLine(env).getSubcommands().keySet());
        Set<String> expected = new TreeSet<>(production);
        expected.addAll(Set.of("demo", "bench"));
        assertThat(production).contains("worker", "start", "status", "probe", "sim", "resume");
        assertThat(new TreeSet<>(DevSafestart.commandLine(env).getSubcommands().keySet()))
                .isEqualTo(expected);
    }

    @Test
    void demoAndBenchHaveHelp() {
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Usage: safestart demo")
                .contains("Exit codes:");
        assertThat(run("bench", "startup", "--help")).isZero();
    }

    @Test
    void benchHandshakePrintsJsonWithPercentiles() throws Exception {
        // Structure only: numbers come from the bench entry point, not from a timed test.
        int exit = run("bench", "handshake", "--probes", "30", "--warmup", "5");
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("probes").asInt()).isEqualTo(30);
        assertThat(json.get("ready").asInt()).isEqualTo(30);
        assertThat(json.get("p50Ms").asDouble()).isPositive();
        assertThat(json.get("p99Ms").asDouble())
                .isGreaterThanOrEqualTo(json.get("p50Ms").asDouble());
        assertThat(json.get("pass").asBoolean())
                .as("fewer than 1000 probes give no verdict")
                .isFalse();
        assertThat(exit).isEqualTo(1);
    }
}
