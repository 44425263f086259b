package dev.safestart.tws;

import dev.safestart.tws.AccountReport.Execution;
import dev.safestart.tws.AccountReport.ExecutionEnd;
import dev.safestart.tws.AccountReport.OpenOrder;
import dev.safestart.tws.AccountReport.OpenOrderEnd;
import dev.safestart.tws.AccountReport.OrderStatus;
import dev.safestart.tws.AccountReport.Position;
import dev.safestart.tws.AccountReport.PositionEnd;
import java.util.Optional;

/**
 * The account messages the gateway sends (position, openOrder, orderStatus, execDetails and their ends) in the
 * classic text protocol, server versions {@link #MIN_VERSION}..200: encoded by the simulator, decoded by the
 * client. Field order follows IB's official clients; fields Safestart does not model are written with their
 * defaults and skipped when read. The openOrder decoder stops after the order's status: everything after it is
 * of no use to Safestart, and the frame boundary makes skipping it safe.
 */
public final class AccountReports {
    /** Below this, openOrder and execDetails carry a message version of their own; Safestart does not read those. */
    public static final int MIN_VERSION = 145;

    static final int FA_PROFILE_DESUPPORT = 177;
    static final int FULL_ORDER_PREVIEW_FIELDS = 195;
    static final int DURATION = 158;
    static final int POST_TO_ATS = 160;
    static final int AUTO_CANCEL_PARENT = 162;
    static final int PEGBEST_PEGMID_OFFSETS = 170;
    static final int CUSTOMER_ACCOUNT = 183;
    static final int PROFESSIONAL_CUSTOMER = 184;
    static final int BOND_ACCRUED_INTEREST = 185;
    static final int INCLUDE_OVERNIGHT = 189;
    static final int CME_TAGGING_FIELDS_IN_OPEN_ORDER = 193;
    static final int PENDING_PRICE_REVISION = 178;
    static final int SUBMITTER = 198;
    static final int IMBALANCE_ONLY = 199;

    private AccountReports() {}

    /** True for the message ids this class decodes. */
    public static boolean handles(int messageId) {
        return switch (messageId) {
            case MessageIds.POSITION,
                    MessageIds.POSITION_END,
                    MessageIds.OPEN_ORDER,
                    MessageIds.ORDER_STATUS,
                    MessageIds.OPEN_ORDER_END,
                    MessageIds.EXEC_DETAILS,
                    MessageIds.EXEC_DETAILS_END -> true;
            default -> false;
        };
    }

    // ---------------------------------------------------------------- decoding (client side)

    /**
     * Decodes one account message, or empty when the id is not one of them.
     *
     * @throws TwsProtocolException a field is missing or does not parse, or the server version is below
     *                              {@link #MIN_VERSION}
     */
    public static Optional<AccountReport> decode(Message message, int serverVersion) throws TwsProtocolException {
        int id = message.intField(0);
        if (!handles(id)) {
            return Optional.empty();
        }
        if (serverVersion < MIN_VERSION || serverVersion >= MessageIds.MIN_VERSION_PROTOBUF) {
            throw new TwsProtocolException(
                    "account message " + id + " at server version " + serverVersion + ": Safestart reads them at "
                            + MIN_VERSION + ".." + (MessageIds.MIN_VERSION_PROTOBUF - 1) + " only");
        }
        FieldCursor in = new FieldCursor(message, 1);
        return Optional.of(
                switch (id) {
                    case MessageIds.POSITION -> position(in);
                    case MessageIds.POSITION_END -> new PositionEnd();
                    case MessageIds.OPEN_ORDER -> openOrder(in, serverVersion);
                    case MessageIds.ORDER_STATUS -> orderStatus(in);
                    case MessageIds.OPEN_ORDER_END -> new OpenOrderEnd();
                    case MessageIds.EXEC_DETAILS -> execution(in);
                    case MessageIds.EXEC_DETAILS_END -> {
                        in.skip(1); // version
                        yield new ExecutionEnd(in.intValue());
                    }
                    default -> throw new IllegalStateException("unreachable: " + id);
                });
    }

