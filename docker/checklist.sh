#!/usr/bin/env bash
# The operators' migration checklist, run for real on the images of build-local-images.sh with the
# `sim` profile and a simulator that replays a login (port closed, then API silent, then ready).
# Each numbered check prints PASS or stops the script with FAIL (exit 1); point 12 says NOT RUN while
# the compose file has no separate monitor service. Cleans up its containers, network, volumes and the
# Discord stand-in at the end, also on failure. Needs root (nsenter, and point 7 kills the worker's JVM),
# DOCKER_HOST (a running engine), compose, python3, curl and, for point 11, chromium.
#
# One stack serves every point: one `up -d`, then the points that only look (2, 3, 4, 9, 10, secrets),
# then the ones that disturb it in order of growing damage (8, 12, 7, 11 on 7's startup, 5, 6). Point 12
# comes before 7: its kill also makes the monitor report the worker down and back, and a second change of
# the same kind within 10 minutes is folded into the monitor's flap digest, by design.
#
# Alerts go to a Discord stand-in on loopback, as the worker's webhook rules allow plain http only there:
# the worker containers share the network namespace of a holder container (`alert-loopback`, on the
# compose network, so they reach Temporal and the gateway as before), and a recorder listens on that
# namespace's 127.0.0.1. It answers like Discord (`?wait=true` → the message) and records every post.
#
#   CHECKLIST_ARTIFACTS  directory for the UI screenshot and the recorded alerts (default: a temp dir, kept)
#   CHECKLIST_PROJECT    compose project name (default safestart-checklist)
set -euo pipefail
# (With pipefail, never `producer | grep -q`: grep's early exit fails the producer with SIGPIPE.)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
project=${CHECKLIST_PROJECT:-safestart-checklist}
bot=checklist-bot
monitor_interval=5
if docker compose version >/dev/null 2>&1; then dc=(docker compose); else dc=(docker-compose); fi
# vfs storage copies an image for every container it creates: slower than compose's 60 s default.
export COMPOSE_HTTP_TIMEOUT=${COMPOSE_HTTP_TIMEOUT:-300}
work=$(mktemp -d)
artifacts=${CHECKLIST_ARTIFACTS:-$(mktemp -d /tmp/safestart-checklist-artifacts.XXXXXX)}
mkdir -p "$artifacts"
image=$("$here/build-local-images.sh" --list | grep '/safestart:')

# Today's gameplan (in the market's time zone): a stale one would rightly give Strategy C.
mkdir "$work/gameplan"
sed "s/\"date\":\"[0-9-]*\"/\"date\":\"$(TZ=America/New_York date +%F)\"/" "$here/gameplan/gameplan.example.json" > "$work/gameplan/today.json"
cp "$work/gameplan/today.json" "$work/gameplan/gameplan.json"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# The secrets as an operator makes them, plus the stand-in's webhook (plain http on loopback).
"$here/init-secrets.sh" "$work/secrets" >/dev/null
discord_port=$(free_port)
webhook_token="checklist-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "http://127.0.0.1:$discord_port/api/webhooks/424242/$webhook_token" > "$work/secrets/discord-webhook"
cat > "$work/.env" <<ENV
COMPOSE_PROJECT_NAME=$project
BOT_ID=$bot
TEMPORAL_PORT=$(free_port)
TEMPORAL_UI_PORT=$(free_port)
SIM_HOST_PORT=$(free_port)
SIM_CONTROL_HOST_PORT=$(free_port)
GATEWAY_RETRY_INTERVAL=1
MONITOR_INTERVAL=$monitor_interval
AUTO_RESUME=true
MAX_DISCONNECTS=20
SIM_CONTROL_TOKEN_FILE=$work/secrets/sim-control-token
POSTGRES_PASSWORD_FILE=$work/secrets/postgres-password
TWS_PASSWORD_FILE=$work/secrets/tws-password
DISCORD_WEBHOOK_URL_FILE=$work/secrets/discord-webhook
GAMEPLAN_DIR=$work/gameplan
GAMEPLAN_NAME=gameplan.json
ENV
# The simulator replays a login (port closed 3 s, API not ready 5 s, then ready); the worker shares the
# stand-in holder's network namespace.
cat > "$work/checklist.yml" <<YML
services:
  gateway-sim:
    command: ["sim", "--bind", "0.0.0.0", "--port", "4002", "--accounts", "DU1234567", "--control-port", "4102", "--scenario", "classic", "--json"]
  alert-loopback:
    profiles: ["sim"]
    image: $image
    entrypoint: ["sleep", "infinity"]
    healthcheck:
      disable: true
    stop_signal: SIGKILL
    restart: unless-stopped
  worker-sim:
    network_mode: "service:alert-loopback"
