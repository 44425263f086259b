package dev.safestart.workflows.monitor;

/**
 * The owner's answer to a {@link ValidationReport}.
 *
 * @param decision       ARMED (the owner armed the plan), SAFE_C (validated, no strategy to arm: the plan says C or
 *                       was rejected), HELD (a hold exists: nothing armed), REFUSED (e.g. two live engines)
 * @param strategyActive the strategy active after the decision ("C" unless ARMED)
 * @param reason         one line for the operator, e.g. {@code held: OPERATOR (FOMC)}
 */
public record OwnerDecision(Decision decision, String strategyActive, String reason) {

    public enum Decision {
        ARMED,
        SAFE_C,
        HELD,
        REFUSED
    }

    public OwnerDecision {
        strategyActive = strategyActive == null ? "C" : strategyActive;
        reason = reason == null ? "" : reason;
    }

    public boolean armed() {
        return decision == Decision.ARMED;
    }
}
