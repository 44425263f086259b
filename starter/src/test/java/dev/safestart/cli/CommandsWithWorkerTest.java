package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.localrun.LocalSettings;
import dev.safestart.sim.SimMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `start`, `attempts`, `status` and `preflight` end to end: the real CLI over gRPC to a port-bound Temporal
 * server, the real worker registrations, the real trading engine and the gateway simulator over sockets.
 */
class CommandsWithWorkerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedTemporal temporal;

    @TempDir
    static Path dir;

    private static Path gameplan;

    @BeforeAll
    static void server() throws Exception {
        temporal = EmbeddedTemporal.start(false, null);
        gameplan = LocalSettings.writeTodaysGameplan(dir.resolve("gameplan.json"), ZoneId.of("America/New_York"));
    }

    @AfterAll
    static void stop() {
        temporal.close();
    }

    @Test
    void validatedStartExitsZeroAndLeavesAnAuditableRecord() throws Exception {
        try (LocalBot bot = new LocalBot("alpha", temporal, SimMode.READY, gameplan, dir.resolve("s1"), Map.of())) {
            CliRun start = CliRun.run(bot.env, "start", "alpha");
            assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
            assertThat(start.out())
                    .contains("started startup-alpha")
                    .contains("attempt  1/30  READY")
                    .contains("VALIDATED: strategy A active");

            CliRun attempts = CliRun.run(bot.env, "attempts", "alpha", "--json");
            assertThat(attempts.exitCode()).as(attempts.err()).isZero();
            JsonNode doc = JSON.readTree(attempts.out());
            assertThat(doc.get("botId").asText()).isEqualTo("alpha");
            assertThat(doc.get("workflowId").asText()).isEqualTo("startup-alpha");
            assertThat(doc.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(doc.get("outcome").asText()).isEqualTo("VALIDATED");
            JsonNode first = doc.get("attempts").get(0);
            for (String field : new String[] {
                "attempt", "maxAttempts", "startedAtEpochMillis", "step", "state", "latencyMs", "detail"
            }) {
                assertThat(first.has(field)).as(field).isTrue();
            }
            JsonNode last = doc.get("attempts").get(doc.get("attempts").size() - 1);
            assertThat(last.get("state").asText()).isEqualTo("READY");
            assertThat(last.get("maxAttempts").asInt()).isEqualTo(30);

            CliRun table = CliRun.run(bot.env, "attempts", "alpha");
            assertThat(table.out()).contains("ATTEMPT").contains("READY").contains("COMPLETED, VALIDATED");

            assertThat(CliRun.run(bot.env, "status", "alpha").out()).contains("outcome    VALIDATED");

            CliRun fresh = CliRun.run(bot.env, "preflight", "alpha", "--max-age", "10m");
            assertThat(fresh.exitCode()).as(fresh.err()).isZero();
            assertThat(fresh.out()).startsWith("preflight ok: alpha VALIDATED");

            Clock elevenMinutesLater = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11));
            CliRun stale = CliRun.run(bot.env, elevenMinutesLater, "preflight", "alpha", "--max-age", "10m");
            assertThat(stale.exitCode()).isEqualTo(1);
            assertThat(stale.err()).contains("older than --max-age 10m");

            CliRun listed = CliRun.run(bot.env, "list", "--json");
            assertThat(listed.out())
                    .contains("\"workflowId\" : \"startup-alpha\"")
                    .contains("COMPLETED");

            // A new start after a closed one is a new run (reuse policy), not an attach.
            CliRun again = CliRun.run(bot.env, "start", "alpha");
            assertThat(again.exitCode()).isZero();
            assertThat(again.out()).startsWith("started startup-alpha");
        }
    }

    @Test
    void aMissingGameplanExitsTwoStrategyC() throws Exception {
        try (LocalBot bot = new LocalBot(
                "bravo", temporal, SimMode.READY, dir.resolve("no-such-plan.json"), dir.resolve("s2"), Map.of())) {
            CliRun start = CliRun.run(bot.env, "start", "bravo");
            assertThat(start.exitCode()).as(start.out() + start.err()).isEqualTo(2);
            assertThat(start.out()).contains("STRATEGY_C");
            CliRun preflight = CliRun.run(bot.env, "preflight", "bravo");
            assertThat(preflight.exitCode()).isEqualTo(1);
            assertThat(preflight.err()).contains("ended STRATEGY_C");
        }
    }

    @Test
    void aGatewayThatNeverComesUpExitsOneFailed() throws Exception {
        Map<String, String> quick =
                Map.of("GATEWAY_MAX_RETRIES", "2", "GATEWAY_RETRY_INTERVAL", "1", "GATEWAY_STARTUP_TIMEOUT", "10");
        try (LocalBot bot =
                new LocalBot("charlie", temporal, SimMode.PORT_CLOSED, gameplan, dir.resolve("s3"), quick)) {
            CliRun start = CliRun.run(bot.env, "start", "charlie", "--json");
            assertThat(start.exitCode()).as(start.out() + start.err()).isEqualTo(1);
            JsonNode doc = JSON.readTree(start.out());
            assertThat(doc.get("result").get("outcome").asText()).isEqualTo("FAILED");
            assertThat(doc.get("result").get("attempts")).hasSize(2);
            assertThat(doc.get("result").get("attempts").get(0).get("state").asText())
                    .isEqualTo("PORT_CLOSED");
        }
    }
}
