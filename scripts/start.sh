# ./portal start: the portal on its embedded defaults (app on :3000, backend on :7007).
# Runs every server in its own process group and stops them all on Ctrl-C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"

mkdir -p "$TOOLING/data/sqlite" "$TOOLING/data/techdocs" "$TOOLING/logs"
APP_URL="http://localhost:3000"
BACKEND_URL="http://localhost:7007"

for port in 3000 7007; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use: stop whatever holds it (another ./portal start?) and retry"
  fi
done

pgids=()
stop_all() {
  trap - INT TERM EXIT
  log "stopping"
  for pg in "${pgids[@]}"; do kill -TERM -- "-$pg" 2>/dev/null || true; done
  sleep 2
  for pg in "${pgids[@]}"; do kill -KILL -- "-$pg" 2>/dev/null || true; done
}
trap stop_all INT TERM EXIT

# Each server gets its own session (setsid), so one signal to its group ends all its children.
spawn() {
  local name="$1"
  shift
  setsid "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
  pgids+=("$!")
}

cd "$ROOT"
log "starting the portal (logs below); open $APP_URL once it says ready"
spawn portal yarn start

start=$SECONDS
until curl -fsS "$BACKEND_URL/.backstage/health/v1/readiness" >/dev/null 2>&1 &&
  curl -fsS "$APP_URL" >/dev/null 2>&1; do
  sleep 1
  if ! kill -0 "${pgids[0]}" 2>/dev/null; then die "the portal exited during start-up (see the log above)"; fi
  if [ $((SECONDS - start)) -gt 600 ]; then die "the portal was not ready after 10 minutes"; fi
done
log "ready after $((SECONDS - start)) s: $APP_URL (sign in as guest). Ctrl-C stops everything."
wait "${pgids[0]}"
