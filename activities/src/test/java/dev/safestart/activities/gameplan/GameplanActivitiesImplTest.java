package dev.safestart.activities.gameplan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GameplanRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** loadGameplan over real files. */
class GameplanActivitiesImplTest {
    private static final String PLAN = """
            {"date":"2026-02-10","strategy":"B","symbols":["SPY"],
             "hard_limits":{"max_daily_loss_pct":0.10,"max_single_position":120}}""";

    @TempDir
    Path dir;

    private GameplanCheck load(Path path, String today) {
        return new GameplanActivitiesImpl()
                .loadGameplan(new GameplanRequest("bot1", path.toString(), today, "America/New_York"));
    }

    @Test
    void aValidFileForTodayIsValid() throws Exception {
        Path file = Files.writeString(dir.resolve("gameplan.json"), PLAN);
        GameplanCheck c = load(file, "2026-02-10");
        assertThat(c.valid()).isTrue();
        assertThat(c.strategy()).isEqualTo("B");
    }

    @Test
    void theSameFileOnAnotherDayIsStale() throws Exception {
        Path file = Files.writeString(dir.resolve("gameplan.json"), PLAN);
        assertThat(load(file, "2026-02-11").rejection()).startsWith("date: 2026-02-10 is not today (2026-02-11");
    }

    @Test
    void aMissingFileIsNamed() { // EC-11
        GameplanCheck c = load(dir.resolve("nope.json"), "2026-02-10");
        assertThat(c.rejection()).isEqualTo("file: missing: " + dir.resolve("nope.json") + " does not exist");
    }

    @Test
    void aDirectoryIsNotAGameplan() {
        assertThat(load(dir, "2026-02-10").reason()).contains("is not a regular file");
    }

    @Test
    void aFileOverOneMebibyteIsRefusedWithoutParsing() throws Exception {
        Path file = dir.resolve("huge.json");
        Files.write(file, new byte[GameplanLoader.MAX_BYTES + 1]);
        assertThat(load(file, "2026-02-10").reason()).contains("larger than the 1 MiB limit");
        Path exact = dir.resolve("exact.json");
        byte[] padded = (PLAN + " ".repeat(GameplanLoader.MAX_BYTES - PLAN.length())).getBytes();
        Files.write(exact, padded);
        assertThat(load(exact, "2026-02-10").valid()).isTrue();
    }

    @Test
    void aBadTodayFromTheCallerIsARejectionNotACrash() throws Exception {
        Path file = Files.writeString(dir.resolve("gameplan.json"), PLAN);
        assertThat(load(file, "yesterday").field()).isEqualTo("date");
    }
}
