package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import dev.safestart.sim.SimMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code safestart probe} against the gateway simulator over real sockets: output and exit codes. */
class ProbeCommandTest {
    private GatewaySimulator sim;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startSim() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults().withAccounts(List.of("DU1234567", "DU7654321")));
    }

    @AfterEach
    void stopSim() {
        sim.close();
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new SafestartCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void readyExitsZeroWithJson() throws Exception {
        int exit = run("probe", "--host", "127.0.0.1", "--port", String.valueOf(sim.port()), "--json");
        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("state").asText()).isEqualTo("READY");
        assertThat(json.get("accounts")).extracting(JsonNode::asText).containsExactly("DU1234567", "DU7654321");
        assertThat(json.get("accountType").asText()).isEqualTo("PAPER");
        assertThat(json.get("serverVersion").asInt()).isEqualTo(200);
        assertThat(json.get("clientId").asInt()).isEqualTo(100);
        assertThat(json.get("nextOrderId").asLong()).isNotNegative();
        assertThat(json.get("latencyMs").asDouble()).isPositive();
        assertThat(json.get("port").asInt()).isEqualTo(sim.port());
        assertThat(json.get("connectionTime").asText()).isNotBlank();
        assertThat(json.get("detail").asText()).contains("ready");
    }

    @Test
    void readyHumanOutput() {
        int exit = run("probe", "--host", "127.0.0.1", "--port", String.valueOf(sim.port()), "--client-id", "77");
        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("READY").contains("client 77").contains("DU1234567,DU7654321");
    }

    @Test
    void portClosedExitsOne() throws Exception {
        sim.setMode(SimMode.PORT_CLOSED);
        int exit =
                run("probe", "--host", "127.0.0.1", "--port", String.valueOf(sim.port()), "--json", "--timeout", "1");
        assertThat(exit).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("state").asText()).isEqualTo("PORT_CLOSED");
        assertThat(json.get("accounts")).isEmpty();
        assertThat(json.get("accountType").isNull()).isTrue();
        assertThat(json.get("serverVersion").isNull()).isTrue();
    }

    @Test
    void portOpenButApiSilentIsNotHealthy() throws Exception {
        // What a port-only health check calls healthy.
        sim.setMode(SimMode.API_NOT_READY);
        long start = System.nanoTime();
        int exit =
                run("probe", "--host", "127.0.0.1", "--port", String.valueOf(sim.port()), "--json", "--timeout", "0.5");
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(exit).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(out.toString()).get("state").asText())
                .isEqualTo("API_NOT_READY");
        assertThat(ms).isLessThan(2000);
    }

    @Test
    void notAuthenticatedExitsOne() throws Exception {
        sim.setMode(SimMode.NOT_AUTHENTICATED);
        int exit = run("probe", "--host", "127.0.0.1", "--port", String.valueOf(sim.port()), "--timeout", "0.5");
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith("NOT_AUTHENTICATED");
    }

    @Test
    void badArgumentsExitWithTheUsageCode() {
        assertThat(run("probe", "--port", "4002")).as("missing --host").isEqualTo(ExitCodes.USAGE);
        assertThat(run("probe", "--host", "h", "--port", "x"))
                .as("non-numeric port")
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run("probe", "--host", "h", "--port", "0")).as("port 0").isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--port 0 outside 1..65535");
        assertThat(run("probe", "--host", "h", "--port", "4002", "--timeout", "0"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run("probe", "--host", "h", "--port", "4002", "--client-id", "-1"))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void waitBlocksUntilAWedgedGatewayTurnsReady() throws Exception {
        sim.setMode(SimMode.API_NOT_READY);
        java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                run("probe", "--host", "127.0.0.1", "--port", String.valueOf(sim.port()), "--json", "--wait", "30"));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> sim.counters().acceptedWhileSilent() >= 2);
        sim.setMode(SimMode.READY);
        assertThat(exit.get(20, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("state").asText()).isEqualTo("READY");
        assertThat(json.get("hedges").asInt()).isPositive();
        assertThat(json.get("peakOpen").asInt()).isLessThanOrEqualTo(3);
    }

    @Test
    void waitEndsAtItsTimeoutWithTheLastClassification() throws Exception {
        sim.setMode(SimMode.PORT_CLOSED);
        int exit = run("probe", "--host", "127.0.0.1", "--port", String.valueOf(sim.port()), "--wait", "1");
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith("PORT_CLOSED").contains("refused");
        assertThat(run("probe", "--host", "127.0.0.1", "--port", String.valueOf(sim.port()), "--wait", "0"))
                .isEqualTo(64);
    }

    @Test
    void aProbeNeverUsesTheTradingClientIdFromTheEnvironment() {
        String port = String.valueOf(sim.port());
        CliRun same = CliRun.run(java.util.Map.of("CLIENT_ID", "100"), "probe", "--host", "127.0.0.1", "--port", port);
        assertThat(same.exitCode()).isEqualTo(64);
        assertThat(same.err()).contains("--client-id 100 is CLIENT_ID, the trading client id");

        // --wait also hedges with the next two ids: 99..101 includes the trading id 101.
        CliRun derived = CliRun.run(
                java.util.Map.of("CLIENT_ID", "101"),
                "probe",
                "--host",
                "127.0.0.1",
                "--port",
                port,
                "--client-id",
                "99",
                "--wait",
                "5");
        assertThat(derived.exitCode()).isEqualTo(64);
        assertThat(derived.err()).contains("client ids 99..101").contains("CLIENT_ID 101");
        assertThat(sim.counters().accepted()).as("nothing reached the gateway").isZero();

        CliRun bad = CliRun.run(java.util.Map.of("CLIENT_ID", "one"), "probe", "--host", "127.0.0.1", "--port", port);
        assertThat(bad.exitCode()).isEqualTo(64);
        assertThat(bad.err().strip())
                .isEqualTo("safestart probe: CLIENT_ID='one' is not a whole number (the trading"
                        + " client id, which a probe must never use)");

        CliRun apart = CliRun.run(
                java.util.Map.of("CLIENT_ID", "1"), "probe", "--host", "127.0.0.1", "--port", port, "--wait", "5");
        assertThat(apart.exitCode()).as(apart.err()).isZero();
        assertThat(apart.out()).startsWith("READY");
    }
}
