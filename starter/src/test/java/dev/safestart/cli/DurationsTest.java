package dev.safestart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void humanAndIsoDurations() {
        assertThat(Durations.parse("--max-age", "10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("--max-age", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("--max-age", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("--max-age", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("--max-age", "PT10M")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void badDurationsNameTheOptionAndTheAcceptedForm() {
        for (String bad : new String[] {"", "10", "m", "10x", "-5m", "10m junk", "0s", "PTX"}) {
            assertThatThrownBy(() -> Durations.parse("--max-age", bad))
                    .isInstanceOf(CliException.class)
                    .hasMessageContaining("--max-age '" + bad + "' is not accepted: expected a duration like 90s, 10m");
        }
    }
}
