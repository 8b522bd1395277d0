# ./portal start: the portal on its embedded defaults (app on :3000, backend on :7007).
# Every server runs in its own session; Ctrl-C (or TERM) stops them all.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"

LOGS="$TOOLING/logs"
mkdir -p "$TOOLING/data/sqlite" "$TOOLING/data/techdocs" "$LOGS"
APP_URL="http://localhost:3000"
BACKEND_URL="http://localhost:7007"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in 3000 7007 4599; do
  port_open "$port" && die "port $port is already in use: stop whatever holds it (another ./portal start?) and retry"
done

pgids=()
stopping=0
stop_all() {
  # The terminal's pipe may be gone (Ctrl-C also ends a `| tee`): never let a write stop us
  # before every process group has been signalled.
  trap '' PIPE INT TERM
  [ "$stopping" = 1 ] && return
  stopping=1
  local pg
  for pg in "${pgids[@]}"; do kill -TERM -- "-$pg" 2>/dev/null || true; done
  for _ in 1 2 3 4 5; do
    local alive=0
    for pg in "${pgids[@]}"; do kill -0 -- "-$pg" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for pg in "${pgids[@]}"; do kill -KILL -- "-$pg" 2>/dev/null || true; done
  log "stopped" 2>/dev/null || true
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# Runs a server in a session of its own (setsid), so one signal to its group ends its children;
# its output goes to the terminal with a prefix and to .tooling/logs/<name>.log.
spawn() {
  local name="$1"
  shift
  : >"$LOGS/$name.log"
  setsid "$@" > >(tee -a "$LOGS/$name.log" | sed -u "s/^/[$name] /") 2>&1 &
  pgids+=("$!")
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

cd "$ROOT"
log "starting the portal; logs in .tooling/logs. Open $APP_URL once it says ready"
# The local AWS endpoint first: the compliance dashboard reads the demo platform from it.
# It churns: 0.5 % of the PBC resources change a Config result every minute, pushed as events.
spawn aws-local yarn workspace @pbc-portal/aws-local start --port 4599 --churn-percent 0.5 --churn-interval-seconds 60
until curl -fsS http://127.0.0.1:4599/health >/dev/null 2>&1; do
  sleep 0.5
  group_alive "${pgids[0]}" || die "the local AWS endpoint did not start (see the [aws-local] lines above)"
done
spawn backend yarn workspace backend start
spawn app yarn workspace app start

start=$SECONDS
until curl -fsS "$BACKEND_URL/.backstage/health/v1/readiness" >/dev/null 2>&1 &&
  curl -fsS "$APP_URL" >/dev/null 2>&1; do
  sleep 1
  # The backend's watcher outlives a crashed backend, so read its log for a failed start-up.
  if grep -qE 'cannot start with this configuration|Backend failed to start|startup failed|ConfigSchemaError' "$LOGS/backend.log"; then
    die "the backend failed to start (see the [backend] lines above or .tooling/logs/backend.log)"
  fi
  for pg in "${pgids[@]}"; do
    group_alive "$pg" || die "a server exited during start-up (see the log above)"
  done
  [ $((SECONDS - start)) -gt 600 ] && die "the portal was not ready after 10 minutes"
done
log "ready after $((SECONDS - start)) s: $APP_URL (sign in as guest). Ctrl-C stops everything."
wait