    private static Position position(FieldCursor in) throws TwsProtocolException {
        int version = in.intValue();
        String account = in.text();
        Contract contract = Contract.read(in, false, version >= 2);
        var quantity = in.decimal();
        if (quantity == null) {
            throw new TwsProtocolException("position for " + contract.symbol() + " has no quantity");
        }
        double avgCost = version >= 3 ? in.doubleValue() : 0.0;
        return new Position(account, contract, quantity, avgCost);
    }

    private static OrderStatus orderStatus(FieldCursor in) throws TwsProtocolException {
        return new OrderStatus(
                in.longValue(),
                in.text(),
                in.decimal(),
                in.decimal(),
                in.doubleValue(),
                in.longValue(),
                in.longValue(),
                in.doubleValue(),
                in.intValue(),
                in.text(),
                in.remaining() > 0 ? in.doubleValue() : 0.0);
    }

    private static OpenOrder openOrder(FieldCursor in, int serverVersion) throws TwsProtocolException {
        long orderId = in.longValue();
        Contract contract = Contract.read(in, false, true);
        String action = in.text();
        var totalQuantity = in.decimal();
        String orderType = in.text();
        Double lmtPrice = in.optionalDouble();
        Double auxPrice = in.optionalDouble();
        String tif = in.text();
        in.skip(1); // ocaGroup
        String account = in.text();
        in.skip(2); // openClose, origin
        String orderRef = in.text();
        int clientId = in.intValue();
        long permId = in.longValue();
        // outsideRth, hidden, discretionaryAmt, goodAfterTime, sharesAllocation, faGroup, faMethod, faPercentage
        in.skip(8 + (serverVersion < FA_PROFILE_DESUPPORT ? 1 : 0));
        // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation,
        // exemptCode, auctionStrategy, startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper,
        // displaySize, blockOrder, sweepToFill, allOrNone, minQty, ocaType, eTradeOnly, firmQuoteOnly, nbboPriceCap
        in.skip(23);
        long parentId = in.longValue();
        in.skip(3); // triggerMethod, volatility, volatilityType
        String deltaNeutralOrderType = in.text();
        in.skip(1); // deltaNeutralAuxPrice
        if (!deltaNeutralOrderType.isEmpty()) {
            in.skip(8); // its conId, settling firm, clearing account/intent, open/close, short sale, slot, location
        }
        in.skip(2); // continuousUpdate, referencePriceType
        in.skip(4); // trailStopPrice, trailingPercent, basisPoints, basisPointsType
        in.skip(1); // comboLegsDescrip
        in.skip(8 * in.count(8)); // combo legs
        in.skip(in.count(1)); // order combo legs
        in.skip(2 * in.count(2)); // smart combo routing params
        in.skip(2); // scaleInitLevelSize, scaleSubsLevelSize
        Double scalePriceIncrement = in.optionalDouble();
        if (scalePriceIncrement != null && scalePriceIncrement > 0) {
            in.skip(7);
        }
        if (!in.text().isEmpty()) { // hedgeType
            in.skip(1); // hedgeParam
        }
        in.skip(4); // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
        if (in.bool()) { // delta-neutral contract
            in.skip(3);
        }
        if (!in.text().isEmpty()) { // algoStrategy
            in.skip(2 * in.count(2));
        }
        in.skip(2); // solicited, whatIf
        String status = in.text();
        return new OpenOrder(
                orderId,
                contract,
                action,
                totalQuantity,
                orderType,
                lmtPrice,
                auxPrice,
                tif,
                account,
                orderRef,
                clientId,
                permId,
                parentId,
                status);
    }

