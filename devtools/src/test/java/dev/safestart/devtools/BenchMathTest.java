package dev.safestart.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The baseline of the readiness-lag benchmark must be the operators' schedule exactly. */
class BenchMathTest {
    @Test
    void theOperatorsLoopsAreModelledOnTheGatewaysTimeline() {
        // The run: refused 5 s, silent 35 s, ready at 40 s.
        // Original loop (10 s timeout): refused at 0, silent 5–15, silent 25–35, next try at 55 → 15 s late.
        assertThat(BenchReadinessCommand.modelLagMs(5_000, 40_000, 10_000, false))
                .isEqualTo(15_000);
        assertThat(BenchReadinessCommand.modelLagMs(5_000, 40_000, 10_000, true))
                .isEqualTo(15_000);
        // The operators' 60 s-timeout remedy: the attempt from 5 s waits to 65 s when wedged, next at 75 s → 35 s late;
        // when the gateway answers queued sockets, that pending attempt is answered at the ready moment.
        assertThat(BenchReadinessCommand.modelLagMs(5_000, 40_000, 60_000, false))
                .isEqualTo(35_000);
        assertThat(BenchReadinessCommand.modelLagMs(5_000, 40_000, 60_000, true))
                .isZero();
        // Queued, original loop: the attempt pending at the ready moment is answered (25 + 10 > 32).
        assertThat(BenchReadinessCommand.modelLagMs(5_000, 32_000, 10_000, true))
                .isZero();
        // Ready while still refused never happens in the bench, but a ready gateway is met by the next try.
        assertThat(BenchReadinessCommand.modelLagMs(5_000, 3_000, 10_000, false))
                .isEqualTo(2_000);
    }

    @Test
    void fixedScheduleProbesAt0_5_15_35_65_95() {
        assertThat(BenchStartupCommand.nextFixedProbeMillis(0)).isZero();
        assertThat(BenchStartupCommand.nextFixedProbeMillis(1)).isEqualTo(5_000);
        assertThat(BenchStartupCommand.nextFixedProbeMillis(5_000)).isEqualTo(5_000);
        assertThat(BenchStartupCommand.nextFixedProbeMillis(5_001)).isEqualTo(15_000);
        assertThat(BenchStartupCommand.nextFixedProbeMillis(15_001)).isEqualTo(35_000);
        assertThat(BenchStartupCommand.nextFixedProbeMillis(35_001)).isEqualTo(65_000);
        assertThat(BenchStartupCommand.nextFixedProbeMillis(65_001)).isEqualTo(95_000);
    }

    @Test
    void nearestRankPercentiles() {
        List<Double> v = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
        assertThat(BenchStats.percentile(v, 50)).isEqualTo(3.0);
        assertThat(BenchStats.percentile(v, 99)).isEqualTo(5.0);
        assertThat(BenchStats.percentile(List.of(7.0), 99)).isEqualTo(7.0);
    }
}
