package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The startup's history tells its story without opening payloads: in the Web UI (headless Chromium) each
 * attempt's activity reads "attempt n/N probePort|validateAuth" and each backoff timer "backoff … before
 * attempt n"; the workflow carries a static summary (bot, gateway, mode) and current details (phase, last
 * state), as the temporal CLI shows them too. Screenshot: e2e/target/screenshots/ui-startup-summaries.png.
 */
@ExtendWith(DevServerExtension.class)
class ReadableHistoryTest {

    @Test
    void attemptsAndBackoffTimersHaveSummariesInTheWebUi(DevServer server) throws Exception {
        Path chromium = Tools.requireChromium();
        Path work = Tools.workDir("readable");
        String botId = "uibot" + (System.nanoTime() % 1_000_000);
        int simPort = FreePort.next();
        Map<String, String> env = new HashMap<>();
        env.put("TEMPORAL_ADDRESS", server.address());
        env.put(
                "TEMPORAL_CONFIG_FILE",
                Files.writeString(work.resolve("temporal.toml"), "").toString());
        env.put("TASK_QUEUE", "ui-" + botId);
        env.put("BOT_ID", botId);
        env.put("GATEWAY_HOST", "127.0.0.1");
        env.put("GATEWAY_PORT", String.valueOf(simPort));
        env.put("GATEWAY_RETRY_INTERVAL", "1");
        env.put("GATEWAY_MAX_RETRIES", "30");
        env.put("GATEWAY_HANDSHAKE_TIMEOUT", "1");
        env.put("GAMEPLAN_PATH", work.resolve("gameplan.json").toString());
        env.put("SAFESTART_STATE_DIR", work.resolve("state").toString());
        env.put("PATH", System.getenv("PATH"));
        Safestart cli = new Safestart(env, work);
        String workflowId = "startup-" + botId;
        try (ManagedProcess sim = cli.spawn(
                        "sim",
                        "sim",
                        "--port",
                        String.valueOf(simPort),
                        "--control-port",
                        String.valueOf(FreePort.next()),
                        "--accounts",
                        "DU1234567",
                        "--mode",
                        "API_NOT_READY");
                ManagedProcess worker = cli.spawn("worker", "worker")) {
            worker.awaitLog(l -> l.contains("worker polling task queue"), Duration.ofSeconds(60), "the worker polling");
            sim.awaitLog(l -> l.contains("listening"), Duration.ofSeconds(60), "the simulator listening");
            CommandResult start = cli.run(Duration.ofSeconds(60), "start", botId, "--no-wait");
            assertThat(start.exitCode()).as(start.describe()).isZero();

            // Three attempts, so two backoffs, are in history.
            await("three attempts in history")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> WebUiCheck.occurrences(
                                    cli.run(Duration.ofSeconds(30), "attempts", botId, "--json")
                                            .stdout(),
                                    "\"step\"")
                            >= 3);
            CommandResult describe = server.temporal("workflow", "describe", "--workflow-id", workflowId);
            Files.createDirectories(WebUiCheck.screenshots());
            Files.writeString(WebUiCheck.screenshots().resolve("cli-startup-describe.txt"), describe.stdout());
            assertThat(describe.stdout())
                    .as(describe.describe())
                    .contains("bot " + botId + " · settings of its worker");

            // The current details (the worker's gateway and mode, phase, attempt, last state), answered by the worker.
            CommandResult metadata = server.temporal("workflow", "metadata", "--workflow-id", workflowId);
            assertThat(metadata.stdout())
                    .as(metadata.describe())
                    .contains("bot " + botId + " · gateway 127.0.0.1:" + simPort + " · paper, dry run")
                    .contains("last state API_NOT_READY")
                    .containsPattern("phase (PROBING|WAITING_TO_RETRY)");

            try (HeadlessChromium browser = new HeadlessChromium(chromium, Tools.workDir("chromium"), 1400, 1400)) {
                browser.open(server.uiUrl() + "/namespaces/default/workflows/" + workflowId);
                String page = browser.awaitText(
                        t -> t.contains("attempt 2/30 validateAuth")
                                && t.contains("backoff")
                                && t.contains("before attempt 2"),
                        Duration.ofSeconds(60),
                        "attempt and backoff summaries in the startup's history");
                assertThat(page).contains("attempt 1/30 probePort").contains("watch for READY before attempt 2");
                Files.createDirectories(WebUiCheck.screenshots());
                Files.writeString(WebUiCheck.screenshots().resolve("ui-startup-summaries.txt"), page);
                browser.screenshot(WebUiCheck.screenshots().resolve("ui-startup-summaries.png"));
            } finally {
                server.temporal("workflow", "terminate", "--workflow-id", workflowId, "--reason", "test done");
            }
        }
    }
}
