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
        // The classic story, as attempts seen live: closed port, then the silent API (a 5 s phase the backoff
        // always lands in), then ready. Whether an attempt falls into the 3 s without accounts depends on timing.
        assertThat(out).containsPattern("attempt  1/30  PORT_CLOSED")
                .containsPattern("attempt +\\d+/30  API_NOT_READY")
                .containsPattern("attempt +\\d+/30  READY");
        assertThat(out.indexOf("/30  API_NOT_READY")).isLessThan(out.indexOf("/30  READY"));
        assertThat(out).contains("VALIDATED: strategy A active");
        assertThat(out).contains("ATTEMPT").contains("temporal workflow show --workflow-id startup-demo-bot --address 127.0.0.1:");
        assertThat(out).contains("shutting down").contains("demo done in");
    }
}
