package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.cli.demo.EmbeddedTemporal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `safestart demo` end to end in this JVM: Temporal, the simulator's classic story, worker, startup, VALIDATED. */
class DemoCommandTest {

    @Test
    void theDemoTellsTheClassicStartupStoryOnTheJavaTestServer(@TempDir Path dir) {
        CliRun run = CliRun.run(Map.of(), "demo", "--server", "test", "--work-dir", dir.toString());
        assertDemo(run);
        assertThat(run.out()).contains("Java test server");
    }

    @Test
    void theDemoRunsOnTheRealDevServerWhenInstalled(@TempDir Path dir) {
        boolean installed = EmbeddedTemporal.devServerBinary().isPresent();
        if (!"1".equals(System.getenv("SAFESTART_REQUIRE_TOOLS"))) {
            Assumptions.assumeTrue(installed, "the temporal binary is not installed");
        }
        CliRun run = CliRun.run(Map.of(), "demo", "--server", "dev", "--work-dir", dir.toString());
        assertDemo(run);
        assertThat(run.out()).contains("temporal dev server").contains("Web UI http://127.0.0.1:")
                .contains("--db-filename " + dir.resolve("temporal.db"));
    }

    private static void assertDemo(CliRun run) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String out = run.out();
        assertThat(out).containsPattern("\\[1/\\d+] Temporal").containsPattern("\\[7/\\d+] Inspect the run");
        // The classic story, as attempts seen live: closed port, then ready. On the default handshake timeout the
        // silent API and the phase without accounts fall inside one hedged attempt (or the watch beside a backoff).
        // (Attempt 1 meets the refused port unless the server took longer to start than the 3 s closed phase.)
        assertThat(out).containsPattern("attempt  1/30  (PORT_CLOSED|READY)")
                .containsPattern("attempt +\\d+/30  READY")
                .containsPattern("PORT_CLOSED|hedged");
        assertThat(out).contains("GATEWAY_HANDSHAKE_TIMEOUT=60 s (the default)")
                .contains("GATEWAY_RETRY_INTERVAL=1: first retry after 1 s");
        assertThat(out).contains("VALIDATED: strategy A active");
        assertThat(out).contains("ATTEMPT").contains("temporal workflow show --workflow-id startup-demo-bot --address 127.0.0.1:");
        assertThat(out).contains("shutting down").contains("demo done in");
    }
}
