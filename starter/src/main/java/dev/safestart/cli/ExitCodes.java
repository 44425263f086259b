package dev.safestart.cli;

/** Exit codes shared by the commands; documented in each command's --help. */
public final class ExitCodes {
    /** VALIDATED (start), check passed (preflight), command succeeded. */
    public static final int OK = 0;
    /** FAILED (start), check not passed (preflight), refused configuration. */
    public static final int FAILED = 1;
    /** STRATEGY_C: gateway authenticated but the gameplan was unusable; cash preservation. */
    public static final int STRATEGY_C = 2;
    /** Temporal unreachable, no such workflow, or another operational error. */
    public static final int ERROR = 3;
    /** Bad command-line usage. */
    public static final int USAGE = 64;

    public static final String HELP = "%nExit codes:%n"
            + "  0  success%n"
            + "  1  check failed / FAILED / configuration refused%n"
            + "  3  Temporal unreachable, workflow not found, or another error%n"
            + "  64 bad usage%n";

    private ExitCodes() {}
}
