#!/usr/bin/env bash
# The operators' migration checklist, run for real on the images of build-local-images.sh with the
# `sim` profile and a simulator that replays a login (port closed, then API silent, then ready).
# Each numbered check prints PASS or stops the script with FAIL (exit 1). Cleans up its containers,
# network and volumes at the end, also on failure. Needs DOCKER_HOST (a running engine) and compose.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project=${CHECKLIST_PROJECT:-safestart-checklist}
bot=checklist-bot
if docker compose version >/dev/null 2>&1; then dc=(docker compose); else dc=(docker-compose); fi
# vfs storage copies an image for every container it creates: slower than compose's 60 s default.
export COMPOSE_HTTP_TIMEOUT=${COMPOSE_HTTP_TIMEOUT:-300}
work=$(mktemp -d)
# Today's gameplan (in the market's time zone): a stale one would rightly give Strategy C.
mkdir "$work/gameplan"
sed "s/\"date\":\"[0-9-]*\"/\"date\":\"$(TZ=America/New_York date +%F)\"/" "$here/gameplan/gameplan.example.json" > "$work/gameplan/today.json"
cp "$work/gameplan/today.json" "$work/gameplan/gameplan.json"
head -c 24 /dev/urandom | base64 > "$work/sim-control-token"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cat > "$work/.env" <<ENV
COMPOSE_PROJECT_NAME=$project
BOT_ID=$bot
TEMPORAL_PORT=$(free_port)
TEMPORAL_UI_PORT=$(free_port)
SIM_HOST_PORT=$(free_port)
SIM_CONTROL_HOST_PORT=$(free_port)
GATEWAY_RETRY_INTERVAL=1
MONITOR_INTERVAL=5
SIM_CONTROL_TOKEN_FILE=$work/sim-control-token
GAMEPLAN_DIR=$work/gameplan
GAMEPLAN_NAME=gameplan.json
ENV
# The simulator replays a login: port closed 3 s, API not ready 5 s, then ready.
cat > "$work/checklist.yml" <<'YML'
services:
  gateway-sim:
    command: ["sim", "--bind", "0.0.0.0", "--port", "4002", "--accounts", "DU1234567", "--control-port", "4102", "--scenario", "classic", "--json"]
YML
compose() { "${dc[@]}" -p "$project" --env-file "$work/.env" -f "$here/docker-compose.yml" -f "$here/compose.local.yml" -f "$work/checklist.yml" --profile sim "$@"; }
cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then compose ps >&2 || true; compose logs --tail 40 >&2 || true; fi
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
container() { compose ps -q "$1"; }
validated() { compose exec -T worker-sim safestart start "$bot" --timeout 5m >"$work/start.out" 2>&1; }
tw() { compose exec -T temporal temporal --address 127.0.0.1:7233 "$@"; }

# 1. One `up -d` starts everything.
t_up=$(now)
compose up -d >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; fail 1 "docker compose up -d failed"; }
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
docker logs "$sim" 2>&1 | grep -q 'API_NOT_READY' || fail 2 "the simulator did not replay API_NOT_READY"
after=$(elapsed "$sim_started" "$worker_started")
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 8 else 1)" "$after" \
  || fail 2 "worker started ${after} s after the simulator, before its API was ready (8 s)"
pass 2 "worker started ${after} s after the simulator (port open at 3 s, API ready at 8 s)"

# 4. The bot reaches VALIDATED.
validated || { cat "$work/start.out" >&2; fail 4 "safestart start $bot did not end VALIDATED"; }
t_validated=$(now)
pass 4 "startup-$bot VALIDATED $(elapsed "$t_up" "$t_validated") s after up -d"
first_run=$(tw workflow describe --workflow-id "startup-$bot" -o json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["workflowExecutionInfo"]["execution"]["runId"])')

# 9. The worker's process runs as a non-root uid.
uids=$(docker top "$worker" -eo pid,uid,comm | awk 'NR>1 && $3=="java" {print $2}' | sort -u)
[ -n "$uids" ] && ! printf '%s\n' "$uids" | grep -qx 0 || fail 9 "worker java process uid(s): '${uids:-none}'"
pass 9 "worker's java runs as uid $uids"

# 10. No published port is bound off 127.0.0.1 (read from the running containers).
bindings=$(for id in $(compose ps -q); do docker inspect -f '{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostIp}} {{end}}{{end}}' "$id"; done | tr ' ' '\n' | sed '/^$/d' | sort -u)
[ -n "$bindings" ] && [ "$bindings" = "127.0.0.1" ] || fail 10 "published host addresses: $(echo $bindings)"
pass 10 "every published port is on 127.0.0.1"
control="http://127.0.0.1:$(sed -n 's/^SIM_CONTROL_HOST_PORT=//p' "$work/.env")/status"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "$control")" = 401 ] || fail 10 "the simulator's published control API answers without its token"
[ "$(code -H "Authorization: Bearer $(cat "$work/sim-control-token")" -H 'Sec-Fetch-Site: cross-site' "$control")" = 403 ] \
  || fail 10 "the control API accepts a cross-site browser request"
[ "$(code -H "Authorization: Bearer $(cat "$work/sim-control-token")" "$control")" = 200 ] || fail 10 "the control API refuses its token"
pass 10 "the published control API needs its token and refuses cross-site requests"

# The gameplan is mounted as a directory: a file replaced on the host (new inode) is what the worker reads.
printf '%s\n' '{"date": "replaced-by-checklist"}' > "$work/gameplan/.next" && mv "$work/gameplan/.next" "$work/gameplan/gameplan.json"
compose exec -T worker-sim cat /data/gameplan/gameplan.json | grep -q replaced-by-checklist \
  || fail 3g "the worker still sees the old gameplan after the file was replaced"
cp "$work/gameplan/today.json" "$work/gameplan/.next" && mv "$work/gameplan/.next" "$work/gameplan/gameplan.json"
pass 3g "a replaced gameplan file is seen in the worker's container (directory mount)"

# 5. `docker compose restart` comes back healthy and validated.
compose restart >/dev/null 2>&1 || fail 5 "docker compose restart failed"
wait_healthy 600 || fail 5 "not healthy again after restart"
validated || { cat "$work/start.out" >&2; fail 5 "not VALIDATED after restart"; }
pass 5 "healthy and VALIDATED after docker compose restart"

# 6. After `down` and `up`, the earlier startup is still listed: PostgreSQL kept it.
compose down >/dev/null 2>&1 || fail 6 "docker compose down failed"
compose up -d >/dev/null 2>&1 || fail 6 "docker compose up -d (again) failed"
wait_healthy 600 || fail 6 "not healthy after down and up"
tw workflow list --query "WorkflowId='startup-$bot'" -o json > "$work/list.json" || fail 6 "temporal workflow list failed"
grep -q "$first_run" "$work/list.json" || fail 6 "run $first_run of startup-$bot not in temporal workflow list after down/up"
tw workflow list --query "BotId='$bot'" -o json | grep -q "$first_run" \
  || fail 6 "SQL visibility does not find run $first_run by the BotId search attribute"
pass 6 "run $first_run still listed after down/up (also by the BotId search attribute)"

echo "checklist: up -d -> healthy $(elapsed "$t_up" "$t_healthy") s, up -d -> VALIDATED $(elapsed "$t_up" "$t_validated") s"
