package dev.safestart.engine;

import java.util.Optional;

/**
 * The gameplan's hard limits: a maximum daily loss (fraction of equity, e.g. 0.10) and a maximum single position
 * (shares per symbol). Without armed limits nothing passes. Guarded by the {@link OrderGate}'s lock.
 */
final class RiskManager {
    private boolean armed;
    private double maxDailyLossPct;
    private int maxSinglePosition;
    private double dailyLossPct;

    void arm(double maxDailyLossPct, int maxSinglePosition) {
        if (!(maxDailyLossPct > 0 && maxDailyLossPct <= 1)) {
            throw new IllegalArgumentException("max_daily_loss_pct " + maxDailyLossPct + " outside (0, 1]");
        }
        if (maxSinglePosition <= 0) {
            throw new IllegalArgumentException("max_single_position " + maxSinglePosition + " must be positive");
        }
        this.maxDailyLossPct = maxDailyLossPct;
        this.maxSinglePosition = maxSinglePosition;
        this.armed = true;
    }

    /** Today's realised + unrealised loss as a positive fraction of equity (0.03 = down 3 %). */
    void recordDailyLoss(double lossPct) {
        this.dailyLossPct = lossPct;
    }

    /** Empty when the order is within limits; otherwise why not. */
    Optional<String> check(OrderRequest order, PositionBook book) {
        if (!armed) {
            return Optional.of("no gameplan hard limits armed");
        }
        int before = Math.abs(book.position(order.symbol()));
        int after = Math.abs(book.exposureAfter(order));
        boolean increasesExposure = after > before;
        if (increasesExposure && dailyLossPct >= maxDailyLossPct) {
            return Optional.of(String.format(
                    "daily loss %.2f%% reached max_daily_loss_pct %.2f%%: only reducing orders pass",
                    dailyLossPct * 100, maxDailyLossPct * 100));
        }
        if (after > maxSinglePosition && increasesExposure) {
            return Optional.of("position in " + order.symbol() + " would be " + after + " > max_single_position "
                    + maxSinglePosition);
        }
        return Optional.empty();
    }
}
