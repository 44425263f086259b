package dev.safestart.workflows.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void theOperatorsScheduleDoublesFromFiveToTheThirtySecondCap() {
        assertThat(IntStream.rangeClosed(1, 8).mapToLong(n -> Backoff.delaySeconds(n, 5, 30)))
                .containsExactly(5L, 10L, 20L, 30L, 30L, 30L, 30L, 30L);
    }

    @Test
    void aCapEqualToTheIntervalMeansAFixedDelay() {
        assertThat(IntStream.rangeClosed(1, 4).mapToLong(n -> Backoff.delaySeconds(n, 7, 7)))
                .containsOnly(7L);
    }

    @Test
    void manyAttemptsNeverOverflow() {
        assertThat(Backoff.delaySeconds(1_000, 3_600, 3_600)).isEqualTo(3_600);
        assertThat(Backoff.delaySeconds(1_000, 1, 3_600)).isEqualTo(3_600);
    }
}
