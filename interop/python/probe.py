#!/usr/bin/env python3
"""Connects ib_async -- a TWS API client nobody on this project wrote -- to a gateway (the Safestart
simulator in tests) and reports what it saw as JSON lines on stdout.

    probe.py --host 127.0.0.1 --port 4002 --client-id 1 [--mode connect|watch] [--timeout 10]

connect: IB().connectAsync (which also syncs positions, orders, account updates and executions), then
         reqCurrentTime; prints ONE line {"event":"result","ok":true,...}; exit 0, or 1 with ok:false.
watch:   prints {"event":"ready",...} once connected (if ever), then one line per error or disconnect the
         client reports, and a final {"event":"end",...} when disconnected or after the timeout.
"""
import argparse
import asyncio
import json
import sys
import time

import ib_async
from ib_async import IB


_final_line_written = False


def emit(obj):
    """One JSON line; nothing after the final ("result" or "end") line, which the caller reads up to."""
    global _final_line_written
    if _final_line_written:
        return
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()
    if obj.get("event") in ("result", "end"):
        _final_line_written = True


async def main(args):
    started = time.monotonic()

    def elapsed_ms():
        return int((time.monotonic() - started) * 1000)

    ib = IB()
    state = {
        "client": "ib_async",
        "clientVersion": ib_async.__version__,
        "host": args.host,
        "port": args.port,
        "clientId": args.client_id,
        "serverVersion": None,
        "accounts": None,
        "nextValidId": None,
        "currentTime": None,
        "errors": [],
        "apiErrors": [],
        "disconnected": False,
    }
    disconnected = asyncio.Event()
    # Before it is ready, ib_async does not fire disconnectedEvent on a close: it reports
    # "Peer closed connection. clientId N already in use?" through apiError and its connect waits out the
    # timeout (the operators' "Connected -> Disconnected -> TimeoutError"). Treat that report as the disconnect.
    peer_closed = asyncio.Event()

    # ib_async keeps no next valid id of its own: listen on the wrapper callback the decoder calls.
    original_next_valid_id = ib.wrapper.nextValidId

    def next_valid_id(req_id):
        if state["nextValidId"] is None:
            state["nextValidId"] = req_id
        original_next_valid_id(req_id)

    ib.wrapper.nextValidId = next_valid_id

    def on_error(req_id, code, message, contract):
        entry = {"code": code, "reqId": req_id, "message": message, "atMs": elapsed_ms()}
        state["errors"].append(entry)
        if args.mode == "watch":
            emit({"event": "error", **entry})

    def on_api_error(message):
        state["apiErrors"].append(message)
        if args.mode == "watch":
            emit({"event": "apiError", "message": message, "atMs": elapsed_ms()})
        if message.startswith("Peer closed connection"):
            state["disconnected"] = True
            peer_closed.set()

    def on_disconnected():
        state["disconnected"] = True
        disconnected.set()

    ib.errorEvent += on_error
    ib.client.apiError += on_api_error
    ib.disconnectedEvent += on_disconnected

    try:
        connecting = asyncio.ensure_future(
            ib.connectAsync(args.host, args.port, clientId=args.client_id, timeout=args.timeout))
        closing = asyncio.ensure_future(peer_closed.wait())
        await asyncio.wait({connecting, closing}, return_when=asyncio.FIRST_COMPLETED)
        closing.cancel()
        if not connecting.done():
            connecting.cancel()
            raise ConnectionError(state["apiErrors"][-1])
        connecting.result()
    except BaseException as e:  # noqa: BLE001 -- report whatever the client raised
        state["exception"] = type(e).__name__ + (": " + str(e) if str(e) else "")
        state["serverVersion"] = ib.client.serverVersion() or state["serverVersion"]
        emit({"event": "result" if args.mode == "connect" else "end", "ok": args.mode == "watch",
              "reason": "connect failed", "elapsedMs": elapsed_ms(), **state})
        return 1 if args.mode == "connect" else 0

    state["serverVersion"] = ib.client.serverVersion()
    state["accounts"] = ib.managedAccounts()

    if args.mode == "connect":
        now = await asyncio.wait_for(ib.reqCurrentTimeAsync(), args.timeout)
        state["currentTime"] = int(now.timestamp())
        emit({"event": "result", "ok": True, "reason": "currentTime received", "elapsedMs": elapsed_ms(), **state})
        ib.disconnect()
        return 0

    emit({"event": "ready", "atMs": elapsed_ms(), "serverVersion": state["serverVersion"],
          "accounts": state["accounts"], "nextValidId": state["nextValidId"], "clientVersion": state["clientVersion"]})
    try:
        await asyncio.wait_for(disconnected.wait(), args.timeout)
        emit({"event": "disconnected", "atMs": elapsed_ms()})
        reason = "disconnected"
    except asyncio.TimeoutError:
        reason = "timeout after %s s" % args.timeout
    emit({"event": "end", "ok": True, "reason": reason, "elapsedMs": elapsed_ms(), **state})
    if ib.isConnected():
        ib.disconnect()
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4002)
    parser.add_argument("--client-id", type=int, default=1)
    parser.add_argument("--mode", choices=["connect", "watch"], default="connect")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args(sys.argv[1:]))))
