package dev.safestart.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lanes the startup benches run their trials on. */
class BenchLanesTest {
    @Test
    void everyTrialRunsOnceAcrossTheLanes() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        Set<Integer> lanesUsed = ConcurrentHashMap.newKeySet();
        BenchLanes.run(3, 20, (lane, trials) -> {
            lanesUsed.add(lane);
            for (int i; (i = trials.nextTrial()) >= 0; ) {
                ran.add(i);
            }
        });
        assertThat(ran).hasSize(20).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 20);
        assertThat(lanesUsed).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void aFailedTrialStopsTheRunAndIsRethrownAsItIs() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> BenchLanes.run(1, 10, (lane, trials) -> {
                    for (int i; (i = trials.nextTrial()) >= 0; ) {
                        ran.add(i);
                        if (i == 3) {
                            throw new IllegalStateException("trial 3 ended FAILED");
                        }
                    }
                }))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("trial 3 ended FAILED");
        assertThat(ran).containsExactly(0, 1, 2, 3);
    }

    @Test
    void anyOtherFailureComesBackAsAnIllegalStateException() {
        assertThatThrownBy(() -> BenchLanes.run(2, 4, (lane, trials) -> {
                    throw new IOException("no simulator port");
                }))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no simulator port")
                .hasCauseExactlyInstanceOf(IOException.class);
    }

    @Test
    void lanesRunAtOnceAndTheirTrialsTimedChangesFire() throws Exception {
        CountDownLatch changed = new CountDownLatch(2);
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        BenchLanes.run(2, 2, (lane, trials) -> {
            while (trials.nextTrial() >= 0) {
                // Each lane's wait ends only once both lanes' changes have fired: they run at the same time.
                trials.after(20, changed::countDown);
                seen.add(changed.await(10, TimeUnit.SECONDS));
            }
        });
        assertThat(seen).containsExactly(true, true);
    }
}
