package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compose file's gateway health check, exactly as written there (taken from the rendered file),
 * run against the simulator over real sockets: healthy only when the TWS API is ready, even though
 * the port is open the whole time — what a port check cannot tell.
 */
class GatewayHealthcheckTest {
    private static ManagedProcess sim;
    private static int port;
    private static SimControl control;
    private static List<String> healthcheck;

    @BeforeAll
    static void start() throws Exception {
        List<String> compose = Tools.require(
                ComposeFileTest.composeCommand(), "a compose implementation", "bin/setup.d/20-compose.sh");
        List<String> cmd = new ArrayList<>(compose);
        cmd.addAll(List.of(
                "--env-file",
                Tools.root().resolve("docker/.env.example").toString(),
                "-f",
                Tools.root().resolve("docker/docker-compose.yml").toString(),
                "--profile",
                "ibkr",
                "config"));
        JsonNode config = new YAMLMapper()
                .readTree(CommandResult.run(cmd, Map.of("TWS_USERID", "", "TWS_PASSWORD", ""), Duration.ofSeconds(60))
                        .assertSuccess()
                        .stdout());
        JsonNode test = config.path("services")
                .path("gateway-health")
                .path("healthcheck")
                .path("test");
        port = FreePort.next();
        control = new SimControl(FreePort.next());
        healthcheck = new ArrayList<>();
        for (JsonNode part : test) {
            healthcheck.add(part.asText());
        }
        assertThat(healthcheck.get(0)).isEqualTo("CMD");
        assertThat(healthcheck.get(1)).isEqualTo("safestart");
        // Run it here: the CLI jar for the image's `safestart`, the local simulator for the ib-gateway service.
        List<String> local = new ArrayList<>(Safestart.command());
        for (String part : healthcheck.subList(2, healthcheck.size())) {
            local.add(
                    switch (part) {
                        case "ib-gateway" -> "127.0.0.1";
                        case "4004" -> String.valueOf(port);
                        default -> part;
                    });
        }
        healthcheck = local;
        sim = new Safestart(Map.of(), Tools.workDir("gateway-health"))
                .spawn(
                        "sim",
                        "sim",
                        "--port",
                        String.valueOf(port),
                        "--control-port",
                        String.valueOf(control.port()),
                        "--mode",
                        "API_NOT_READY");
        sim.awaitWhileAlive(GatewayHealthcheckTest::portOpen, Duration.ofSeconds(60), "the simulator's port open");
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static boolean portOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static CommandResult check() {
        return CommandResult.run(healthcheck, Map.of(), Duration.ofSeconds(25));
    }

    @Test
    void unhealthyWhileThePortIsOpenButTheApiIsNotReadyHealthyOnceReady() throws Exception {
        assertThat(portOpen())
                .as("the port is open: a port check would call this healthy")
                .isTrue();
        long started = System.nanoTime();
        CommandResult notReady = check();
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        assertThat(notReady.exitCode()).as(notReady.describe()).isNotZero();
        assertThat(notReady.stdout() + notReady.stderr()).contains("API_NOT_READY");
        // It answers inside the compose healthcheck timeout (25 s), so Docker records "unhealthy", not a timeout.
        assertThat(seconds).isLessThan(25);

        control.mode("NOT_AUTHENTICATED");
        CommandResult notAuthenticated = check();
        assertThat(notAuthenticated.exitCode()).as(notAuthenticated.describe()).isNotZero();
        assertThat(notAuthenticated.stdout() + notAuthenticated.stderr()).contains("NOT_AUTHENTICATED");

        control.mode("READY");
        CommandResult ready = check();
        assertThat(ready.exitCode()).as(ready.describe()).isZero();
        assertThat(ready.stdout()).contains("READY");
    }
}
