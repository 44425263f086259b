package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.localrun.LocalSettings;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import dev.safestart.worker.WorkerProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's Prometheus endpoint, scraped while a real startup (gateway simulator over sockets, not ready,
 * then ready) validates and the session then drops: the gate, strategy, attempt and disconnect series move as
 * they should, the SDK's own series are there, and every label value comes from a fixed set.
 */
class WorkerMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void metricsFollowAStartupAndADrop(@TempDir Path dir) throws Exception {
        Path gameplan = LocalSettings.writeTodaysGameplan(dir.resolve("gameplan.json"), ZoneId.of("America/New_York"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedTemporal temporal = EmbeddedTemporal.start(false, dir);
                GatewaySimulator sim =
                        GatewaySimulator.start(SimConfig.defaults().withInitialMode(SimMode.API_NOT_READY))) {
            Map<String, String> env = new HashMap<>(
                    LocalSettings.env("mx", sim.port(), gameplan, temporal, "q-mx", dir.resolve("state")));
            env.put("METRICS_PORT", String.valueOf(port));
            env.put("GATEWAY_HANDSHAKE_TIMEOUT", "1");
            env.put("GATEWAY_RETRY_INTERVAL", "1");
            env.put("HEARTBEAT_INTERVAL", "1");
            env.put("MONITOR_INTERVAL", "1");
            WorkerProcess process = WorkerProcess.start(env, Duration.ofSeconds(10));
            try {
                String url = "http://127.0.0.1:" + port + "/metrics";
                Map<String, Double> before = scrape(url);
                assertThat(before)
                        .containsEntry("safestart_order_gate_open", 0.0)
                        .containsEntry(
                                "safestart_active_strategy{strategy=\"C\"}", 1.0); // an engine starts in Strategy C

                CliRun started = CliRun.run(env, "start", "mx", "--no-wait");
                assertThat(started.exitCode()).as(started.err()).isZero();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> value(
                                        scrape(url),
                                        "safestart_startup_attempts_total{"
                                                + "classification=\"API_NOT_READY\",step=\"validateAuth\"}")
                                >= 1);

                sim.setMode(SimMode.READY);
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Map<String, Double> m = scrape(url);
                    return value(m, "safestart_order_gate_open") == 1.0
                            && value(m, "safestart_active_strategy{strategy=\"A\"}") == 1.0;
                });
                Map<String, Double> validated = scrape(url);
                assertThat(value(
                                validated,
                                "safestart_startup_attempts_total{classification=\"READY\",step=\"validateAuth\"}"))
                        .isGreaterThanOrEqualTo(1);
                assertThat(value(validated, "safestart_readiness_lag_seconds_count"))
                        .isGreaterThanOrEqualTo(1);
                assertThat(value(validated, "safestart_disconnects_total{event=\"SOCKET_CLOSED\"}"))
                        .isZero();

                // A connected session measures its heartbeat (reqCurrentTime every HEARTBEAT_INTERVAL, 1 s here).
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> value(scrape(url), "safestart_heartbeat_round_trip_seconds_count") >= 1);

                sim.setMode(SimMode.DROP_ALL);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Map<String, Double> m = scrape(url);
                    return value(m, "safestart_order_gate_open") == 0.0
                            && m.entrySet().stream()
                                    .anyMatch(e ->
                                            e.getKey().startsWith("safestart_disconnects_total") && e.getValue() >= 1);
                });
                // The monitor answers the drop with Strategy C.
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Map<String, Double> m = scrape(url);
                    return value(m, "safestart_active_strategy{strategy=\"C\"}") == 1.0
                            && value(m, "safestart_active_strategy{strategy=\"A\"}") == 0.0;
                });
                // The SDK's own metrics (client, worker, workflow scope) reach the same endpoint. The startup
                // completes once the owner has answered it (and its alerts are sent), which may come after the drop.
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(scrape(url).keySet())
                                .anyMatch(k -> k.startsWith("temporal_request_total"))
                                .anyMatch(k -> k.startsWith("temporal_workflow_task_execution_latency_seconds"))
                                // emitted through the workflow's own metrics scope, as Workflow.getMetricsScope()
                                // metrics are
                                .anyMatch(k -> k.startsWith("temporal_workflow_completed_total")
                                        && k.contains("workflow_type=\"StartupWorkflow\"")));
                Map<String, Double> dropped = scrape(url);
                // Bounded labels: no workflow ids, run ids or free text in any Safestart series.
                assertThat(dropped.keySet())
                        .filteredOn(k -> k.startsWith("safestart_"))
                        .allSatisfy(
                                k -> assertThat(k).doesNotContain("startup-mx").doesNotContain(" "));
            } finally {
                process.close();
            }
        }
    }

    private double value(Map<String, Double> m, String key) {
        return m.getOrDefault(key, 0.0);
    }

    /** Parses the Prometheus text format into series (name plus labels sorted by name) and their values. */
    private Map<String, Double> scrape(String url) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> out = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.find()).as("exposition line: " + line).isTrue();
            TreeMap<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            StringBuilder key = new StringBuilder(m.group(1));
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
                key.setLength(key.length() - 1);
                key.append('}');
            }
            out.put(key.toString(), Double.parseDouble(m.group(4)));
        }
        return out;
    }
}
