package dev.safestart.tws;

import java.math.BigDecimal;

/**
 * The account and order requests Safestart sends (reqPositions, reqOpenOrders, reqAllOpenOrders, reqExecutions,
 * cancelOrder, reqGlobalCancel, placeOrder for market and limit orders) in the classic text protocol, server
 * versions {@link AccountReports#MIN_VERSION}..200: encoded by the client byte for byte as IB's official clients
 * encode them, decoded by the simulator.
 */
public final class AccountRequests {
    static final int MANUAL_ORDER_TIME = 169;
    static final int RFQ_FIELDS = 187;
    static final int UNDO_RFQ_FIELDS = 190;
    static final int CME_TAGGING_FIELDS = 192;
    static final int PARAMETRIZED_DAYS_OF_EXECUTIONS = 200;
    static final int ADVANCED_ORDER_REJECT = 166;

    private AccountRequests() {}

    private static void requireVersion(int serverVersion) {
        if (serverVersion < AccountReports.MIN_VERSION || serverVersion >= MessageIds.MIN_VERSION_PROTOBUF) {
            throw new IllegalArgumentException("account requests need server version " + AccountReports.MIN_VERSION
                    + ".." + (MessageIds.MIN_VERSION_PROTOBUF - 1) + ", the session negotiated " + serverVersion);
        }
    }

    public static byte[] reqPositions(int serverVersion) {
        requireVersion(serverVersion);
        return new FieldWriter(MessageIds.REQ_POSITIONS).integer(1).frame();
    }

    /** The open orders of this client (client id 0: also the orders placed in TWS). */
    public static byte[] reqOpenOrders(int serverVersion) {
        requireVersion(serverVersion);
        return new FieldWriter(MessageIds.REQ_OPEN_ORDERS).integer(1).frame();
    }

    /** The open orders of every client. */
    public static byte[] reqAllOpenOrders(int serverVersion) {
        requireVersion(serverVersion);
        return new FieldWriter(MessageIds.REQ_ALL_OPEN_ORDERS).integer(1).frame();
    }

    public static byte[] reqExecutions(int reqId, ExecutionFilter filter, int serverVersion) {
        requireVersion(serverVersion);
        FieldWriter out = new FieldWriter(MessageIds.REQ_EXECUTIONS)
                .integer(3)
                .integer(reqId)
                .integer(filter.clientId())
                .text(filter.acctCode())
                .text(filter.time())
                .text(filter.symbol())
                .text(filter.secType())
                .text(filter.exchange())
                .text(filter.side());
        if (serverVersion >= PARAMETRIZED_DAYS_OF_EXECUTIONS) {
            out.unsetInteger().integer(0); // lastNDays unset, no specific dates
        }
        return out.frame();
    }

    public static byte[] cancelOrder(long orderId, int serverVersion) {
        requireVersion(serverVersion);
        FieldWriter out = new FieldWriter(MessageIds.CANCEL_ORDER);
        if (serverVersion < CME_TAGGING_FIELDS) {
            out.integer(1);
        }
        out.integer(orderId);
        if (serverVersion >= MANUAL_ORDER_TIME) {
            out.text(""); // manualOrderCancelTime
        }
        if (serverVersion >= RFQ_FIELDS && serverVersion < UNDO_RFQ_FIELDS) {
            out.text("").text("").unsetInteger();
        }
        if (serverVersion >= CME_TAGGING_FIELDS) {
            out.text("").unsetInteger(); // extOperator, manualOrderIndicator
        }
        return out.frame();
    }

    public static byte[] reqGlobalCancel(int serverVersion) {
        requireVersion(serverVersion);
        FieldWriter out = new FieldWriter(MessageIds.REQ_GLOBAL_CANCEL);
        if (serverVersion < CME_TAGGING_FIELDS) {
            out.integer(1);
        } else {
            out.text("").unsetInteger(); // extOperator, manualOrderIndicator
        }
        return out.frame();
    }

