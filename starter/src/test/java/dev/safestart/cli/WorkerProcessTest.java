package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.localrun.LocalSettings;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.worker.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `safestart worker`: refuses bad configuration in one line, says when Temporal is unreachable, serves, drains. */
class WorkerProcessTest {

    @Test
    void aBadValueStopsTheWorkerWithOneLine() {
        CliRun run = CliRun.run(Map.of("GATEWAY_PORT", "abc"), "worker");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("GATEWAY_PORT='abc' is not accepted: expected an integer 1-65535" + System.lineSeparator());
    }

    @Test
    void aRoleTheWorkerDoesNotKnowStopsItWithOneLine() {
        CliRun run = CliRun.run(Map.of(), "worker", "--role", "trader");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("WORKER_ROLE='trader' is not accepted: expected one of all, bot, monitor"
                        + System.lineSeparator());
    }

    @Test
    void anUnreachableTemporalIsExitThree() {
        assertThatThrownBy(() -> WorkerProcess.start(Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(WorkerProcess.StartFailure.class, e -> {
                    assertThat(e.exitCode).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("TEMPORAL_ADDRESS='127.0.0.1:1' is not reachable");
                });
    }

    @Test
    void theWorkerProcessServesAStartupThenDrains(@TempDir Path dir) throws Exception {
        Path gameplan = LocalSettings.writeTodaysGameplan(dir.resolve("gameplan.json"), ZoneId.of("America/New_York"));
        try (EmbeddedTemporal temporal = EmbeddedTemporal.start(false, dir);
                GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults())) {
            Map<String, String> env =
                    LocalSettings.env("wp", sim.port(), gameplan, temporal, "q-wp", dir.resolve("state"));
            WorkerProcess process = WorkerProcess.start(env, Duration.ofSeconds(10));
            try {
                CliRun start = CliRun.run(env, "start", "wp");
                assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
                assertThat(start.out()).contains("VALIDATED");
            } finally {
                process.close();
            }
            process.awaitStopped(); // returns at once: the process is drained
        }
    }
}
