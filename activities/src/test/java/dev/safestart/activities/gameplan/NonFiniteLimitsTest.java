package dev.safestart.activities.gameplan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.model.GameplanCheck;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NaN, infinity and negative hard limits never load: whatever the JSON spelling, the plan is rejected. */
class NonFiniteLimitsTest {
    private static GameplanCheck check(String lossPct, String maxPosition) {
        String json = "{\"date\":\"2026-02-10\",\"strategy\":\"A\",\"symbols\":[\"SPY\"],"
                + "\"hard_limits\":{\"max_daily_loss_pct\":" + lossPct + ",\"max_single_position\":" + maxPosition
                + "}}";
        GameplanLoader.Loaded loaded = GameplanLoader.parse(json.getBytes(StandardCharsets.UTF_8));
        return loaded.ok()
                ? GameplanValidator.validate(loaded.json(), LocalDate.of(2026, 2, 10), "America/New_York")
                : loaded.rejection();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999", "-0.1", "-0.0", "\"NaN\"", "0"})
    void aNonFiniteOrNegativeDailyLossLimitIsRejected(String value) {
        GameplanCheck c = check(value, "120");
        assertThat(c.valid()).as(value).isFalse();
        assertThat(c.rejection()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e999", "-1", "-120", "1e400", "\"120\"", "0"})
    void aNonFiniteOrNegativePositionLimitIsRejected(String value) {
        GameplanCheck c = check("0.1", value);
        assertThat(c.valid()).as(value).isFalse();
        assertThat(c.rejection()).isNotBlank();
    }
}