YML
# The separate monitor (point 12) posts its alerts to the same stand-in.
if grep -q '^  monitor-sim:' "$here/docker-compose.yml"; then
  printf '  monitor-sim:\n    network_mode: "service:alert-loopback"\n' >> "$work/checklist.yml"
fi
cat > "$work/discord.py" <<'PY'
# Discord stand-in: answers a webhook POST like Discord (?wait=true: the created message) and appends
# {"t": epoch seconds, "payload": body} to the record file, one JSON line each.
import http.server, json, sys, time, threading
port, record = int(sys.argv[1]), sys.argv[2]
lock, count = threading.Lock(), [0]
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Discord: OkHttp reuses its pooled connections
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not self.path.startswith("/api/webhooks/"):
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        with lock:
            count[0] += 1
            n = count[0]
            with open(record, "a") as f:
                f.write(json.dumps({"t": time.time(), "payload": json.loads(body or b"null")}) + "\n")
        answer = json.dumps({"id": str(1000000 + n), "channel_id": "1", "type": 0}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
PY
: > "$work/alerts.jsonl"

compose() { "${dc[@]}" -p "$project" --env-file "$work/.env" -f "$here/docker-compose.yml" -f "$here/compose.local.yml" -f "$work/checklist.yml" --profile sim "$@"; }
recorder_stop() {
  if [ -f "$work/recorder.pid" ]; then kill "$(cat "$work/recorder.pid")" 2>/dev/null || true; rm -f "$work/recorder.pid"; fi
}
cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then compose ps >&2 || true; compose logs --no-color --tail 25 >&2 || true; fi
  recorder_stop
  cp "$work/alerts.jsonl" "$artifacts/alerts.jsonl" 2>/dev/null || true
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
pass() { echo "checklist $1: PASS - $2"; }
fail() { echo "checklist $1: FAIL - $2" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2])-float(sys.argv[1]):.1f}')" "$1" "$2"; }
container() { compose ps -q "$1"; }

