package dev.safestart.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario files and their replay: order, timing, the READY instant, cancellation. */
class ScenarioTest {

    @Test
    void theClassicStartupShipsOnTheClasspath() {
        Scenario classic = Scenario.builtIn("classic");
        assertThat(classic.name()).isEqualTo("classic-startup");
        assertThat(classic.steps())
                .extracting(Scenario.Step::mode)
                .containsExactly(SimMode.PORT_CLOSED, SimMode.API_NOT_READY, SimMode.NOT_AUTHENTICATED, SimMode.READY);
        assertThat(classic.steps())
                .extracting(Scenario.Step::duration)
                .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(3), null);
        assertThat(classic.timeToLastStep()).isEqualTo(Duration.ofSeconds(11));
    }

    @Test
    void invalidScenariosNameTheStepAndTheField(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Scenario.fromJson("{")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Scenario.fromJson("{\"name\":\"a\",\"steps\":[]}"))
                .hasMessageContaining("no steps");
        assertThatThrownBy(() -> Scenario.fromJson("{\"name\":\"a\",\"steps\":[{\"mode\":\"NOPE\"}]}"))
                .hasMessageContaining("step 1")
                .hasMessageContaining("unknown mode 'NOPE'");
        assertThatThrownBy(() -> Scenario.fromJson("{\"name\":\"a\",\"steps\":[{\"mode\":\"READY\",\"seconds\":-1}]}"))
                .hasMessageContaining("\"seconds\" must be a number");
        assertThatThrownBy(
                        () -> Scenario.fromJson("{\"name\":\"a\",\"steps\":[{\"mode\":\"SLOW_HANDSHAKE\",\"seconds\":1,"
                                + "\"params\":{\"delayMs\":\"x\"}},{\"mode\":\"READY\"}]}"))
                .hasMessageContaining("step 1")
                .hasMessageContaining("delayMs='x'");
        assertThatThrownBy(() -> Scenario.builtIn("nope")).hasMessageContaining("no built-in scenario 'nope'");
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"name\":\"f\",\"steps\":[{\"mode\":\"RESTART\",\"params\":{\"seconds\":\"1\"}}]}");
        assertThat(Scenario.resolve(file.toString()).steps().get(0).params()).containsEntry("seconds", "1");
    }

    @Test
    void replaysStepsInOrderOnTimeAndReportsWhenReady() throws Exception {
        Scenario story = Scenario.fromJson("""
                {"name":"quick","steps":[
                  {"mode":"PORT_CLOSED","seconds":0.3},
                  {"mode":"API_NOT_READY","seconds":0.3},
                  {"mode":"NOT_AUTHENTICATED","seconds":0.3},
                  {"mode":"READY"}]}""");
        try (GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults())) {
            List<Instant> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            sim.addModeListener((mode, at) -> {
                if (mode == SimMode.READY) heard.add(at);
            });
            Instant t0 = Instant.now();
            ScenarioPlayer player = sim.play(story);
            await().until(() -> !player.timeline().isEmpty());
            assertThat(refused(sim.port())).isTrue();
            assertThat(player.awaitDone(Duration.ofSeconds(5))).isTrue();
            assertThat(player.timeline())
                    .extracting(ModeChange::mode)
                    .containsExactly(
                            SimMode.PORT_CLOSED, SimMode.API_NOT_READY, SimMode.NOT_AUTHENTICATED, SimMode.READY);
            Instant readyAt = player.readyAt().orElseThrow();
            assertThat(heard).containsExactly(readyAt);
            // Each step lasts at least its time; the upper bounds only catch a stuck player (timing is benchmarked).
            assertThat(Duration.between(t0, readyAt).toMillis()).isBetween(850L, 5_000L);
            List<ModeChange> timeline = player.timeline();
            for (int i = 1; i < timeline.size(); i++) {
                assertThat(Duration.between(
                                        timeline.get(i - 1).at(),
                                        timeline.get(i).at())
                                .toMillis())
                        .isBetween(250L, 3_000L);
            }
            assertThat(refused(sim.port())).isFalse();
        }
    }

    @Test
    void aRestartStepRecordsItsOwnReturnToReady() throws Exception {
        Scenario story = Scenario.fromJson(
                "{\"name\":\"nightly\",\"steps\":[{\"mode\":\"RESTART\",\"params\":{\"seconds\":\"1\"}}]}");
        try (GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults())) {
            ScenarioPlayer player = sim.play(story);
            assertThat(player.awaitReady(Duration.ofSeconds(4))).isPresent();
            assertThat(player.timeline()).extracting(ModeChange::mode).containsExactly(SimMode.RESTART, SimMode.READY);
        }
    }

    @Test
    void cancelStopsTheStoryWhereItIs() throws Exception {
        try (GatewaySimulator sim = GatewaySimulator.start(SimConfig.defaults())) {
            ScenarioPlayer player = sim.play(
                    Scenario.fromJson("{\"name\":\"short\",\"steps\":[{\"mode\":\"PORT_CLOSED\",\"seconds\":0.5},"
                            + "{\"mode\":\"READY\"}]}"));
            await().until(() -> sim.mode() == SimMode.PORT_CLOSED);
            player.cancel();
            assertThat(player.isDone()).isTrue();
            // Well past the moment the next step was due, the simulator is still where the story stopped.
            await().during(Duration.ofMillis(1_500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> sim.mode() == SimMode.PORT_CLOSED);
            assertThat(player.readyAt()).isEmpty();
        }
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
