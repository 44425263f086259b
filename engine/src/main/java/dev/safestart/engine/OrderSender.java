package dev.safestart.engine;

/**
 * Hands an order to the broker. Package-private on purpose: only {@link OrderGate} holds one, so no code path
 * can reach a sender without passing the gate (enforced by OrderPathArchitectureTest).
 */
interface OrderSender {
    OrderResult send(OrderRequest request, long sessionEpoch);

    /** DRY_RUN=true: the order is logged and never leaves the process. */
    static OrderSender dryRun(String botId) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OrderSender.class);
        return (request, epoch) -> {
            log.info("DRY_RUN order (not sent) bot={} epoch={} {} {} {} {}{}", botId, epoch, request.side(),
                    request.quantity(), request.symbol(), request.type(),
                    request.type() == OrderRequest.OrderType.LIMIT ? " @" + request.limitPrice() : "");
            return new OrderResult(OrderResult.Status.SENT_DRY_RUN, request, epoch, "DRY_RUN: logged, not sent");
        };
    }

    /** DRY_RUN=false: refuse clearly rather than send anything this build cannot encode. */
    static OrderSender liveNotImplemented() {
        return (request, epoch) -> new OrderResult(OrderResult.Status.REFUSED_LIVE_NOT_IMPLEMENTED, request, epoch,
                "live order submission not implemented in this build (set DRY_RUN=true)");
    }
}
