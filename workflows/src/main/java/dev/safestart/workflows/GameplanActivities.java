package dev.safestart.workflows;

import dev.safestart.workflows.model.GameplanCheck;
import dev.safestart.workflows.model.GameplanRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reads and validates the day's gameplan. Every defect is a {@code valid=false} result naming the field. */
@ActivityInterface
public interface GameplanActivities {

    @ActivityMethod(name = "loadGameplan")
    GameplanCheck loadGameplan(GameplanRequest request);
}
