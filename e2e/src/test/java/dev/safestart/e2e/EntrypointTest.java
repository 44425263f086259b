package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's entrypoint (docker/entrypoint.sh) run here on the real jar: output to the log volume, exit codes kept. */
class EntrypointTest {
    private static CommandResult entrypoint(Map<String, String> env, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Tools.root().resolve("docker/entrypoint.sh").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("SAFESTART_JAR", Tools.safestartJar().toString());
        return CommandResult.run(cmd, e, Duration.ofSeconds(60));
    }

    @Test
    void copiesOutputToTheLogDirectoryAndKeepsTheExitCode(@TempDir Path logs) throws Exception {
        CommandResult ok = entrypoint(Map.of("SAFESTART_LOG_DIR", logs.toString()), "--version");
        assertThat(ok.exitCode()).as(ok.describe()).isZero();
        assertThat(ok.stdout()).contains("safestart");
        Path log = logs.resolve("safestart-version.log");
        assertThat(log).exists();
        assertThat(Files.readString(log)).contains("safestart");

        // A refused command keeps its non-zero exit code through the tee, so docker and compose see it.
        CommandResult bad = entrypoint(Map.of("SAFESTART_LOG_DIR", logs.toString()), "no-such-command");
        assertThat(bad.exitCode()).as(bad.describe()).isNotZero();
        assertThat(Files.readString(logs.resolve("safestart-no_such_command.log"))).contains("no-such-command");
    }

    @Test
    void runsWithoutALogDirectory() {
        CommandResult ok = entrypoint(Map.of("SAFESTART_LOG_DIR", "/nonexistent/dir"), "--version");
        assertThat(ok.exitCode()).as(ok.describe()).isZero();
        assertThat(ok.stdout()).contains("safestart");
    }
}
