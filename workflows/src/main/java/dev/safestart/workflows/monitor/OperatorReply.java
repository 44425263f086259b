package dev.safestart.workflows.monitor;

import java.util.List;

/**
 * The synchronous answer to an operator Update ({@code strategy-c}, {@code resume}).
 *
 * @param confirmed      strategy-c: the engine confirmed its gate closed; resume: the strategy is armed again
 * @param state          the owner's state after the command
 * @param strategyActive the active strategy after the command
 * @param holds          the holds still in force
 * @param message        one line for the operator
 */
public record OperatorReply(
        boolean confirmed, OwnerState state, String strategyActive, List<String> holds, String message) {

    public OperatorReply {
        holds = holds == null ? List.of() : List.copyOf(holds);
        message = message == null ? "" : message;
    }
}
