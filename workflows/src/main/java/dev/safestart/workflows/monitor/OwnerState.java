package dev.safestart.workflows.monitor;

/** The owner's explicit states: the answer to "may this bot trade now?" is yes only in {@link #ARMED}. */
public enum OwnerState {
    /** No validation of the current engine yet (monitor just started, or a new/uninitialised engine seen). */
    NOT_VALIDATED,
    /** Gateway or engine lost: Strategy C, reconnecting/re-validating with backoff. */
    RECOVERING,
    /** Validated in the current engine's epoch, a strategy armed, no hold. */
    ARMED,
    /** Validated, Strategy C because of a hold (operator, storm latch, gameplan rejected, awaiting resume). */
    HELD,
    /** Validated, Strategy C because the day's plan selects C; nothing to arm. */
    SAFE_C,
    /** Two live engines for one bot: Strategy C on both, never armed until one is gone and the operator resumes. */
    REFUSED
}
