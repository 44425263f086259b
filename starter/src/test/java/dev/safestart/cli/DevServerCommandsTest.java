package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.localrun.LocalSettings;
import dev.safestart.sim.SimMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the real dev server: `list` uses the visibility query, and the search attributes find the startup. */
class DevServerCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listFindsStartupsByVisibilityQueryOnTheRealServer(@TempDir Path dir) throws Exception {
        LocalBot.assumeDevServer();
        Path gameplan = LocalSettings.writeTodaysGameplan(dir.resolve("gameplan.json"), ZoneId.of("America/New_York"));
        try (EmbeddedTemporal temporal = EmbeddedTemporal.start(true, dir.resolve("temporal"));
                LocalBot bot =
                        new LocalBot("delta", temporal, SimMode.READY, gameplan, dir.resolve("state"), Map.of());
                LocalBot other = new LocalBot(
                        "echo",
                        temporal,
                        SimMode.READY,
                        dir.resolve("missing.json"),
                        dir.resolve("state2"),
                        Map.of())) {
            assertThat(temporal.isRealServer()).isTrue();
            assertThat(CliRun.run(bot.env, "start", "delta").exitCode()).isZero();
            assertThat(CliRun.run(other.env, "start", "echo").exitCode()).isEqualTo(2);

            // Visibility is eventually consistent.
            JsonNode rows = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                CliRun list = CliRun.run(
                                        bot.env, "list", "--json", "--query", "StartupOutcome=\"STRATEGY_C\"");
                                assertThat(list.exitCode()).as(list.err()).isZero();
                                return JSON.readTree(list.out());
                            },
                            r -> r.size() == 1);
            assertThat(rows.get(0).get("botId").asText()).isEqualTo("echo");
            assertThat(rows.get(0).get("outcome").asText()).isEqualTo("STRATEGY_C");

            CliRun all = CliRun.run(bot.env, "list");
            assertThat(all.out())
                    .contains("delta")
                    .contains("echo")
                    .contains("VALIDATED")
                    .contains("STRATEGY_C");
        }
    }
}
