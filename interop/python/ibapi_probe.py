#!/usr/bin/env python3
"""Drives IB's official Python TWS API client (PyPI ibapi-latest) against a gateway -- in tests a recording
endpoint or the Safestart simulator -- and prints what it did or saw as ONE JSON line on stdout.

    ibapi_probe.py --port P --client-id N --mode encode --requests FILE   (send the requests listed in FILE)
    ibapi_probe.py --port P --client-id N --mode decode [--exec-client-id N] [--exec-time T]

encode: after the handshake, sends each request of FILE (a JSON list; see send_request) through the official
        client's own methods, then reqCurrentTime, and waits for the reply (so every request was written).
decode: reqPositions, reqOpenOrders, reqAllOpenOrders and reqExecutions; prints every value the official decoder
        handed to its callbacks, and for each message the fields the decoder left unread (should be none).
"""
import argparse
import json
import sys
import threading
from decimal import Decimal

from ibapi import decoder as ib_decoder
from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.execution import ExecutionFilter
from ibapi.order import Order
from ibapi.order_cancel import OrderCancel
from ibapi.wrapper import EWrapper

UNSET_DOUBLE = sys.float_info.max

leftovers = []


def count_leftovers(name, original):
    """Wraps a decoder method: after it ran, the fields it did not read are recorded (a layout mismatch)."""
    def wrapped(self, fields):
        original(self, fields)
        rest = list(fields)
        if rest:
            leftovers.append({"message": name, "unread": [f.decode("latin-1") for f in rest]})
    return wrapped


CHECKED = ("processOpenOrder", "processOrderStatusMsg", "processExecutionDataMsg", "processPositionDataMsg")
for handle in ib_decoder.Decoder.msgId2handleInfo.values():
    if handle.processMeth is not None and handle.processMeth.__name__ in CHECKED:
        handle.processMeth = count_leftovers(handle.processMeth.__name__, handle.processMeth)


