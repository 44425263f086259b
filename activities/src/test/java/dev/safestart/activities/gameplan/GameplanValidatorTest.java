package dev.safestart.activities.gameplan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.model.GameplanCheck;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GameplanValidatorTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 2, 10);
    private static final String VALID = """
            {"date":"2026-02-10","strategy":"A","symbols":["SPY","BRK.B"],
             "hard_limits":{"max_daily_loss_pct":0.10,"max_single_position":120}}""";

    private static GameplanCheck check(String json) {
        GameplanLoader.Loaded loaded = GameplanLoader.parse(json.getBytes(StandardCharsets.UTF_8));
        return loaded.ok() ? GameplanValidator.validate(loaded.json(), TODAY, "America/New_York") : loaded.rejection();
    }

    @Test
    void theDesignExamplePlanIsValidAndCarriesItsValues() {
        GameplanCheck c = check(VALID);
        assertThat(c.valid()).isTrue();
        assertThat(c.date()).isEqualTo("2026-02-10");
        assertThat(c.strategy()).isEqualTo("A");
        assertThat(c.symbols()).containsExactly("SPY", "BRK.B");
        assertThat(c.maxDailyLossPct()).isEqualTo(0.10);
        assertThat(c.maxSinglePosition()).isEqualTo(120);
    }

    @Test
    void limitsAtTheEdgesOfTheirRangesAreAccepted() {
        assertThat(check(VALID.replace("0.10", "0.5").replace("120", "1000000")).valid())
                .isTrue();
        assertThat(check(VALID.replace("0.10", "0.0001").replace("120", "1")).valid())
                .isTrue();
        assertThat(check(VALID.replace("\"A\"", "\"C\"")).strategy()).isEqualTo("C");
    }

    static Stream<Arguments> defects() {
        return Stream.of(
                Arguments.of(VALID.replace("\"date\":\"2026-02-10\",", ""), "date", "missing"),
                Arguments.of(VALID.replace("\"2026-02-10\"", "20260210"), "date", "expected a string"),
                Arguments.of(VALID.replace("2026-02-10", "10/02/2026"), "date", "not a date"),
                Arguments.of(VALID.replace("2026-02-10", "2026-02-09"), "date", "2026-02-09 is not today (2026-02-10"),
                Arguments.of(VALID.replace("2026-02-10", "2026-02-11"), "date", "is not today"),
                Arguments.of(VALID.replace("\"strategy\":\"A\",", ""), "strategy", "missing"),
                Arguments.of(VALID.replace("\"A\"", "\"D\""), "strategy", "'D' unknown: expected A, B or C"),
                Arguments.of(VALID.replace("\"A\"", "\"a\""), "strategy", "unknown"),
                Arguments.of(VALID.replace("\"A\"", "1"), "strategy", "unknown"),
                Arguments.of(VALID.replace("\"symbols\":[\"SPY\",\"BRK.B\"],", ""), "symbols", "missing"),
                Arguments.of(VALID.replace("[\"SPY\",\"BRK.B\"]", "\"SPY\""), "symbols", "expected a list"),
                Arguments.of(VALID.replace("[\"SPY\",\"BRK.B\"]", "[]"), "symbols", "empty"),
                Arguments.of(VALID.replace("\"BRK.B\"", "42"), "symbols[1]", "expected a ticker string"),
                Arguments.of(VALID.replace("\"BRK.B\"", "\"spy; DROP\""), "symbols[1]", "is not a ticker"),
                Arguments.of(VALID.replace("\"BRK.B\"", "\"\""), "symbols[1]", "is not a ticker"),
                Arguments.of(VALID.replace("\"BRK.B\"", "\"SPY\""), "symbols[1]", "listed twice"),
                Arguments.of(
                        VALID.replace(
                                ",\n \"hard_limits\":{\"max_daily_loss_pct\":0.10,\"max_single_position\":120}", ""),
                        "hard_limits",
                        "missing"),
                Arguments.of(
                        VALID.replace("\"max_daily_loss_pct\":0.10,", ""), "hard_limits.max_daily_loss_pct", "missing"),
                Arguments.of(VALID.replace("0.10", "\"10%\""), "hard_limits.max_daily_loss_pct", "expected a number"),
                Arguments.of(VALID.replace("0.10", "0"), "hard_limits.max_daily_loss_pct", "out of range (0, 0.5]"),
                Arguments.of(VALID.replace("0.10", "-0.1"), "hard_limits.max_daily_loss_pct", "out of range"),
                Arguments.of(VALID.replace("0.10", "10"), "hard_limits.max_daily_loss_pct", "out of range"),
                Arguments.of(
                        VALID.replace(",\"max_single_position\":120", ""),
                        "hard_limits.max_single_position",
                        "missing"),
                Arguments.of(VALID.replace("120", "12.5"), "hard_limits.max_single_position", "expected an integer"),
                Arguments.of(VALID.replace("120", "0"), "hard_limits.max_single_position", "out of range [1, 1000000]"),
                Arguments.of(VALID.replace("120", "1000001"), "hard_limits.max_single_position", "out of range"),
                Arguments.of(VALID.replace("120", "true"), "hard_limits.max_single_position", "expected an integer"),
                Arguments.of(VALID.replace("{\"date\"", "{\"notes\":\"x\",\"date\""), "notes", "unknown field"),
                Arguments.of(
                        VALID.replace("\"max_single_position\"", "\"max_leverage\":2,\"max_single_position\""),
                        "hard_limits.max_leverage",
                        "unknown field"));
    }

    @ParameterizedTest
    @MethodSource("defects")
    void everyDefectNamesTheFieldAndTheReason(String json, String field, String reason) { // EC-12
        GameplanCheck c = check(json);
        assertThat(c.valid()).isFalse();
        assertThat(c.field()).isEqualTo(field);
        assertThat(c.reason()).contains(reason);
        assertThat(c.rejection()).startsWith(field + ": ");
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("   ", "empty"),
                Arguments.of("{\"date\":", "malformed JSON at line 1"),
                Arguments.of("{\"date\":\"2026-02-10\"} trailing", "malformed JSON"),
                Arguments.of("[1,2,3]", "expected a JSON object, found array"),
                Arguments.of("\"just text\"", "expected a JSON object"),
                Arguments.of("{\"date\":\"2026-02-10\",\"date\":\"2026-02-11\"}", "malformed JSON"),
                Arguments.of("// comment\n" + VALID, "malformed JSON"));
    }

    @ParameterizedTest
    @MethodSource("unreadable")
    void unreadableContentIsRejectedAsTheFile(String content, String reason) {
        GameplanCheck c = check(content);
        assertThat(c.valid()).isFalse();
        assertThat(c.field()).isEqualTo("file");
        assertThat(c.reason()).contains(reason);
    }
}
