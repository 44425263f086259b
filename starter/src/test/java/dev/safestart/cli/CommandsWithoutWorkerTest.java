package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.localrun.EmbeddedTemporal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands' plumbing against a real (port-bound Java test) Temporal server over gRPC, with no worker:
 * starting, attaching instead of duplicating (EC-16), listing, status, preflight refusals, errors and help.
 */
class CommandsWithoutWorkerTest {
    private static EmbeddedTemporal temporal;
    private static Map<String, String> env;

    @BeforeAll
    static void server() throws Exception {
        temporal = EmbeddedTemporal.start(false, null);
        env = new HashMap<>();
        env.put("TEMPORAL_ADDRESS", temporal.address());
        env.put("TASK_QUEUE", "no-worker-here");
    }

    @AfterAll
    static void stop() {
        temporal.close();
    }

    @Test
    void aSecondStartAttachesToTheRunningOneInsteadOfStartingADuplicate() throws Exception { // EC-16
        CliRun first = CliRun.run(env, "start", "ec16", "--no-wait");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("started startup-ec16 (run ");

        CliRun second = CliRun.run(env, "start", "ec16", "--no-wait", "--json");
        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(second.out());
        assertThat(doc.get("attached").asBoolean()).isTrue();
        assertThat(doc.get("workflowId").asText()).isEqualTo("startup-ec16");
        assertThat(first.out()).contains(doc.get("runId").asText());

        CliRun list = CliRun.run(env, "list", "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(list.out());
        long ec16Runs = 0;
        for (JsonNode row : rows) {
            if (row.get("workflowId").asText().equals("startup-ec16")) {
                ec16Runs++;
                assertThat(row.get("status").asText()).isEqualTo("RUNNING");
                assertThat(row.get("botId").asText()).isEqualTo("ec16");
            }
        }
        assertThat(ec16Runs).as("one startup run per bot").isEqualTo(1);

        CliRun status = CliRun.run(env, "status", "ec16");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out())
                .contains("status     RUNNING")
                .contains("startup-ec16")
                .contains("summary    startup of ec16 with the settings of its worker")
                .contains("is a worker polling task queue no-worker-here?");

        CliRun preflight = CliRun.run(env, "preflight", "ec16", "--max-age", "10m");
        assertThat(preflight.exitCode()).isEqualTo(1);
        assertThat(preflight.err()).contains("preflight failed: latest startup").contains("is RUNNING");
    }

    @Test
    void unknownBotsAreReportedNotInvented() {
        CliRun status = CliRun.run(env, "status", "nobody");
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.err()).contains("no startup found for bot nobody");

        CliRun preflight = CliRun.run(env, "preflight", "nobody");
        assertThat(preflight.exitCode()).isEqualTo(1);
        assertThat(preflight.err()).contains("no startup found for bot nobody");

        CliRun attempts = CliRun.run(env, "attempts", "nobody", "--json");
        assertThat(attempts.exitCode()).isEqualTo(3);
    }

    @Test
    void startSendsTheBotIdOnlyNeverTheShellsGatewaySettings() throws Exception {
        Map<String, String> shell = new HashMap<>(env);
        shell.put("GATEWAY_HOST", "gateway-from-the-shell");
        shell.put("GATEWAY_PORT", "4001");
        shell.put("DRY_RUN", "false");
        shell.put("CLIENT_ID", "abc");
        CliRun run = CliRun.run(shell, "start", "shellcfg", "--no-wait");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String input = startInput("startup-shellcfg");
        assertThat(input)
                .contains("shellcfg")
                .doesNotContain("gateway-from-the-shell")
                .doesNotContain("4001")
                .doesNotContain("dryRun\":false");

        CliRun narrowed = CliRun.run(env, "start", "narrowcfg", "--no-wait", "--dry-run", "--max-retries", "3");
        assertThat(narrowed.exitCode()).as(narrowed.err()).isZero();
        assertThat(startInput("startup-narrowcfg"))
                .contains("\"dryRun\":true")
                .contains("\"maxRetries\":3")
                .doesNotContain("gatewayPort\":4");
    }

    @Test
    void aBadBotIdIsBadUsage() {
        CliRun run = CliRun.run(env, "start", "no spaces please", "--no-wait");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("BOT_ID 'no spaces please' is not accepted");
    }

    /** The start request as the server stored it (the first event's input), decoded to JSON text. */
    private static String startInput(String workflowId) {
        try (TemporalConnection conn = TemporalConnection.open(temporal.address(), temporal.namespace())) {
            var first = conn.client().fetchHistory(workflowId).getHistory().getEvents(0);
            return first.getWorkflowExecutionStartedEventAttributes()
                    .getInput()
                    .getPayloads(0)
                    .getData()
                    .toStringUtf8();
        }
    }

    @Test
    void anUnreachableServerIsOneClearLine() {
        Map<String, String> nowhere = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1");
        CliRun run = CliRun.run(nowhere, "status", "x");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().strip()).startsWith("cannot reach Temporal at 127.0.0.1:1");
    }

    @Test
    void everyCommandHasHelpWithExitCodes() {
        for (String cmd : new String[] {"start", "status", "attempts", "list", "preflight", "worker"}) {
            CliRun run = CliRun.run(env, cmd, "--help");
            assertThat(run.exitCode()).as(cmd).isZero();
            assertThat(run.out()).as(cmd).contains("Usage: safestart " + cmd).contains("Exit codes:");
        }
        assertThat(CliRun.run(env, "start", "--help").out())
                .contains("0  VALIDATED")
                .contains("2  STRATEGY_C")
                .contains("1  FAILED")
                .contains("--address")
                .contains("--namespace")
                .contains("--task-queue");
        // The production CLI (the image's) has no demo and no benchmarks: those are the checkout's (devtools).
        for (String devOnly : new String[] {"demo", "bench"}) {
            CliRun run = CliRun.run(env, devOnly);
            assertThat(run.exitCode()).as(devOnly).isNotZero();
            assertThat(run.err()).as(devOnly).contains("Unmatched argument");
        }
    }

    @Test
    void badUsageIsNotConfusedWithAnOutcome() {
        CliRun run = CliRun.run(env, "start");
        assertThat(run.exitCode())
                .as("missing BOT_ID must not look like STRATEGY_C (2)")
                .isEqualTo(64);
        CliRun age = CliRun.run(env, "preflight", "x", "--max-age", "soon");
        assertThat(age.exitCode()).isEqualTo(64);
        assertThat(age.err()).contains("--max-age 'soon' is not accepted");
    }
}