def num(value):
    """JSON-friendly number: Decimal as a string, unset doubles as null."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and value == UNSET_DOUBLE:
        return None
    return value


def contract_json(c):
    return {"conId": c.conId, "symbol": c.symbol, "secType": c.secType, "exchange": c.exchange,
            "currency": c.currency, "localSymbol": c.localSymbol, "tradingClass": c.tradingClass}


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.ready = threading.Event()
        self.done = {}
        self.out = {"positions": [], "openOrders": {}, "allOpenOrders": {}, "orderStatus": [], "executions": [],
                    "errors": []}
        self.collecting = "openOrders"

    def wait(self, key, timeout):
        event = self.done.setdefault(key, threading.Event())
        if not event.wait(timeout):
            raise TimeoutError("no %s within %s s" % (key, timeout))

    def signal(self, key):
        self.done.setdefault(key, threading.Event()).set()

    def nextValidId(self, orderId):
        self.out["nextValidId"] = orderId
        self.ready.set()

    def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
        self.out["errors"].append({"reqId": reqId, "code": errorCode, "message": errorString})

    def currentTime(self, time_):
        self.signal("currentTime")

    def position(self, account, contract, position, avgCost):
        self.out["positions"].append({"account": account, "contract": contract_json(contract),
                                      "position": num(position), "avgCost": avgCost})

    def positionEnd(self):
        self.signal("positionEnd")

    def openOrder(self, orderId, contract, order, orderState):
        self.out[self.collecting][str(orderId)] = {
            "orderId": orderId, "contract": contract_json(contract), "action": order.action,
            "totalQuantity": num(order.totalQuantity), "orderType": order.orderType, "lmtPrice": num(order.lmtPrice),
            "auxPrice": num(order.auxPrice), "tif": order.tif, "account": order.account, "orderRef": order.orderRef,
            "clientId": order.clientId, "permId": order.permId, "parentId": order.parentId, "status": orderState.status}

    def orderStatus(self, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId,
                    whyHeld, mktCapPrice):
        self.out["orderStatus"].append({
            "orderId": orderId, "status": status, "filled": num(filled), "remaining": num(remaining),
            "avgFillPrice": avgFillPrice, "permId": permId, "parentId": parentId, "lastFillPrice": lastFillPrice,
            "clientId": clientId, "whyHeld": whyHeld, "mktCapPrice": mktCapPrice})

    def openOrderEnd(self):
        self.signal("openOrderEnd:" + self.collecting)

    def execDetails(self, reqId, contract, execution):
        self.out["executions"].append({
            "reqId": reqId, "orderId": execution.orderId, "contract": contract_json(contract),
            "execId": execution.execId, "time": execution.time, "account": execution.acctNumber,
            "exchange": execution.exchange, "side": execution.side, "shares": num(execution.shares),
            "price": execution.price, "permId": execution.permId, "clientId": execution.clientId,
            "liquidation": execution.liquidation, "cumQty": num(execution.cumQty), "avgPrice": execution.avgPrice,
            "orderRef": execution.orderRef})

    def execDetailsEnd(self, reqId):
        self.out["execDetailsEndReqId"] = reqId
        self.signal("execDetailsEnd")


def make_contract(spec):
    c = Contract()
    c.symbol = spec["symbol"]
    c.secType = spec.get("secType", "STK")
    c.exchange = spec.get("exchange", "SMART")
    c.currency = spec.get("currency", "USD")
    c.conId = spec.get("conId", 0)
    return c


def send_request(app, r):
    op = r["op"]
    if op == "placeOrder":
        o = Order()
        o.action = r["action"]
        o.totalQuantity = Decimal(r["totalQuantity"])
        o.orderType = r["orderType"]
        if r.get("lmtPrice") is not None:
            o.lmtPrice = float(r["lmtPrice"])
        o.tif = r.get("tif", "")
        o.account = r.get("account", "")
        o.orderRef = r.get("orderRef", "")
        app.placeOrder(r["orderId"], make_contract(r["contract"]), o)
    elif op == "cancelOrder":
        app.cancelOrder(r["orderId"], OrderCancel())
    elif op == "reqGlobalCancel":
        app.reqGlobalCancel(OrderCancel())
    elif op == "reqPositions":
        app.reqPositions()
    elif op == "reqOpenOrders":
        app.reqOpenOrders()
    elif op == "reqAllOpenOrders":
        app.reqAllOpenOrders()
    elif op == "reqExecutions":
        f = ExecutionFilter()
        f.clientId = r.get("clientId", 0)
        f.acctCode = r.get("acctCode", "")
        f.time = r.get("time", "")
        f.symbol = r.get("symbol", "")
        f.secType = r.get("secType", "")
        f.exchange = r.get("exchange", "")
        f.side = r.get("side", "")
        app.reqExecutions(r["reqId"], f)
    else:
        raise ValueError("unknown op " + op)


def main(args):
    app = App()
    app.connect(args.host, args.port, args.client_id)
    thread = threading.Thread(target=app.run, daemon=True)
    thread.start()
    result = {"event": "result", "ok": False}
    try:
        if not app.ready.wait(args.timeout):
            raise TimeoutError("no nextValidId within %s s" % args.timeout)
        result["serverVersion"] = app.serverVersion()
        if args.mode == "encode":
            with open(args.requests) as f:
                requests = json.load(f)
            for r in requests:
                send_request(app, r)
            app.reqCurrentTime()
            app.wait("currentTime", args.timeout)
            result["sent"] = len(requests)
        else:
            app.reqPositions()
            app.wait("positionEnd", args.timeout)
            app.collecting = "openOrders"
            app.reqOpenOrders()
            app.wait("openOrderEnd:openOrders", args.timeout)
            app.collecting = "allOpenOrders"
            app.reqAllOpenOrders()
            app.wait("openOrderEnd:allOpenOrders", args.timeout)
            f = ExecutionFilter()
            f.clientId = args.exec_client_id
            f.time = args.exec_time
            app.reqExecutions(args.exec_req_id, f)
            app.wait("execDetailsEnd", args.timeout)
        result.update(app.out)
        result["leftovers"] = leftovers
        result["ok"] = True
    except BaseException as e:  # noqa: BLE001 -- report whatever happened
        result.update(app.out)
        result["leftovers"] = leftovers
        result["exception"] = type(e).__name__ + ": " + str(e)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    app.disconnect()
    return 0 if result["ok"] else 1


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", type=int, default=1)
    parser.add_argument("--mode", choices=["encode", "decode"], required=True)
    parser.add_argument("--requests", help="JSON list of requests (encode mode)")
    parser.add_argument("--exec-req-id", type=int, default=9001)
    parser.add_argument("--exec-client-id", type=int, default=0)
    parser.add_argument("--exec-time", default="")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(parse_args(sys.argv[1:])))
