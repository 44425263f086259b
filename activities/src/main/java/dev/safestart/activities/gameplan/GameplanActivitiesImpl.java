package dev.safestart.activities.gameplan;

import dev.safestart.workflows.GameplanActivities;
import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GameplanRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** loadGameplan: read (≤ 1 MiB), parse (Jackson), validate against the date the workflow says is today. */
public final class GameplanActivitiesImpl implements GameplanActivities {
    private static final Logger log = LoggerFactory.getLogger(GameplanActivitiesImpl.class);

    @Override
    public GameplanCheck loadGameplan(GameplanRequest request) {
        LocalDate today;
        try {
            today = LocalDate.parse(request.today());
        } catch (DateTimeParseException | NullPointerException e) {
            return GameplanCheck.rejected("date", "no valid 'today' given by the workflow");
        }
        GameplanLoader.Loaded loaded = GameplanLoader.load(request.path());
        GameplanCheck check = loaded.ok()
                ? GameplanValidator.validate(loaded.json(), today, request.marketZone())
                : loaded.rejection();
        if (check.valid()) {
            log.info(
                    "bot {} gameplan {} valid: {} strategy {} on {}",
                    request.botId(),
                    request.path(),
                    check.date(),
                    check.strategy(),
                    check.symbols());
        } else {
            log.warn("bot {} gameplan {} rejected: {}", request.botId(), request.path(), check.rejection());
        }
        return check;
    }
}