    /** placeOrder for a market or limit order (no combo legs, algos, conditions or hedges). */
    public static byte[] placeOrder(OrderRequest o, int serverVersion) {
        requireVersion(serverVersion);
        Contract c = o.contract();
        FieldWriter out = c.write(new FieldWriter(MessageIds.PLACE_ORDER).integer(o.orderId()), true)
                .text("")
                .text("") // secIdType, secId
                .text(o.action())
                .decimal(o.totalQuantity())
                .text(o.orderType())
                .optionalDouble(o.lmtPrice())
                .empty(1) // auxPrice
                .text(o.tif())
                .text("")
                .text(o.account()) // tif, ocaGroup, account
                .text("")
                .integer(0)
                .text(o.orderRef()) // openClose, origin, orderRef
                .bool(true)
                .integer(0) // transmit, parentId
                .bool(false)
                .bool(false)
                .integer(0)
                .integer(0)
                .bool(false)
                .bool(false) // block, sweep, displaySize, triggerMethod, outsideRth, hidden
                .text("")
                .integer(0)
                .text("")
                .text("") // sharesAllocation, discretionaryAmt, goodAfterTime, goodTillDate
                .text("")
                .text("")
                .text(""); // faGroup, faMethod, faPercentage
        if (serverVersion < AccountReports.FA_PROFILE_DESUPPORT) {
            out.text(""); // faProfile
        }
        out.text("") // modelCode
                .integer(0)
                .text("")
                .integer(-1) // shortSaleSlot, designatedLocation, exemptCode
                .integer(0)
                .text("")
                .text("") // ocaType, rule80A, settlingFirm
                .bool(false)
                .empty(1)
                .empty(1) // allOrNone, minQty, percentOffset
                .bool(false)
                .bool(false)
                .empty(1) // eTradeOnly, firmQuoteOnly, nbboPriceCap (deprecated)
                .integer(0) // auctionStrategy
                .empty(5) // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
                .bool(false) // overridePercentageConstraints
                .empty(2)
                .text("")
                .empty(1) // volatility, volatilityType, deltaNeutralOrderType, its aux price
                .bool(false)
                .empty(1)
                .empty(1)
                .empty(1) // continuousUpdate, referencePriceType, trailStopPrice, trailingPercent
                .empty(3) // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
                .text("")
                .text("")
                .text("") // scaleTable, activeStartTime, activeStopTime
                .text("") // hedgeType
                .bool(false)
                .text("")
                .text("")
                .bool(false) // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
                .bool(false) // no delta-neutral contract
                .text("")
                .text("") // algoStrategy, algoId
                .bool(false)
                .text("")
                .bool(false) // whatIf, miscOptions, solicited
                .bool(false)
                .bool(false) // randomizeSize, randomizePrice
                .integer(0) // conditions
                .text("")
                .unsetDouble()
                .unsetDouble()
                .unsetDouble()
                .unsetDouble()
                .unsetDouble()
                .integer(0) // adjusted order params
                .text("") // extOperator
                .text("")
                .text("") // soft dollar tier
                .unsetDouble() // cashQty
                .text("")
                .text("")
                .text("")
                .text("") // MiFID II decision maker/algo, execution trader/algo
                .bool(false)
                .bool(false)
                .bool(false) // dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice
                .empty(1) // usePriceMgmtAlgo
                .unsetInteger() // duration
                .unsetInteger() // postToAts
                .bool(false); // autoCancelParent
        if (serverVersion >= ADVANCED_ORDER_REJECT) {
            out.text(""); // advancedErrorOverride
        }
        if (serverVersion >= MANUAL_ORDER_TIME) {
            out.text(""); // manualOrderTime
        }
        if (serverVersion >= AccountReports.CUSTOMER_ACCOUNT) {
            out.text("");
        }
        if (serverVersion >= AccountReports.PROFESSIONAL_CUSTOMER) {
            out.bool(false);
        }
        if (serverVersion >= RFQ_FIELDS && serverVersion < UNDO_RFQ_FIELDS) {
            out.text("").unsetInteger();
        }
        if (serverVersion >= AccountReports.INCLUDE_OVERNIGHT) {
            out.bool(false);
        }
        if (serverVersion >= CME_TAGGING_FIELDS) {
            out.unsetInteger(); // manualOrderIndicator
        }
        if (serverVersion >= AccountReports.IMBALANCE_ONLY) {
            out.bool(false);
        }
        return out.frame();
    }

    // ---------------------------------------------------------------- decoding (simulator side)

    /** The placeOrder fields the simulator acts on. */
    public record PlacedOrder(
            long orderId,
            Contract contract,
            String action,
            BigDecimal totalQuantity,
            String orderType,
            Double lmtPrice,
            Double auxPrice,
            String tif,
            String account,
            String orderRef,
            boolean transmit,
            long parentId) {}

    public static PlacedOrder decodePlaceOrder(Message message, int serverVersion) throws TwsProtocolException {
        FieldCursor in = new FieldCursor(message, 1);
        if (serverVersion < AccountReports.MIN_VERSION) {
            in.skip(1); // version
        }
        long orderId = in.longValue();
        Contract contract = Contract.read(in, true, true);
        in.skip(2); // secIdType, secId
        String action = in.text();
        BigDecimal quantity = in.decimal();
        String orderType = in.text();
        Double lmtPrice = in.optionalDouble();
        Double auxPrice = in.optionalDouble();
        String tif = in.text();
        in.skip(1); // ocaGroup
        String account = in.text();
        in.skip(2); // openClose, origin
        String orderRef = in.text();
        boolean transmit = in.bool();
        long parentId = in.longValue();
        if (quantity == null) {
            throw new TwsProtocolException("placeOrder " + orderId + " has no quantity");
        }
        return new PlacedOrder(
                orderId, contract, action, quantity, orderType, lmtPrice, auxPrice, tif, account, orderRef, transmit,
                parentId);
    }

    public static long decodeCancelOrder(Message message, int serverVersion) throws TwsProtocolException {
        return message.longField(serverVersion < CME_TAGGING_FIELDS ? 2 : 1);
    }

    /** reqExecutions' request id and filter. */
    public record ExecutionsRequest(int reqId, ExecutionFilter filter) {}

    public static ExecutionsRequest decodeReqExecutions(Message message) throws TwsProtocolException {
        FieldCursor in = new FieldCursor(message, 2); // after the id and the version
        int reqId = in.intValue();
        ExecutionFilter filter =
                new ExecutionFilter(in.intValue(), in.text(), in.text(), in.text(), in.text(), in.text(), in.text());
        return new ExecutionsRequest(reqId, filter);
    }
}