    private static Execution execution(FieldCursor in) throws TwsProtocolException {
        int reqId = in.intValue();
        long orderId = in.longValue();
        Contract contract = Contract.read(in, false, true);
        String execId = in.text(), time = in.text(), account = in.text(), exchange = in.text(), side = in.text();
        var shares = in.decimal();
        double price = in.doubleValue();
        long permId = in.longValue();
        int clientId = in.intValue();
        int liquidation = in.intValue();
        var cumQty = in.decimal();
        double avgPrice = in.doubleValue();
        String orderRef = in.text();
        if (shares == null) {
            throw new TwsProtocolException("execution " + execId + " has no shares");
        }
        return new Execution(
                reqId,
                orderId,
                contract,
                execId,
                time,
                account,
                exchange,
                side,
                shares,
                price,
                permId,
                clientId,
                liquidation,
                cumQty,
                avgPrice,
                orderRef);
    }

    // ---------------------------------------------------------------- encoding (simulator side)

    private static void requireVersion(int serverVersion) {
        if (serverVersion < MIN_VERSION || serverVersion >= MessageIds.MIN_VERSION_PROTOBUF) {
            throw new IllegalArgumentException("server version " + serverVersion + " outside " + MIN_VERSION + ".."
                    + (MessageIds.MIN_VERSION_PROTOBUF - 1));
        }
    }

    public static byte[] encode(Position p, int serverVersion) {
        requireVersion(serverVersion);
        FieldWriter out = new FieldWriter(MessageIds.POSITION).integer(3).text(p.account());
        return p.contract()
                .write(out, false)
                .decimal(p.quantity())
                .dbl(p.avgCost())
                .frame();
    }

    public static byte[] encodePositionEnd() {
        return new FieldWriter(MessageIds.POSITION_END).integer(1).frame();
    }

    public static byte[] encodeOpenOrderEnd() {
        return new FieldWriter(MessageIds.OPEN_ORDER_END).integer(1).frame();
    }

    public static byte[] encodeExecutionEnd(int reqId) {
        return new FieldWriter(MessageIds.EXEC_DETAILS_END)
                .integer(1)
                .integer(reqId)
                .frame();
    }

    public static byte[] encode(OrderStatus s, int serverVersion) {
        requireVersion(serverVersion);
        return new FieldWriter(MessageIds.ORDER_STATUS)
                .integer(s.orderId())
                .text(s.status())
                .decimal(s.filled())
                .decimal(s.remaining())
                .dbl(s.avgFillPrice())
                .integer(s.permId())
                .integer(s.parentId())
                .dbl(s.lastFillPrice())
                .integer(s.clientId())
                .text(s.whyHeld())
                .dbl(s.mktCapPrice())
                .frame();
    }

    public static byte[] encode(Execution e, int serverVersion) {
        requireVersion(serverVersion);
        FieldWriter out =
                new FieldWriter(MessageIds.EXEC_DETAILS).integer(e.reqId()).integer(e.orderId());
        e.contract()
                .write(out, false)
                .text(e.execId())
                .text(e.time())
                .text(e.account())
                .text(e.exchange())
                .text(e.side())
                .decimal(e.shares())
                .dbl(e.price())
                .integer(e.permId())
                .integer(e.clientId())
                .integer(e.liquidation())
                .decimal(e.cumQty())
                .dbl(e.avgPrice())
                .text(e.orderRef())
                .text("")
                .text("") // evRule, evMultiplier
                .text("") // modelCode
                .integer(0); // lastLiquidity
        if (serverVersion >= PENDING_PRICE_REVISION) {
            out.bool(false);
        }
        if (serverVersion >= SUBMITTER) {
            out.text("");
        }
        return out.frame();
    }