# (Re)starts the recorder inside the holder's network namespace (a new one after each restart of it).
recorder_start() {
  recorder_stop
  local pid
  pid=$(docker inspect -f '{{.State.Pid}}' "$(container alert-loopback)")
  nsenter --net="/proc/$pid/ns/net" python3 "$work/discord.py" "$discord_port" "$work/alerts.jsonl" &
  echo $! > "$work/recorder.pid"
  for _ in $(seq 50); do
    nsenter --net="/proc/$pid/ns/net" python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
      "$discord_port" 2>/dev/null && return 0
    sleep 0.2
  done
  fail alerts "the Discord stand-in did not listen on the worker's loopback"
}
# alerts [since-epoch] [filter]: the recorded alerts as "epoch|severity|title|workflow|alert id" lines.
alerts() {
  python3 - "$work/alerts.jsonl" "${1:-0}" <<'PY'
import json, sys
since = float(sys.argv[2])
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["t"] < since:
        continue
    e = (r["payload"] or {}).get("embeds", [{}])[0]
    fields = {f["name"]: f["value"] for f in e.get("fields", [])}
    title = e.get("title", "")
    severity, _, text = title.partition(" · ")
    print(f'{r["t"]:.1f}|{severity}|{text}|{fields.get("Workflow", "")}|{e.get("footer", {}).get("text", "")}')
PY
}
await_alert() { # seconds since-epoch pattern -> prints the first matching line
  local deadline=$(( $(date +%s) + $1 )) line
  while :; do
    line=$(alerts "$2" | grep -E "$3" | head -1 || true)
    [ -z "$line" ] || { echo "$line"; return 0; }
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# Every service that keeps running is healthy (or has no health check and runs); one-shot jobs exited 0.
all_healthy() {
  local id state
  for id in $(compose ps -q); do
    state=$(docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")
    case "$state" in
      *" running "*" healthy"|*" running "*" none") ;;
      *temporal-schema[-_]*" exited 0 "*|*temporal-setup[-_]*" exited 0 "*) ;;
      *) return 1 ;;
    esac
  done
}
wait_healthy() { # seconds
  local deadline=$(( $(date +%s) + $1 ))
  until all_healthy; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 2
  done
}
# `safestart start` in the worker's container, which attaches to a startup in progress. Its one 5 s connect
# can miss on a loaded machine (a cold JVM in a container just restarted): that alone is tried again.
validated() {
  local try
  for try in 1 2 3; do
    compose exec -T worker-sim safestart start "$bot" --timeout 5m >"$work/start.out" 2>&1 && return 0
    grep 'cannot reach Temporal' "$work/start.out" >/dev/null || return 1
    sleep 3
  done
  return 1
}
tw() { compose exec -T temporal temporal --address 127.0.0.1:7233 "$@"; }
monitor_status() { # the monitor's status as JSON (empty when it does not answer)
  compose exec -T worker-sim safestart status "$bot" --json 2>/dev/null \
    | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin).get("monitor") or {}))' 2>/dev/null || echo '{}'
}
strategy() { monitor_status | python3 -c 'import json,sys; print(json.load(sys.stdin).get("strategy_active") or "")'; }
await_strategy() { # seconds strategy
  local deadline=$(( $(date +%s) + $1 ))
  until [ "$(strategy)" = "$2" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 1
  done
}
control() { # METHOD path: the simulator's control API through its published loopback port
  curl -sf -X "$1" -H "Authorization: Bearer $(cat "$work/secrets/sim-control-token")" \
    "http://127.0.0.1:$(sed -n 's/^SIM_CONTROL_HOST_PORT=//p' "$work/.env")$2" >/dev/null
}

# 0. build-local-images.sh built every image the stack names (the gateway's own image aside).
missing=""
names=$(compose config | awk '/^services:/ {in_s=1; next} /^[^ ]/ {in_s=0}
  in_s && /^  [^ ]/ {svc=$1} in_s && /^    image: / && svc != "ib-gateway:" {print $2}' | sort -u)
built=$("$here/build-local-images.sh" --list)
for name in $names; do
  docker image inspect "$name" >/dev/null 2>&1 || missing="$missing $name"
  grep -qxF "$name" <<<"$built" || missing="$missing $name(not built by build-local-images.sh)"
done
[ -n "$names" ] && [ -z "$missing" ] || fail 0 "images the stack names but the engine lacks:$missing"
pass 0 "the engine holds every image the stack names: $(echo $names)"

# 1. One `up -d` starts everything.
t_up=$(now)
compose up -d >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; fail 1 "docker compose up -d failed"; }
recorder_start
pass 1 "one 'up -d' started $(compose ps -q | wc -l) containers"

# 3. Every service reports healthy.
wait_healthy 600 || fail 3 "not every service healthy within 600 s"
t_healthy=$(now)
pass 3 "every service healthy $(elapsed "$t_up" "$t_healthy") s after up -d"

# 2. The worker started only after the API-level gateway check passed, not when the port opened: the
# simulator's replayed login opens the port 3 s after its start and answers the API 8 s after it.
sim=$(container gateway-sim); worker=$(container worker-sim)
epoch() { date -d "$1" +%s.%N; }
sim_started=$(epoch "$(docker inspect -f '{{.State.StartedAt}}' "$sim")")
worker_started=$(epoch "$(docker inspect -f '{{.State.StartedAt}}' "$worker")")
docker logs "$sim" 2>&1 | grep 'API_NOT_READY' >/dev/null || fail 2 "the simulator did not replay API_NOT_READY"
after=$(elapsed "$sim_started" "$worker_started")
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 8 else 1)" "$after" \
  || fail 2 "worker started ${after} s after the simulator, before its API was ready (8 s)"
pass 2 "worker started ${after} s after the simulator (port open at 3 s, API ready at 8 s)"

# 4. The bot reaches VALIDATED.
validated || { cat "$work/start.out" >&2; fail 4 "safestart start $bot did not end VALIDATED"; }
t_validated=$(now)
pass 4 "startup-$bot VALIDATED $(elapsed "$t_up" "$t_validated") s after up -d"
first_run=$(tw workflow describe --workflow-id "startup-$bot" -o json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["workflowExecutionInfo"]["execution"]["runId"])')
await_alert 60 "$t_up" "\|INFO\|.*\|startup-$bot\|" >/dev/null \
  || fail 4 "no INFO alert for the validated startup reached the Discord stand-in"
pass 4 "the INFO alert of the validated startup reached the Discord stand-in on the worker's loopback"

