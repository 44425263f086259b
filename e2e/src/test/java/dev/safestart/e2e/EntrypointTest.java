package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint (docker/entrypoint.sh) run here on the real jar: a long-running command's
 * output reaches the log volume, a short one's (health-check probes) does not, exit codes are kept.
 */
class EntrypointTest {
    private static CommandResult entrypoint(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(
                List.of(Tools.root().resolve("docker/entrypoint.sh").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> e = new HashMap<>(env);
        e.put("SAFESTART_JAR", Tools.safestartJar().toString());
        e.put("JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        return CommandResult.run(cmd, e, Duration.ofSeconds(60));
    }

    @Test
    void longRunningCommandsAlsoLogToTheVolume(@TempDir Path logs) throws Exception {
        CommandResult sim = simForOneSecond(logs.toString());
        assertThat(sim.exitCode()).as(sim.describe()).isZero();
        assertThat(sim.stdout()).contains("stopped");
        assertThat(Files.readString(logs.resolve("safestart-sim.log"))).isEqualTo(sim.stdout());
    }

    @Test
    void shortCommandsOnlyPrintAndKeepTheirExitCode(@TempDir Path logs) throws Exception {
        CommandResult version = entrypoint(Map.of("SAFESTART_LOG_DIR", logs.toString()), "--version");
        assertThat(version.exitCode()).as(version.describe()).isZero();
        assertThat(version.stdout()).contains("safestart");
        // A refused probe (nothing listens) exits non-zero through the entrypoint, as the health check needs.
        CommandResult probe = entrypoint(
                Map.of("SAFESTART_LOG_DIR", logs.toString()),
                "probe",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(FreePort.next()),
                "--timeout",
                "1");
        assertThat(probe.exitCode()).as(probe.describe()).isEqualTo(1);
        assertThat(probe.stdout() + probe.stderr()).contains("PORT_CLOSED");
        try (var files = Files.list(logs)) {
            assertThat(files.toList()).as("nothing written to the log volume").isEmpty();
        }
    }

    @Test
    void runsWithoutALogDirectory() {
        CommandResult sim = simForOneSecond("/nonexistent/dir");
        assertThat(sim.exitCode()).as(sim.describe()).isZero();
    }

    /** {@code safestart sim} on an ephemeral port, control API off, for one second, with SAFESTART_LOG_DIR=logDir. */
    private CommandResult simForOneSecond(String logDir) {
        return entrypoint(
                Map.of("SAFESTART_LOG_DIR", logDir), "sim", "--port", "0", "--control-port", "-1", "--exit-after", "1");
    }
}