    public static byte[] encode(OpenOrder o, int serverVersion) {
        requireVersion(serverVersion);
        FieldWriter out = new FieldWriter(MessageIds.OPEN_ORDER).integer(o.orderId());
        o.contract().write(out, false);
        out.text(o.action())
                .decimal(o.totalQuantity())
                .text(o.orderType())
                .optionalDouble(o.lmtPrice())
                .optionalDouble(o.auxPrice())
                .text(o.tif())
                .text("") // ocaGroup
                .text(o.account())
                .text("")
                .integer(0) // openClose, origin
                .text(o.orderRef())
                .integer(o.clientId())
                .integer(o.permId())
                .bool(false)
                .bool(false)
                .dbl(0) // outsideRth, hidden, discretionaryAmt
                .text("")
                .text("") // goodAfterTime, sharesAllocation
                .text("")
                .text("")
                .text(""); // faGroup, faMethod, faPercentage
        if (serverVersion < FA_PROFILE_DESUPPORT) {
            out.text(""); // faProfile
        }
        out.text("")
                .text("")
                .text("") // modelCode, goodTillDate, rule80A
                .empty(1)
                .text("") // percentOffset, settlingFirm
                .integer(0)
                .text("")
                .integer(-1) // shortSaleSlot, designatedLocation, exemptCode
                .integer(0) // auctionStrategy
                .empty(5) // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
                .empty(1) // displaySize
                .bool(false)
                .bool(false)
                .bool(false) // blockOrder, sweepToFill, allOrNone
                .empty(1)
                .integer(0) // minQty, ocaType
                .bool(false)
                .bool(false)
                .empty(1) // eTradeOnly, firmQuoteOnly, nbboPriceCap
                .integer(o.parentId())
                .integer(0) // parentId, triggerMethod
                .empty(1)
                .integer(0)
                .text("")
                .empty(1) // volatility, volatilityType, deltaNeutralOrderType, its aux price
                .bool(false)
                .integer(0) // continuousUpdate, referencePriceType
                .empty(4) // trailStopPrice, trailingPercent, basisPoints, basisPointsType
                .text("")
                .integer(0)
                .integer(0) // comboLegsDescrip, combo legs, order combo legs
                .integer(0) // smart combo routing params
                .empty(3) // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
                .text("") // hedgeType
                .bool(false)
                .text("")
                .text("")
                .bool(false) // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
                .bool(false) // delta-neutral contract
                .text("") // algoStrategy
                .bool(false)
                .bool(false) // solicited, whatIf
                .text(o.status())
                .empty(6) // margin before / change
                .empty(3) // margin after
                .empty(3)
                .text(""); // commission and fees, min, max, currency
        if (serverVersion >= FULL_ORDER_PREVIEW_FIELDS) {
            out.text("")
                    .empty(9)
                    .empty(1)
                    .text("")
                    .integer(0); // margin currency, outside-RTH margins, suggested size, reject reason, allocations
        }
        out.text("") // warningText
                .bool(false)
                .bool(false) // randomizeSize, randomizePrice
                .integer(0) // conditions
                .text("")
                .empty(6)
                .integer(0) // adjusted order type, trigger, trail stop, offset, stop, stop limit, trailing amount; unit
                .text("")
                .text("")
                .text("") // soft dollar tier
                .empty(1) // cashQty
                .bool(false)
                .bool(false)
                .bool(false)
                .bool(false); // dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
        if (serverVersion >= DURATION) {
            out.empty(1);
        }
        if (serverVersion >= POST_TO_ATS) {
            out.empty(1);
        }
        if (serverVersion >= AUTO_CANCEL_PARENT) {
            out.bool(false);
        }
        if (serverVersion >= PEGBEST_PEGMID_OFFSETS) {
            out.empty(5);
        }
        if (serverVersion >= CUSTOMER_ACCOUNT) {
            out.text("");
        }
        if (serverVersion >= PROFESSIONAL_CUSTOMER) {
            out.bool(false);
        }
        if (serverVersion >= BOND_ACCRUED_INTEREST) {
            out.text("");
        }
        if (serverVersion >= INCLUDE_OVERNIGHT) {
            out.bool(false);
        }
        if (serverVersion >= CME_TAGGING_FIELDS_IN_OPEN_ORDER) {
            out.text("").empty(1); // extOperator, manualOrderIndicator
        }
        if (serverVersion >= SUBMITTER) {
            out.text("");
        }
        if (serverVersion >= IMBALANCE_ONLY) {
            out.bool(false);
        }
        return out.frame();
    }
}
