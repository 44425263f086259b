package dev.safestart.workflows.startup;

import java.util.List;
import java.util.Optional;

/**
 * Paper or live, decided by the accounts the gateway reports (the port alone cannot tell: a paper port can be
 * forwarded to a gateway logged in to a live account). Paper account ids start with {@code D} (DU…, DF…); live
 * ones do not (U…, F…, I…). Pure: the startup workflow and the trading engine call the same rule.
 */
public final class AccountPolicy {
    private AccountPolicy() {}

    public enum AccountType {
        PAPER,
        LIVE
    }

    public static AccountType typeOf(String account) {
        return account != null && account.startsWith("D") ? AccountType.PAPER : AccountType.LIVE;
    }

    /** PAPER when every account is paper, LIVE when every one is live, empty when mixed or none. */
    public static Optional<AccountType> typeOf(List<String> accounts) {
        if (accounts == null || accounts.isEmpty()) {
            return Optional.empty();
        }
        boolean anyPaper = accounts.stream().anyMatch(a -> typeOf(a) == AccountType.PAPER);
        boolean anyLive = accounts.stream().anyMatch(a -> typeOf(a) == AccountType.LIVE);
        return anyPaper && anyLive ? Optional.empty() : Optional.of(anyPaper ? AccountType.PAPER : AccountType.LIVE);
    }

    /**
     * Why the accounts do not fit the trading mode, or empty when they do. {@code paper}: every account must be
     * paper. {@code live} with live allowed: every account must be live. Any other mode is refused elsewhere.
     */
    public static Optional<String> problem(List<String> accounts, String tradingMode, boolean allowLive) {
        if (accounts == null || accounts.isEmpty()) {
            return Optional.of("the gateway reported no managed accounts");
        }
        if ("paper".equals(tradingMode)) {
            List<String> live =
                    accounts.stream().filter(a -> typeOf(a) == AccountType.LIVE).toList();
            if (!live.isEmpty()) {
                return Optional.of("TRADING_MODE=paper but the gateway is logged in to live account(s) "
                        + String.join(", ", live) + " (paper account ids start with D: DU…, DF…)");
            }
            return Optional.empty();
        }
        if ("live".equals(tradingMode) && allowLive) {
            List<String> paper = accounts.stream()
                    .filter(a -> typeOf(a) == AccountType.PAPER)
                    .toList();
            if (!paper.isEmpty()) {
                return Optional.of("TRADING_MODE=live but the gateway is logged in to paper account(s) "
                        + String.join(", ", paper));
            }
            return Optional.empty();
        }
        return Optional.of(
                "TRADING_MODE=" + tradingMode + (allowLive ? "" : " without ALLOW_LIVE=true") + " accepts no account");
    }
}