# The README's "start a bot from the host": the same command, on this stack's published Temporal port.
temporal_port=$(sed -n 's/^TEMPORAL_PORT=//p' "$work/.env")
# (bin/safestart builds the checkout's CLI first when it is missing or stale.)
TEMPORAL_ADDRESS=127.0.0.1:$temporal_port TASK_QUEUE=safestart "$root/bin/safestart" start "$bot" --timeout 3m \
  >"$work/host-start.out" 2>&1 || { cat "$work/host-start.out" >&2; fail readme "the README's host start of $bot did not end VALIDATED"; }
pass readme "TEMPORAL_ADDRESS=127.0.0.1:<published port> TASK_QUEUE=safestart bin/safestart start $bot: VALIDATED"

# 9. The worker's process runs as a non-root uid.
uids=$(docker top "$worker" -eo pid,uid,comm | awk 'NR>1 && $3=="java" {print $2}' | sort -u)
[ -n "$uids" ] && ! printf '%s\n' "$uids" | grep -qx 0 || fail 9 "worker java process uid(s): '${uids:-none}'"
pass 9 "worker's java runs as uid $uids"

# 10. No published port is bound off 127.0.0.1 (read from the running containers).
bindings=$(for id in $(compose ps -q); do docker inspect -f '{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostIp}} {{end}}{{end}}' "$id"; done | tr ' ' '\n' | sed '/^$/d' | sort -u)
[ -n "$bindings" ] && [ "$bindings" = "127.0.0.1" ] || fail 10 "published host addresses: $(echo $bindings)"
pass 10 "every published port is on 127.0.0.1"
status_url="http://127.0.0.1:$(sed -n 's/^SIM_CONTROL_HOST_PORT=//p' "$work/.env")/status"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "$status_url")" = 401 ] || fail 10 "the simulator's published control API answers without its token"
[ "$(code -H "Authorization: Bearer wrong-token" "$status_url")" = 401 ] || fail 10 "the control API accepts a wrong token"
[ "$(code -H "Authorization: Bearer $(cat "$work/secrets/sim-control-token")" -H 'Sec-Fetch-Site: cross-site' "$status_url")" = 403 ] \
  || fail 10 "the control API accepts a cross-site browser request"
[ "$(code -H "Authorization: Bearer $(cat "$work/secrets/sim-control-token")" -H 'Origin: http://evil.example' "$status_url")" = 403 ] \
  || fail 10 "the control API accepts a request from a foreign Origin"
[ "$(code -H "Authorization: Bearer $(cat "$work/secrets/sim-control-token")" "$status_url")" = 200 ] || fail 10 "the control API refuses its token"
pass 10 "the published control API needs its token and refuses cross-site and foreign-origin requests"

# Secrets are files: no secret value in any running container's environment, command or labels (what
# `docker inspect` shows), and none of the variables that would carry one is set.
secrets_seen=""
for id in $(compose ps -q); do
  docker inspect -f '{{.Name}} {{json .Config.Env}} {{json .Config.Cmd}} {{json .Config.Entrypoint}} {{json .Args}} {{json .Config.Labels}}' "$id" > "$work/inspect.txt"
  for s in "$(cat "$work/secrets/postgres-password")" "$(cat "$work/secrets/sim-control-token")" "$webhook_token"; do
    grep -qF -- "$s" "$work/inspect.txt" && secrets_seen="$secrets_seen $(cut -d' ' -f1 "$work/inspect.txt")"
  done
  grep -qE '"(POSTGRES_PASSWORD|POSTGRES_PWD|SQL_PASSWORD|DISCORD_WEBHOOK_URL|TWS_PASSWORD|SIM_CONTROL_TOKEN)=' "$work/inspect.txt" \
    && secrets_seen="$secrets_seen $(cut -d' ' -f1 "$work/inspect.txt")(variable)"
done
[ -z "$secrets_seen" ] || fail secrets "a secret is visible in docker inspect of:$secrets_seen"
compose exec -T worker-sim sh -c 'test -r /run/secrets/discord_webhook && ! test -e /run/secrets/postgres_password' \
  || fail secrets "the worker does not get exactly its own secret file"
pass secrets "no secret value or secret variable in docker inspect of $(compose ps -q | wc -l) containers; each reads its own file"

# The gameplan is mounted as a directory: a file replaced on the host (new inode) is what the worker reads.
printf '%s\n' '{"date": "replaced-by-checklist"}' > "$work/gameplan/.next" && mv "$work/gameplan/.next" "$work/gameplan/gameplan.json"
compose exec -T worker-sim cat /data/gameplan/gameplan.json | grep replaced-by-checklist >/dev/null \
  || fail gameplan "the worker still sees the old gameplan after the file was replaced"
