#!/usr/bin/env node
// Connects @stoqey/ib — a TWS API client nobody on this project wrote — to a gateway (the Safestart
// simulator in tests) and reports what it saw as JSON lines on stdout.
//
//   node probe.js --host 127.0.0.1 --port 4002 --client-id 1 [--mode connect|watch] [--timeout-ms 10000]
//
// connect: wait for managed accounts and a next valid id, request the current time, print ONE line
//          {"event":"result","ok":true,...} and exit 0 (exit 1 with ok:false on timeout or disconnect).
// watch:   print {"event":"ready",...} once ready (if ever), then one line per error/info/disconnect the
//          client reports, and a final {"event":"end",...} when disconnected or after the timeout.
//          The caller drives the gateway (client id in use, drop, 1100) and reads what the client reports.
"use strict";

const { IBApi, EventName } = require("@stoqey/ib");
const clientVersion = require("@stoqey/ib/package.json").version;

function parseArgs(argv) {
  const opts = { host: "127.0.0.1", port: 4002, clientId: 1, mode: "connect", timeoutMs: 10000 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (value === undefined) fail(`missing value for ${key}`);
    switch (key) {
      case "--host": opts.host = value; break;
      case "--port": opts.port = int(key, value); break;
      case "--client-id": opts.clientId = int(key, value); break;
      case "--mode":
        if (!["connect", "watch"].includes(value)) fail(`--mode must be connect or watch, got ${value}`);
        opts.mode = value; break;
      case "--timeout-ms": opts.timeoutMs = int(key, value); break;
      default: fail(`unknown option ${key}`);
    }
  }
  return opts;
}

function int(key, value) {
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || String(n) !== value) fail(`${key} must be an integer, got ${value}`);
  return n;
}

function fail(message) {
  process.stderr.write(`probe.js: ${message}\n`);
  process.exit(2);
}

// Nothing is printed after the final line: the caller reads up to it.
let closedOutput = false;
function emit(obj) {
  if (closedOutput) return;
  process.stdout.write(JSON.stringify(obj) + "\n");
}

const opts = parseArgs(process.argv.slice(2));
const started = Date.now();
const state = {
  client: "@stoqey/ib",
  clientVersion,
  host: opts.host,
  port: opts.port,
  clientId: opts.clientId,
  serverVersion: null,
  connectionTime: null,
  accounts: null,
  nextValidId: null,
  currentTime: null,
  errors: [],
  disconnected: false,
};
const ib = new IBApi({ host: opts.host, port: opts.port });
let finished = false;
let ready = false;

function elapsed() {
  return Date.now() - started;
}

function finish(ok, reason) {
  if (finished) return;
  finished = true;
  const line = { event: opts.mode === "connect" ? "result" : "end", ok, reason, elapsedMs: elapsed(), ...state };
  emit(line);
  closedOutput = true;
  if (!state.disconnected) {
    try { ib.disconnect(); } catch (_) { /* already gone */ }
  }
  // Let stdout drain, then leave even if a socket lingers.
  setTimeout(() => process.exit(ok ? 0 : 1), 50);
}

ib.on(EventName.server, (version, connectionTime) => {
  state.serverVersion = version;
  state.connectionTime = connectionTime;
});
ib.on(EventName.managedAccounts, (accounts) => {
  state.accounts = accounts.split(",").filter((a) => a.length > 0);
  checkReady();
});
ib.on(EventName.nextValidId, (id) => {
  state.nextValidId = id;
  checkReady();
});
ib.on(EventName.currentTime, (time) => {
  state.currentTime = time;
  if (opts.mode === "connect") finish(true, "currentTime received");
});
// @stoqey/ib reports errors with reqId -1 (326, 1100, farm notices) as "info", the rest as "error".
ib.on(EventName.error, (err, code, reqId) => {
  const e = { kind: "error", code, reqId, message: err && err.message ? err.message : String(err), atMs: elapsed() };
  state.errors.push(e);
  if (opts.mode === "watch") emit({ event: "error", ...e });
});
ib.on(EventName.info, (message, code) => {
  const e = { kind: "info", code, reqId: -1, message, atMs: elapsed() };
  state.errors.push(e);
  if (opts.mode === "watch") emit({ event: "info", ...e });
});
ib.on(EventName.disconnected, () => {
  state.disconnected = true;
  if (opts.mode === "watch") {
    emit({ event: "disconnected", atMs: elapsed(), wasReady: ready });
    finish(true, "disconnected");
  } else {
    finish(false, ready ? "disconnected after ready" : "disconnected before ready");
  }
});

function checkReady() {
  if (ready || state.accounts === null || state.accounts.length === 0 || state.nextValidId === null) return;
  ready = true;
  if (opts.mode === "watch") {
    emit({ event: "ready", atMs: elapsed(), serverVersion: state.serverVersion, accounts: state.accounts,
      nextValidId: state.nextValidId, clientVersion });
  } else {
    ib.reqCurrentTime();
  }
}

setTimeout(() => finish(opts.mode === "watch", "timeout after " + opts.timeoutMs + " ms"), opts.timeoutMs);
ib.connect(opts.clientId);
