package dev.safestart.engine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's own look at the accounts (defence in depth behind the startup's check): paper account ids start
 * with {@code D} (DU…, DF…). A session on a paper port must hold paper accounts only, and an order that leaves
 * the process (DRY_RUN=false) goes to paper accounts only.
 */
final class AccountGuard {
    static final Set<Integer> PAPER_PORTS = Set.of(4002, 4004, 7497);

    private AccountGuard() {}

    static boolean isPaper(String account) {
        return account != null && account.startsWith("D");
    }

    static boolean allPaper(List<String> accounts) {
        return accounts != null && !accounts.isEmpty() && accounts.stream().allMatch(AccountGuard::isPaper);
    }

    /** Why a session on {@code port} with these accounts must not be validated, or empty. */
    static Optional<String> sessionProblem(int port, List<String> accounts) {
        return sessionProblem(port, PAPER_PORTS.contains(port), accounts);
    }

    static Optional<String> sessionProblem(int port, boolean paperPort, List<String> accounts) {
        if (accounts == null || accounts.isEmpty()) {
            return Optional.of("the gateway reported no managed accounts");
        }
        if (paperPort && !allPaper(accounts)) {
            return Optional.of("paper port " + port + " but live account(s) "
                    + String.join(
                            ", ", accounts.stream().filter(a -> !isPaper(a)).toList())
                    + ": the gate stays closed");
        }
        return Optional.empty();
    }
}