cp "$work/gameplan/today.json" "$work/gameplan/.next" && mv "$work/gameplan/.next" "$work/gameplan/gameplan.json"
pass gameplan "a replaced gameplan file is seen in the worker's container (directory mount)"

# 8. A restart of the gateway container: Strategy C in the monitor's history, then recovery.
await_strategy 120 A || fail 8 "the bot is not on strategy A before the gateway restart: '$(strategy)'"
c_before=$(tw workflow show --workflow-id "monitor-$bot" -o json | grep -c '"MonitorEnterStrategyC"' || true)
t8=$(now)
compose restart gateway-sim >/dev/null 2>&1 || fail 8 "docker compose restart gateway-sim failed"
deadline=$(( $(date +%s) + 120 ))
until [ "$(tw workflow show --workflow-id "monitor-$bot" -o json | grep -c '"MonitorEnterStrategyC"' || true)" -gt "$c_before" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail 8 "no MonitorEnterStrategyC in monitor-$bot's history after the gateway restart"
  sleep 1
done
t8c=$(now)
await_strategy 240 A || fail 8 "no recovery to strategy A after the gateway restart (now '$(strategy)')"
pass 8 "gateway restart: Strategy C in monitor-$bot's history after $(elapsed "$t8" "$t8c") s, strategy A again after $(elapsed "$t8" "$(now)") s"

# 12. The monitor's queue is served by its own container: stopping the trading worker raises "bot worker
# down" (CRITICAL) within 2 x MONITOR_INTERVAL while the monitor keeps running; it clears when it is back.
if [ -z "$(compose config --services | grep -x monitor-sim || true)" ]; then
  echo "checklist 12: NOT RUN - the compose file has no separate monitor service (monitor-sim)"
else
monitor=$(container monitor-sim)
worker=$(container worker-sim)
t12=$(now)
compose stop worker-sim >/dev/null 2>&1 || fail 12 "docker compose stop worker-sim failed"
# Counted from `docker stop` (SIGTERM): a draining worker ends its engine watch at once; its process
# itself may end later.
t12s=$(epoch "$(docker inspect -f '{{.State.FinishedAt}}' "$worker")")
down=$(await_alert $((monitor_interval * 6)) "$t12" "\|CRITICAL\|Bot worker down\|") || fail 12 "no 'Bot worker down' alert"
took=$(elapsed "$t12" "${down%%|*}")
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 2 * float(sys.argv[2]) else 1)" "$took" "$monitor_interval" \
  || fail 12 "'Bot worker down' came $took s after docker stop (more than 2 x MONITOR_INTERVAL = $((2 * monitor_interval)) s)"
[ "$(docker inspect -f '{{.State.Running}}' "$monitor")" = true ] || fail 12 "the monitor container is not running"
compose start worker-sim >/dev/null 2>&1 || fail 12 "docker compose start worker-sim failed"
await_alert 180 "$t12" "\|Bot worker back\|" >/dev/null || fail 12 "no 'Bot worker back' alert after the worker returned"
pass 12 "'Bot worker down' (CRITICAL) $took s after docker stop of the worker (limit $((2 * monitor_interval)) s; its process ended after $(elapsed "$t12" "$t12s") s), monitor kept running; 'Bot worker back' when it returned"
fi

