package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.localrun.LocalSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product end to end on the Temporal server the compose stack runs: the real server on PostgreSQL with SQL
 * visibility and Safestart's search attributes ({@link PostgresTemporalServer}), with every part a separate
 * process as in production: the gateway simulator (`safestart sim`), the worker (`safestart worker`)
 * and the starter (`safestart start`), alerts posted to a loopback Discord stand-in.
 * One bot's story, in order: a startup that waits on a gateway that is not ready, a worker killed
 * with SIGKILL in the middle of it and replaced, the gateway turning ready, VALIDATED; then the
 * audit trail through the temporal CLI (visibility queries answered from PostgreSQL) and the Web UI; then a
 * restart of the Temporal server process on the same, still running, PostgreSQL while the runtime monitor runs.
 */
@ExtendWith(PostgresServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int CLIENT_ID = 7;
    static final int PROBE_CLIENT_ID = 107;

    static PostgresTemporalServer server;
    static Path work;
    static DiscordMock discord;
    static ManagedProcess sim;
    static int simPort;
    static SimControl simControl;
    static Safestart cli;
    static String botId;
    static ManagedProcess worker;
    static final List<ManagedProcess> workers = new ArrayList<>();
    static boolean validated;

    @BeforeAll
    static void startParts(PostgresTemporalServer postgresServer) throws Exception {
        server = postgresServer;
        // The server really is the one on PostgreSQL: both stores are SQL, and Safestart's attributes exist.
        JsonNode cluster = JSON.readTree(server.temporal("operator", "cluster", "describe", "-o", "json")
                .assertSuccess()
                .stdout());
        assertThat(cluster.path("persistenceStore").asText())
                .as(cluster.toString())
                .isEqualTo("postgres12");
        assertThat(cluster.path("visibilityStore").asText())
                .as(cluster.toString())
                .isEqualTo("postgres12");
        String attributes = server.temporal("operator", "search-attribute", "list")
                .assertSuccess()
                .stdout();
        for (String a : List.of("BotId", "StartupOutcome", "GatewayState", "ActiveStrategy")) {
            assertThat(attributes).containsPattern("(?m)^\\s*" + a + "\\s+Keyword\\s*$");
        }
        work = Tools.workDir("e2e-startup");
        botId = "e2ebot" + (System.nanoTime() % 1_000_000);
        discord = new DiscordMock();
        simPort = FreePort.next();
        simControl = new SimControl(FreePort.next());

        // Today's gameplan in the market's time zone, so a validated gateway gives VALIDATED.
        Path gameplan = LocalSettings.writeTodaysGameplan(work.resolve("gameplan.json"), ZoneId.of("America/New_York"));

        Map<String, String> env = new HashMap<>();
        env.put("TEMPORAL_ADDRESS", server.address());
        env.put("TEMPORAL_NAMESPACE", "default");
        env.put("TASK_QUEUE", "e2e-" + botId);
        env.put("BOT_ID", botId);
        env.put("GATEWAY_HOST", "127.0.0.1");
        env.put("GATEWAY_PORT", String.valueOf(simPort));
        env.put("GATEWAY_RETRY_INTERVAL", "1");
        env.put("GATEWAY_MAX_RETRIES", "60");
        env.put("GATEWAY_STARTUP_TIMEOUT", "240");
        env.put("GATEWAY_HANDSHAKE_TIMEOUT", "2");
        env.put("CLIENT_ID", String.valueOf(CLIENT_ID));
        env.put("PROBE_CLIENT_ID", String.valueOf(PROBE_CLIENT_ID));
        env.put("GAMEPLAN_PATH", gameplan.toString());
        env.put("SAFESTART_STATE_DIR", work.resolve("state").toString());
        env.put("DISCORD_WEBHOOK_URL", discord.webhookUrl());
        env.put("ALERT_WARNING_ATTEMPT", "2");
        env.put("ALERT_ERROR_ATTEMPT", "50");
        env.put("HEARTBEAT_INTERVAL", "1");
        env.put("MONITOR_INTERVAL", "2");
        env.put("DRY_RUN", "true");
        env.put("TRADING_MODE", "paper");
        env.put("MARKET_TIMEZONE", "America/New_York");
        env.put("LOG_LEVEL", "INFO");
        cli = new Safestart(env, work);

        // The gateway accepts TCP but its API never answers: logging in, as operators see it every morning.
        sim = simControl.spawnSimulator(cli, "sim", simPort, "API_NOT_READY");
    }

    @AfterAll
    static void stopParts() throws Exception {
        for (ManagedProcess w : workers) {
            w.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (discord != null) {
            discord.close();
        }
    }

    @Test
    @Order(1)
    void workerKilledMidStartupIsReplacedAndTheStartupCompletesWithoutDuplicateSideEffects() throws Exception { // EC-15
        ManagedProcess first = startWorker("worker-1");
        CommandResult started = cli.run(Duration.ofSeconds(60), "start", botId, "--no-wait");
        assertThat(started.exitCode()).as(started.describe()).isZero();

        // Several classified attempts against the silent gateway, and the WARNING alert (attempt 2) delivered.
        awaitTrue(() -> attempts().size() >= 3, Duration.ofSeconds(90), "three attempts in the startup's history");
        awaitTrue(() -> !discord.posts().isEmpty(), Duration.ofSeconds(30), "the WARNING alert posted to Discord");
        int alertsBeforeCrash = discord.posts().size();

        first.kill9();
        assertThat(first.isAlive()).isFalse();
        startWorker("worker-2");

        // A second `start` attaches to the running startup (one startup per bot) and follows it to the end.
        simControl.mode("READY");
        CommandResult done = cli.run(Duration.ofSeconds(180), "start", botId, "--json", "--timeout", "150s");
        assertThat(done.exitCode()).as(done.describe()).isZero();
        JsonNode result = JSON.readTree(done.stdout().substring(done.stdout().indexOf('{')));
        assertThat(result.path("attached").asBoolean())
                .as("second start attached")
                .isTrue();
        assertThat(result.path("result").path("outcome").asText()).isEqualTo("VALIDATED");
        validated = true;

        // Attempts: numbered 1..n with no gap or repeat across the crash.
        List<JsonNode> attempts = attempts();
        for (int i = 0; i < attempts.size(); i++) {
            assertThat(attempts.get(i).path("attempt").asInt()).isEqualTo(i + 1);
        }
        assertThat(attempts.get(attempts.size() - 1).path("state").asText()).isEqualTo("READY");

        // No second alert: every alert id was posted exactly once, the pre-crash ones included.
        awaitTrue(() -> discord.posts().size() > alertsBeforeCrash, Duration.ofSeconds(30), "the VALIDATED alert");
        Map<String, Integer> perId = discord.postsPerAlertId();
        assertThat(perId.values()).as("posts per alert id: %s", perId).allMatch(n -> n == 1);
        assertThat(discord.posts().toString()).contains("WARNING").contains("INFO");

        // No second module initialization: one initModules in history, and one trading session at the gateway.
        JsonNode history = history("startup-" + botId);
        assertThat(activitiesScheduled(history, "initModules") + localActivities(history, "initModules"))
                .isEqualTo(1);
        awaitTrue(
                () -> simControl.sessionsWith(CLIENT_ID) == 1,
                Duration.ofSeconds(30),
                "one trading session (client id " + CLIENT_ID + ")");
    }

    @Test
    @Order(2)
    void theTemporalCliFindsTheStartupByBotIdAndShowsEveryAttempt() throws Exception {
        assumeTrue(validated, "needs the validated startup of the first test");
        String workflowId = "startup-" + botId;
        JsonNode listed =
                JSON.readTree(server.temporal("workflow", "list", "--query", "BotId=\"" + botId + "\"", "-o", "json")
                        .assertSuccess()
                        .stdout());
        assertThat(listed.findValuesAsText("workflowId")).contains(workflowId);
        JsonNode byOutcome = JSON.readTree(server.temporal(
                        "workflow",
                        "list",
                        "--query",
                        "BotId=\"" + botId + "\" AND StartupOutcome=\"VALIDATED\"",
                        "-o",
                        "json")
                .assertSuccess()
                .stdout());
        assertThat(byOutcome.findValuesAsText("workflowId")).contains(workflowId);
        // The filter on the custom attribute is applied, not ignored: another outcome finds nothing for this bot.
        JsonNode otherOutcome = JSON.readTree(server.temporal(
                        "workflow",
                        "list",
                        "--query",
                        "BotId=\"" + botId + "\" AND StartupOutcome=\"STRATEGY_C\"",
                        "-o",
                        "json")
                .assertSuccess()
                .stdout());
        assertThat(otherOutcome.findValuesAsText("workflowId")).doesNotContain(workflowId);
        // What answered is SQL visibility: the startup's row in PostgreSQL, completed (status 2), with the bot id and
        // the outcome among its search attributes.
        CommandResult row = server.postgres()
                .psql(
                        "temporal_visibility",
                        "SELECT status, search_attributes FROM executions_visibility WHERE workflow_id = '" + workflowId
                                + "'")
                .assertSuccess();
        assertThat(row.stdout().strip())
                .as(row.describe())
                .startsWith("2|")
                .contains("\"" + botId + "\"")
                .contains("\"VALIDATED\"");
        CommandResult text = server.temporal("workflow", "list", "--query", "BotId=\"" + botId + "\"")
                .assertSuccess();
        assertThat(text.stdout()).contains(workflowId).contains("StartupWorkflow");

        // `workflow show` lists every attempt: one probePort per attempt, in order, each with its classification.
        List<JsonNode> attempts = attempts();
        JsonNode history = history(workflowId);
        // probePort runs as a local activity (a MarkerRecorded event carrying its type, input and result).
        assertThat(activitiesScheduled(history, "probePort") + localActivities(history, "probePort"))
                .isEqualTo(attempts.size());
        CommandResult shown =
                server.temporal("workflow", "show", "--workflow-id", workflowId).assertSuccess();
        long probeLines = shown.stdout()
                .lines()
                .filter(l -> l.contains("ActivityTaskScheduled") || l.contains("MarkerRecorded"))
                .count();
        assertThat(probeLines).isGreaterThanOrEqualTo(attempts.size());
        // Each attempt's classification is the result of its last gateway activity in the history.
        List<String> fromHistory = attemptStatesFromHistory(history);
        List<String> fromCli =
                attempts.stream().map(a -> a.path("state").asText()).toList();
        assertThat(fromHistory).isEqualTo(fromCli);
        assertThat(fromCli).first().isEqualTo("API_NOT_READY");
        assertThat(fromCli).last().isEqualTo("READY");
    }

    /**
     * Reads the attempts back out of the raw history: an attempt begins with probePort and, when the port
     * is open, goes on with validateAuth (its quick look a local activity, then, if the API stayed silent, the
     * activity); its state is the result of the last of them.
     */
    static List<String> attemptStatesFromHistory(JsonNode history) throws Exception {
        Map<String, String> typeByScheduledId = new HashMap<>();
        List<String> states = new ArrayList<>();
        for (JsonNode e : history.path("events")) {
            String local = localActivityType(e);
            if ("probePort".equals(local) || "validateAuth".equals(local)) {
                // A local activity's marker holds its result: the attempt's state unless a later step follows.
                JsonNode result = payload(e.path("markerRecordedEventAttributes")
                        .path("details")
                        .path("result")
                        .path("payloads")
                        .path(0));
                if ("probePort".equals(local)) {
                    states.add(result.path("state").asText());
                } else {
                    states.set(states.size() - 1, result.path("state").asText());
                }
                continue;
            }
            JsonNode scheduled = e.path("activityTaskScheduledEventAttributes");
            if (!scheduled.isMissingNode()) {
                String type = scheduled.path("activityType").path("name").asText();
                typeByScheduledId.put(e.path("eventId").asText(), type);
                if (type.equals("probePort")) {
                    states.add("<no result>");
                }
            }
            JsonNode completed = e.path("activityTaskCompletedEventAttributes");
            if (!completed.isMissingNode()) {
                String type =
                        typeByScheduledId.get(completed.path("scheduledEventId").asText());
                if ("probePort".equals(type) || "validateAuth".equals(type)) {
                    JsonNode result =
                            payload(completed.path("result").path("payloads").path(0));
                    states.set(states.size() - 1, result.path("state").asText());
                }
            }
        }
        return states;
    }

    /** The activity type of a local activity's marker event, or null for any other event. */
    static String localActivityType(JsonNode e) throws Exception {
        JsonNode marker = e.path("markerRecordedEventAttributes");
        if (marker.isMissingNode() || !marker.path("markerName").asText().equals("LocalActivity")) {
            return null;
        }
        return payload(marker.path("details").path("type").path("payloads").path(0))
                .asText();
    }

    /** Every activity a history ran, in order: regular ones by their scheduled event, local ones by their marker. */
    static List<String> activityTypes(JsonNode history) throws Exception {
        List<String> types = new ArrayList<>();
        for (JsonNode e : history.path("events")) {
            JsonNode scheduled = e.path("activityTaskScheduledEventAttributes");
            String local = localActivityType(e);
            if (!scheduled.isMissingNode()) {
                types.add(scheduled.path("activityType").path("name").asText());
            } else if (local != null) {
                types.add(local);
            }
        }
        return types;
    }

    static long localActivities(JsonNode history, String activityType) throws Exception {
        long n = 0;
        for (JsonNode e : history.path("events")) {
            if (activityType.equals(localActivityType(e))) {
                n++;
            }
        }
        return n;
    }

    /** A history payload's value: the CLI prints JSON payloads base64-encoded in -o json. */
    static JsonNode payload(JsonNode payload) throws Exception {
        JsonNode data = payload.path("data");
        if (data.isTextual()) {
            return JSON.readTree(java.util.Base64.getDecoder().decode(data.asText()));
        }
        return data;
    }

    @Test
    @Order(3)
    void theWebUiFindsTheStartupBySearchAttributeAndShowsItsAttempts() throws Exception {
        assumeTrue(validated, "needs the validated startup of the first test");
        WebUiCheck.run(server, botId, "startup-" + botId, attempts().size());
    }

    @Test
    @Order(4)
    void historyAndTheMonitorSurviveATemporalServerRestart() throws Exception { // EC-29
        assumeTrue(validated, "needs the validated startup of the first test");
        String monitorId = "monitor-" + botId;
        awaitTrue(() -> describeStatus(monitorId).equals("Running"), Duration.ofSeconds(60), "the running monitor");
        JsonNode startupBefore = history("startup-" + botId);
        JsonNode monitorBefore = describe(monitorId);
        long postgresPid = server.postgres().pid();
        long serverPid = server.process().pid();

        server.restart();

        // A new Temporal server process on the same PostgreSQL process and databases.
        assertThat(server.process().pid()).isNotEqualTo(serverPid);
        assertThat(server.postgres().pid()).isEqualTo(postgresPid);
        assertThat(server.postgres().isAlive()).isTrue();

        // The startup's history is intact: same events, same outcome.
        JsonNode startupAfter = history("startup-" + botId);
        assertThat(startupAfter.path("events").size())
                .isEqualTo(startupBefore.path("events").size());
        assertThat(startupAfter.path("events")).isEqualTo(startupBefore.path("events"));
        // The monitor is still the same running workflow and goes on working on the restarted server.
        assertThat(describeStatus(monitorId)).isEqualTo("Running");
        // Progress: a healthy monitor's watches complete only on a change, so make one: the gateway drops every
        // session. The restarted server must carry the engine's signal and the monitor's Strategy C: its history
        // grows (or it continued as new: a new run of the same id).
        simControl.mode("DROP_ALL");
        awaitTrue(
                () -> {
                    JsonNode now = describe(monitorId);
                    return !now.path("runId")
                                    .asText()
                                    .equals(monitorBefore.path("runId").asText())
                            || now.path("historyLength").asLong()
                                    > monitorBefore.path("historyLength").asLong();
                },
                Duration.ofSeconds(90),
                "monitor progress after the restart");
        simControl.mode("READY");
        CommandResult status = cli.run(Duration.ofSeconds(60), "status", botId, "--json");
        assertThat(status.exitCode()).as(status.describe()).isZero();
        assertThat(status.stdout()).contains("gateway_connected");
    }

    // --- helpers -------------------------------------------------------------------------------------

    static ManagedProcess startWorker(String name) {
        worker = cli.spawn(name, "worker");
        workers.add(worker);
        // Ready when Temporal sees this very process (identity "<pid>@<host>") polling the task queue;
        // a killed worker's poller entry lingers on the server for a while.
        ManagedProcess started = worker;
        awaitTrue(
                () -> pollerIdentities().stream().anyMatch(i -> i.startsWith(started.pid() + "@"))
                        || !started.isAlive(),
                Duration.ofSeconds(60),
                name + " polling");
        assertThat(worker.isAlive())
                .as("%s is running:\n%s", name, worker.tail(40))
                .isTrue();
        return worker;
    }

    static List<String> pollerIdentities() {
        CommandResult r = server.temporal(
                Duration.ofSeconds(20),
                "task-queue",
                "describe",
                "--task-queue",
                cli.env().get("TASK_QUEUE"),
                "-o",
                "json");
        if (r.exitCode() != 0) {
            return List.of();
        }
        try {
            return JSON.readTree(r.stdout()).findValuesAsText("identity");
        } catch (Exception e) {
            return List.of();
        }
    }

    static List<JsonNode> attempts() {
        CommandResult r = cli.run(Duration.ofSeconds(60), "attempts", botId, "--json");
        if (r.exitCode() != 0) {
            return List.of();
        }
        try {
            JsonNode doc = JSON.readTree(r.stdout());
            List<JsonNode> out = new ArrayList<>();
            doc.path("attempts").forEach(out::add);
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    static JsonNode history(String workflowId) {
        try {
            return JSON.readTree(server.temporal("workflow", "show", "--workflow-id", workflowId, "-o", "json")
                    .assertSuccess()
                    .stdout());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static long activitiesScheduled(JsonNode history, String activityType) {
        long n = 0;
        for (JsonNode e : history.path("events")) {
            JsonNode attrs = e.path("activityTaskScheduledEventAttributes");
            if (!attrs.isMissingNode()
                    && attrs.path("activityType").path("name").asText().equals(activityType)) {
                n++;
            }
        }
        return n;
    }

    /** "Running", "Completed", ... of the workflow's latest run ("" when it cannot be described). */
    static String describeStatus(String workflowId) {
        String status = describe(workflowId).path("status").asText("");
        if (!status.startsWith("WORKFLOW_EXECUTION_STATUS_")) {
            return status;
        }
        String word = status.substring("WORKFLOW_EXECUTION_STATUS_".length()).toLowerCase();
        return word.isEmpty() ? "" : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** runId, status and historyLength of the workflow's latest run. */
    static JsonNode describe(String workflowId) {
        CommandResult r = server.temporal("workflow", "describe", "--workflow-id", workflowId, "-o", "json");
        com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
        if (r.exitCode() != 0) {
            return out;
        }
        try {
            JsonNode info = JSON.readTree(r.stdout()).path("workflowExecutionInfo");
            out.put("runId", info.path("execution").path("runId").asText());
            out.put("status", info.path("status").asText());
            out.put("historyLength", info.path("historyLength").asLong());
        } catch (Exception e) {
            // an unreadable answer counts as no progress
        }
        return out;
    }

    /** Awaitility, with the workers' log tails in the failure: what a failed end-to-end step needs to be read. */
    static void awaitTrue(Supplier<Boolean> condition, Duration timeout, String what) {
        try {
            await(what).atMost(timeout).pollInterval(Duration.ofMillis(300)).until(condition::get);
            return;
        } catch (ConditionTimeoutException e) {
            // described below, with the logs
        }
        StringBuilder logs = new StringBuilder();
        for (ManagedProcess w : workers) {
            logs.append("\n--- ").append(w).append(" ---\n").append(w.tail(30));
        }
        throw new AssertionError("no " + what + " within " + timeout + logs);
    }
}
