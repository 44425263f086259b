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
            log.info(
                    "DRY_RUN order (not sent) bot={} epoch={} {} {} {} {}{}",
                    botId,
                    epoch,
                    request.side(),
                    request.quantity(),
                    request.symbol(),
                    request.type(),
                    request.type() == OrderRequest.OrderType.LIMIT ? " @" + request.limitPrice() : "");
            return new OrderResult(OrderResult.Status.SENT_DRY_RUN, request, epoch, "DRY_RUN: logged, not sent");
        };
    }

    /**
     * DRY_RUN=false on a paper port: a market or limit order (SMART, USD stock) to the session's one paper account,
     * handed to the session's writer thread without waiting, so the gate's lock is held no longer than that hand-over.
     * Refused when there is no session or its accounts are not exactly one paper account.
     */
    static OrderSender paper(String botId, java.util.function.Supplier<BrokerConnection> connection) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OrderSender.class);
        return (request, epoch) -> {
            BrokerConnection c = connection.get();
            if (c == null || !c.isOpen()) {
                return new OrderResult(OrderResult.Status.REFUSED_GATE_CLOSED, request, epoch, "no trading session");
            }
            java.util.List<String> accounts = c.accounts();
            if (!AccountGuard.allPaper(accounts) || accounts.size() != 1) {
                return new OrderResult(
                        OrderResult.Status.REFUSED_NOT_PAPER,
                        request,
                        epoch,
                        "paper orders go to exactly one paper account; the session has " + accounts);
            }
            var contract = dev.safestart.tws.Contract.stock(request.symbol(), "SMART", "USD");
            long id = c.allocateOrderId();
            var side = request.side() == OrderRequest.Side.BUY ? "BUY" : "SELL";
            var quantity = java.math.BigDecimal.valueOf(request.quantity());
            var order = (request.type() == OrderRequest.OrderType.MARKET
                            ? dev.safestart.tws.OrderRequest.market(id, contract, side, quantity, accounts.get(0))
                            : dev.safestart.tws.OrderRequest.limit(
                                    id, contract, side, quantity, request.limitPrice(), accounts.get(0)))
                    .withOrderRef("safestart:" + botId);
            c.submitOrder(order);
            log.info(
                    "paper order sent bot={} epoch={} id={} {} {} {} {} to {}",
                    botId,
                    epoch,
                    id,
                    side,
                    request.quantity(),
                    request.symbol(),
                    request.type(),
                    accounts.get(0));
            return new OrderResult(
                    OrderResult.Status.SENT_PAPER, request, epoch, "paper order " + id + " sent to " + accounts.get(0));
        };
    }

    /** DRY_RUN=false on a live port: refuse clearly; live submission stays refused in this build. */
    static OrderSender liveNotImplemented() {
        return (request, epoch) -> new OrderResult(
                OrderResult.Status.REFUSED_LIVE_NOT_IMPLEMENTED,
                request,
                epoch,
                "live order submission not implemented in this build (set DRY_RUN=true)");
    }
}