# 7. The worker killed in the middle of a startup: its restart policy brings it back, the startup ends
# VALIDATED, and each alert is posted once (the ledger on the state volume). The JVM (the container's
# main process) gets SIGKILL from the host, as a crash or the kernel's OOM killer would: Docker takes
# `docker kill` itself for an operator's stop and does not apply the restart policy after it (Exit 137,
# left stopped).
control POST /mode/PORT_CLOSED || fail 7 "the simulator's control API refused PORT_CLOSED"
t7=$(now)
compose exec -T worker-sim safestart start "$bot" --no-wait >"$work/start7.out" 2>&1 || { cat "$work/start7.out" >&2; fail 7 "safestart start --no-wait failed"; }
await_alert 120 "$t7" "\|WARNING\|.*\|startup-$bot\|" >/dev/null || fail 7 "no WARNING alert (attempt 3) while the port stayed closed"
restarts=$(docker inspect -f '{{.RestartCount}}' "$worker")
kill -KILL "$(docker inspect -f '{{.State.Pid}}' "$worker")" || fail 7 "could not kill the worker's JVM"
deadline=$(( $(date +%s) + 120 ))
until [ "$(docker inspect -f '{{.RestartCount}} {{.State.Running}}' "$worker")" = "$((restarts + 1)) true" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail 7 "the restart policy did not bring the killed worker back"
  sleep 1
done
control POST /mode/READY || fail 7 "the simulator's control API refused READY"
validated || { cat "$work/start.out" >&2; fail 7 "the startup in progress did not end VALIDATED after the kill"; }
await_alert 60 "$t7" "\|INFO\|.*\|startup-$bot\|" >/dev/null || fail 7 "no INFO alert for the validated startup"
sleep 5 # a duplicate would come from a retried activity right after the restart: give it the chance
dups=$(alerts 0 | awk -F'|' '$5 != "" {print $5}' | sort | uniq -d)
[ -z "$dups" ] || fail 7 "alerts posted more than once: $dups"
warnings=$(alerts "$t7" | grep -c "|WARNING|.*|startup-$bot|" || true)
infos=$(alerts "$t7" | grep -c "|INFO|.*|startup-$bot|" || true)
[ "$warnings" = 1 ] && [ "$infos" = 1 ] || fail 7 "startup alerts since the kill: $warnings WARNING, $infos INFO (expected 1 each)"
pass 7 "worker's JVM killed (SIGKILL) mid-startup, restarted by its policy, startup VALIDATED; $(alerts 0 | wc -l) alerts recorded, none twice"
run7=$(tw workflow describe --workflow-id "startup-$bot" -o json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["workflowExecutionInfo"]["execution"]["runId"])')

# 11. The Web UI shows the startup's attempts (point 7's, several), in headless Chromium (screenshot kept).
ui="http://127.0.0.1:$(sed -n 's/^TEMPORAL_UI_PORT=//p' "$work/.env")/namespaces/default/workflows/startup-$bot/$run7/history"
command -v chromium >/dev/null 2>&1 || fail 11 "chromium not found (bin/setup.d/22-chromium.sh)"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars
  --user-data-dir="$work/chromium" --window-size=1400,1800 --virtual-time-budget=20000)
ok=""
for _ in 1 2 3; do
  timeout 120 "${chrome[@]}" --dump-dom "$ui" > "$work/ui.html" 2>/dev/null || true
  if [ "$(grep -o "probePort" "$work/ui.html" | wc -l)" -ge 2 ] && grep -q "$run7" "$work/ui.html"; then ok=1; break; fi
  sleep 3
done
[ -n "$ok" ] || fail 11 "the UI page of startup-$bot (run $run7) shows fewer than 2 probePort attempts ($ui)"
timeout 120 "${chrome[@]}" --screenshot="$artifacts/ui-startup-attempts.png" "$ui" >/dev/null 2>&1 || true
[ -s "$artifacts/ui-startup-attempts.png" ] || fail 11 "no screenshot written"
cp "$work/ui.html" "$artifacts/ui-startup-attempts.html"
pass 11 "the UI shows startup-$bot with its $(grep -o 'probePort' "$work/ui.html" | wc -l) probePort mentions; screenshot $artifacts/ui-startup-attempts.png"

# 5. `docker compose restart` comes back healthy and validated.
compose restart >/dev/null 2>&1 || fail 5 "docker compose restart failed"
recorder_start
wait_healthy 600 || fail 5 "not healthy again after restart"
validated || { cat "$work/start.out" >&2; fail 5 "not VALIDATED after restart"; }
pass 5 "healthy and VALIDATED after docker compose restart"

# 6. After `down` and `up`, the earlier startup is still listed: PostgreSQL kept it.
compose down >/dev/null 2>&1 || fail 6 "docker compose down failed"
compose up -d >/dev/null 2>&1 || fail 6 "docker compose up -d (again) failed"
wait_healthy 600 || fail 6 "not healthy after down and up"
tw workflow list --query "WorkflowId='startup-$bot'" -o json > "$work/list.json" || fail 6 "temporal workflow list failed"
grep -q "$first_run" "$work/list.json" || fail 6 "run $first_run of startup-$bot not in temporal workflow list after down/up"
tw workflow list --query "BotId='$bot'" -o json | grep "$first_run" >/dev/null \
  || fail 6 "SQL visibility does not find run $first_run by the BotId search attribute"
pass 6 "run $first_run still listed after down/up (also by the BotId search attribute)"

echo "checklist: up -d -> healthy $(elapsed "$t_up" "$t_healthy") s, up -d -> VALIDATED $(elapsed "$t_up" "$t_validated") s; artifacts in $artifacts"
