package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.activities.monitor.MonitorStarter;
import dev.safestart.engine.EngineSettings;
import dev.safestart.engine.OrderRequest;
import dev.safestart.engine.TradingPlan;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.sim.SimMode;
import dev.safestart.worker.WorkerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `strategy-c`, `resume` and the monitor part of `status` against a running monitor on a port-bound Temporal. */
class MonitorCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedTemporal temporal;

    @TempDir
    static Path dir;

    @BeforeAll
    static void server() throws Exception {
        temporal = EmbeddedTemporal.start(false, null);
    }

    @AfterAll
    static void stop() {
        temporal.close();
    }

    @Test
    void operatorForcesStrategyCAndResumes() throws Exception {
        try (LocalBot bot = new LocalBot(
                        "mon1",
                        temporal,
                        SimMode.READY,
                        dir.resolve("plan.json"),
                        dir.resolve("s"),
                        Map.of("MONITOR_INTERVAL", "2"));
                TemporalConnection conn = TemporalConnection.open(temporal.address(), temporal.namespace())) {
            WorkerConfig config = WorkerConfig.fromEnv(bot.env);
            // What the startup's initModules + loadGameplan + afterValidated() do, done directly here.
            bot.engine.initialize(new EngineSettings("mon1", "127.0.0.1", bot.sim.port(), config.clientId(), true));
            bot.engine.activate(new TradingPlan("A", List.of("SPY"), 0.1, 100));
            // No startup ran here, so the startup's gameplan activities are not exercised: resume re-arms the armed
            // plan.
            new MonitorStarter(conn.client(), b -> config.toMonitorSettings().withGameplan("", null))
                    .startMonitor("mon1", "A");
            OrderRequest buy = OrderRequest.market("SPY", OrderRequest.Side.BUY, 1);

            CliRun status = CliRun.run(bot.env, "status", "mon1", "--json");
            assertThat(status.exitCode()).as(status.err()).isZero();
            JsonNode monitor = JSON.readTree(status.out()).get("monitor");
            for (String field : new String[] {
                "gateway_connected",
                "last_gateway_check",
                "uptime_seconds",
                "strategy_active",
                "positions_open",
                "last_error"
            }) {
                assertThat(monitor.has(field)).as(field).isTrue();
            }
            assertThat(monitor.get("strategy_active").asText()).isEqualTo("A");

            CliRun noReason = CliRun.run(bot.env, "strategy-c", "mon1");
            assertThat(noReason.exitCode()).isEqualTo(ExitCodes.USAGE);

            CliRun forced = CliRun.run(bot.env, "strategy-c", "mon1", "--reason", "FOMC in 5 min");
            assertThat(forced.exitCode()).as(forced.err()).isZero();
            assertThat(forced.out()).contains("Strategy C active for bot mon1");
            assertThat(bot.engine.submitOrder(buy).accepted())
                    .as("the engine refuses orders in C")
                    .isFalse();
            assertThat(CliRun.run(bot.env, "status", "mon1").out()).contains("strategy_active     C (forced)");

            CliRun resumed = CliRun.run(bot.env, "resume", "mon1");
            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            assertThat(resumed.out()).contains("resumed: strategy A active");
            assertThat(bot.engine.submitOrder(buy).accepted()).isTrue();

            CliRun unknown = CliRun.run(bot.env, "resume", "nobody");
            assertThat(unknown.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(unknown.err()).contains("no running monitor for bot nobody");
        }
    }
}
