package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The baseline of the readiness-lag benchmark must be the operators' schedule exactly. */
class BenchMathTest {
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
