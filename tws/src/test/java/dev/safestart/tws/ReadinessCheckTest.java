package dev.safestart.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The readiness check's id rules and its answers without a gateway (the simulator tests cover the rest). */
class ReadinessCheckTest {

    @Test
    void probeIdsAreDerivedAndBounded() {
        assertThat(ReadinessCheck.probeClientIds(100)).containsExactly(100, 101, 102);
        assertThat(ReadinessCheck.collides(100, 1)).isFalse();
        assertThat(ReadinessCheck.collides(100, 99)).isFalse();
        assertThat(ReadinessCheck.collides(100, 100)).isTrue();
        assertThat(ReadinessCheck.collides(100, 102)).isTrue();
        assertThat(ReadinessCheck.collides(100, 103)).isFalse();
        ProbeRequest top = ProbeRequest.of("127.0.0.1", 4002, Integer.MAX_VALUE - 1);
        assertThatThrownBy(() -> new ReadinessCheck(top, Duration.ofSeconds(1), false, null))
                .hasMessageContaining("derived ids");
    }

    @Test
    void oneAttemptAtARefusedPortAnswersAtOnceAndAWatchKeepsLookingUntilItsBudget() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        ProbeRequest request =
                ProbeRequest.of("127.0.0.1", free, 100).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(60));
        ReadinessResult attempt = ReadinessCheck.attempt(request);
        assertThat(attempt.state()).isEqualTo(ProbeState.PORT_CLOSED);
        assertThat(attempt.elapsedMs()).isLessThan(5_000);
        assertThat(attempt.connections()).isZero();

        ReadinessResult watch = new ReadinessCheck(request, Duration.ofMillis(800), true, null).run();
        assertThat(watch.state()).isEqualTo(ProbeState.PORT_CLOSED);
        assertThat(watch.refused()).as(watch.detail()).isGreaterThan(1);
        assertThat(watch.elapsedMs()).isBetween(700.0, 3_000.0);
    }
}
